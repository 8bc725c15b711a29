"""Audit of bulk person look-ups (issue #10 §2).

Validation answers, for every ID number a row names, whether that person may be enrolled,
changed or declared; even with no name or employer in the message, a roster full of
strangers' ID numbers is a survey of the registry. Such look-ups are written to the audit
trail (``EventType.ACCESS_BULK_LOOKUP``) so the agency can see who did it, for which unit,
from where and how many persons it touched:

- one request whose rows name at least ``SHEBAO_AUDIT_FOREIGN_IDS`` registered persons who
  are not related to the acting unit (``reason: "request"``);
- an operator whose person look-ups in one hour (those persons, plus every search and pick in
  the 人员信息查询窗口) pass ``SHEBAO_AUDIT_LOOKUPS_PER_HOUR`` (``reason: "hour"``, once an hour).

Which persons are "not related" is the registry's question: callers go through
:func:`shebao.registry.lookup_audit.person_lookups_record`, which asks it and calls
:func:`lookups_record` here. Auditing never refuses anything: the rate limits in
:mod:`shebao.identity.ratelimit` do.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache

from .models import AuditEvent
from .services import audit_record
from .types import EventType

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

BULK_LOOKUP = EventType.ACCESS_BULK_LOOKUP
#: Person ids kept in one event: enough to tell whom a sweep touched, bounded in size.
MAX_LISTED = 1000
HOUR = 3600
#: Row columns that name a person by ID number.
ID_COLUMNS = ("id_number",)


def row_id_numbers(rows: Iterable[tuple[int, Mapping[str, Any]]]) -> list[str]:
    """The ID numbers typed in ``rows`` (numbered rows as validation takes them)."""
    found: list[str] = []
    for _number, raw in rows:
        for column in ID_COLUMNS:
            value = raw.get(column)
            if isinstance(value, str | int) and str(value).strip():
                found.append(str(value).strip().upper())
    return found


def lookups_record(
    *,
    unit: Any,
    actor: User | AnonymousUser | None,
    ip: str | None = None,
    channel: str,
    service: str = "",
    foreign: list[int],
    lookups: int = 0,
) -> list[AuditEvent]:
    """Count one request's person look-ups; the audit events it crossed a threshold with.

    ``foreign``: ids of the registered persons the rows named who are not related to
    ``unit``. ``lookups``: searches and picks in the look-up dialog (its own persons).
    """
    touched = len(foreign) + lookups
    if not touched:
        return []
    user = actor if isinstance(actor, get_user_model()) else None
    base = {"channel": channel, "service": service}
    events: list[AuditEvent] = []
    if len(foreign) >= settings.AUDIT_FOREIGN_IDS:
        events.append(
            _record(
                unit,
                user,
                ip,
                reason="request",
                **base,
                persons=len(foreign),
                person_ids=foreign[:MAX_LISTED],
            )
        )
    limit = settings.AUDIT_LOOKUPS_PER_HOUR
    before, after = _hour_add(user.pk if user else None, touched)
    if before < limit <= after:
        events.append(_record(unit, user, ip, reason="hour", **base, lookups=after))
    return events


def _hour_add(operator_id: object, count: int) -> tuple[int, int]:
    """Add ``count`` to the operator's look-ups this hour: (before, after)."""
    name = f"shebao:lookups:{operator_id}:{int(time.time()) // HOUR}"
    cache.add(name, 0, timeout=HOUR + 1)
    try:
        after = cache.incr(name, count)
    except ValueError:  # expired between add and incr
        cache.set(name, count, timeout=HOUR + 1)
        after = count
    return after - count, after


def _record(unit: Any, user: User | None, ip: str | None, **detail: Any) -> AuditEvent:
    return audit_record(event_type=BULK_LOOKUP, actor=user, acting_unit=unit, ip=ip, detail=detail)
