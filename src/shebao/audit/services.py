"""The one writer of the audit trail.

Each event is written in the caller's transaction, so a change or read the audit could not
record fails rather than going unrecorded, and a rolled-back change leaves no event.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from .context import login_certificate_id
from .models import AuditEvent
from .types import EventType


def audit_record(
    *,
    event_type: str,
    actor: Any = None,
    acting_unit: Any = None,
    ip: str | None = None,
    certificate: Any = None,
    case: Any = None,
    bill: Any = None,
    order: Any = None,
    authority: Any = None,
    subject_certificate: Any = None,
    from_status: str = "",
    to_status: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event; ``event_type`` is an :class:`EventType` constant. An anonymous
    ``actor`` is recorded as none; ``certificate`` defaults to the one the request's user
    logged in with (:mod:`shebao.audit.context`)."""
    if event_type not in EventType.all():
        raise ValueError(f"unknown audit event type {event_type!r}")
    user = actor if isinstance(actor, get_user_model()) else None
    return AuditEvent.objects.create(
        event_type=event_type,
        actor=user,
        acting_unit=acting_unit,
        ip=ip or None,
        certificate_id=certificate.pk if certificate is not None else login_certificate_id(),
        case=case,
        bill=bill,
        order=order,
        authority=authority,
        subject_certificate=subject_certificate,
        from_status=from_status,
        to_status=to_status,
        detail=detail or {},
    )
