"""网上业务经办资格: whether a unit may declare online, and the office's grant and revocation.

Kept small: ``cases`` asks ``online_refusal`` before a case starts or is submitted; the
application service grants; the back office revokes.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.audit.selectors import unit_access_events
from shebao.audit.services import audit_record
from shebao.audit.types import EventType
from shebao.core.errors import InvalidValue
from shebao.policy.models import Region
from shebao.registry.models import Unit

from .models import OnlineAccess

REVOKED = gettext_noop(
    "本单位的网上业务经办资格已于 %(d)s 被取消（原因：%(r)s），不能办理网上业务；请按要求更正后重新申请开通网上业务"
)
REASON_REQUIRED = gettext_noop("取消网上业务经办资格必须填写原因")
ALREADY_REVOKED = gettext_noop("该单位的网上业务经办资格已被取消")

__all__ = [
    "online_access_grant",
    "online_access_revoke",
    "online_refusal",
    "online_units",
    "OnlineAccess",
]


def online_refusal(unit: Unit) -> str | None:
    """Why the unit may not do business online now, or None."""
    access = OnlineAccess.objects.filter(unit=unit).first()
    if access is None or access.status == OnlineAccess.Status.GRANTED:
        return None
    day = timezone.localdate(access.revoked_at) if access.revoked_at else None
    return _(REVOKED) % {"d": day.isoformat() if day else "—", "r": access.revoke_reason}


def online_access_grant(*, unit: Unit, serial_no: str, actor: User | None) -> OnlineAccess:
    access, _created = OnlineAccess.objects.update_or_create(
        unit=unit,
        defaults={
            "status": OnlineAccess.Status.GRANTED,
            "granted_at": timezone.now(),
            "granted_by": serial_no,
            "revoked_at": None,
            "revoked_by": None,
            "revoke_reason": "",
        },
    )
    audit_record(
        event_type=EventType.ACCESS_GRANT,
        actor=actor,
        acting_unit=unit,
        detail={"serial_no": serial_no},
    )
    return access


@transaction.atomic
def online_access_revoke(
    *, unit: Unit, actor: User, reason: str, ip: str | None = None
) -> OnlineAccess:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidValue(_(REASON_REQUIRED))
    access, _created = OnlineAccess.objects.select_for_update().get_or_create(
        unit=unit, defaults={"status": OnlineAccess.Status.GRANTED}
    )
    if access.status == OnlineAccess.Status.REVOKED:
        raise InvalidValue(_(ALREADY_REVOKED))
    access.status = OnlineAccess.Status.REVOKED
    access.revoked_at = timezone.now()
    access.revoked_by = actor
    access.revoke_reason = reason[:500]
    access.save()
    audit_record(
        event_type=EventType.ACCESS_REVOKE,
        actor=actor,
        acting_unit=unit,
        ip=ip,
        detail={"reason": access.revoke_reason},
    )
    return access


def online_units(*, region: Region, query: str = "") -> QuerySet[Unit]:
    """The region's units with their access row, for the office's list (scoped to its region)."""
    qs: QuerySet[Unit] = Unit.objects.filter(region=region).select_related("online_access")
    if query:
        qs = qs.filter(unit_no__startswith=query.strip()) | qs.filter(name__contains=query.strip())
    return qs.order_by("unit_no")


def access_history(*, unit: Unit) -> list[dict[str, Any]]:
    return [
        {"at": e.at, "action": e.action, "actor": e.actor, "detail": e.detail}
        for e in unit_access_events(unit=unit).select_related("actor")
    ]
