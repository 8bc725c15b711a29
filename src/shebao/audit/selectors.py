"""Read paths of the audit trail (each backed by an index of ``AuditEvent``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import AuditEvent


def unit_access_events(*, unit: Any) -> QuerySet[AuditEvent]:
    """The access log of one unit (registration, grants, revocations, reads), oldest first."""
    return AuditEvent.objects.filter(acting_unit=unit, event_type__startswith="access.")


def events_of_type(*, event_type: str) -> QuerySet[AuditEvent]:
    """Every event of one type, oldest first (the access report: type and time)."""
    return AuditEvent.objects.filter(event_type=event_type)
