"""Read audit of personal data (PIPL): who read what of which unit, when, from where.

Every read that hands out personal numbers or files of people writes one ``AuditEvent`` of
the access domain through :func:`access_read_record`; a purge writes its counts the same way.
Each event is small and written in the request's own transaction, so a read the audit could
not record fails rather than going unrecorded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent
from .services import audit_record
from .types import EventType

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


class ReadAction(models.TextChoices):
    API_LOGIN = "api_login", _("接口登录")
    EXPORT = "export", _("导出查询结果")
    PERSON_PICK = "person_pick", _("选择人员")
    PDF = "pdf_download", _("下载文件")
    REVEAL = "reveal", _("显示完整号码")
    PURGE = "purge", _("清理个人数据")


_EVENT_TYPES = {
    ReadAction.API_LOGIN: EventType.ACCESS_API_LOGIN,
    ReadAction.EXPORT: EventType.ACCESS_EXPORT,
    ReadAction.PERSON_PICK: EventType.ACCESS_PERSON_PICK,
    ReadAction.PDF: EventType.ACCESS_PDF,
    ReadAction.REVEAL: EventType.ACCESS_REVEAL,
    ReadAction.PURGE: EventType.ACCESS_PURGE,
}


def access_read_record(
    *,
    action: ReadAction,
    actor: User | AnonymousUser | None,
    unit: Any,
    ip: str | None = None,
    certificate: Any = None,
    **detail: Any,
) -> AuditEvent:
    """One audited read; ``detail`` names the object (case, person, query, file) read."""
    return audit_record(
        event_type=_EVENT_TYPES[action],
        actor=actor,
        acting_unit=unit,
        ip=ip,
        certificate=certificate,
        detail=detail,
    )
