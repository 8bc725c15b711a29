"""Read audit of personal data (PIPL): who read what of which unit, when, from where.

Every read that hands out personal numbers or files of people writes one ``AccessEvent``
(the access audit table, append-only) through :func:`access_read_record`; a purge writes its
counts the same way. Each event is small and written in the request's own transaction, so a
read the audit could not record fails rather than going unrecorded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import AccessEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from shebao.registry.models import Unit


class ReadAction(models.TextChoices):
    API_LOGIN = "api_login", _("接口登录")
    EXPORT = "export", _("导出查询结果")
    PERSON_PICK = "person_pick", _("选择人员")
    PDF = "pdf_download", _("下载文件")
    REVEAL = "reveal", _("显示完整号码")
    PURGE = "purge", _("清理个人数据")


def access_read_record(
    *,
    action: ReadAction,
    actor: User | AnonymousUser | None,
    unit: Unit | None,
    ip: str | None = None,
    **detail: Any,
) -> AccessEvent:
    """One audited read; ``detail`` names the object (case, person, query, file) read."""
    user = actor if isinstance(actor, get_user_model()) else None
    return AccessEvent.objects.create(
        unit=unit, action=action.value, actor=user, ip=ip or None, detail=detail
    )


def api_login_record(
    *, user: User, method: str, ip: str | None = None, unit: Unit | None = None
) -> AccessEvent:
    """An API token handed out (``method``: password / certificate). ``unit``: the certificate's
    unit, else the operator's only unit (a staff member or a multi-unit operator: none)."""
    if unit is None:
        from .acting import operator_units

        units = operator_units(user)
        unit = units[0] if len(units) == 1 else None
    return access_read_record(
        action=ReadAction.API_LOGIN, actor=user, unit=unit, ip=ip, method=method
    )
