"""The bulk person look-up audit's entry point (:mod:`shebao.audit.lookups`): the registry
says which of the ID numbers a request named are persons not related to the acting unit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from shebao.audit.lookups import lookups_record
from shebao.audit.models import AuditEvent

from .selectors import unrelated_person_ids

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from .models import Unit


def person_lookups_record(
    *,
    unit: Unit,
    actor: User | AnonymousUser | None,
    ip: str | None = None,
    channel: str,
    service: str = "",
    id_numbers: Iterable[str] = (),
    lookups: int = 0,
) -> list[AuditEvent]:
    """Count one request's person look-ups; the audit events it crossed a threshold with.

    ``id_numbers``: typed in the request's rows; only registered persons not related to
    ``unit`` count. ``lookups``: searches and picks in the look-up dialog (its own persons).
    """
    numbers = list(dict.fromkeys(id_numbers))
    foreign = unrelated_person_ids(unit=unit, id_numbers=numbers) if numbers else []
    return lookups_record(
        unit=unit,
        actor=actor,
        ip=ip,
        channel=channel,
        service=service,
        foreign=foreign,
        lookups=lookups,
    )
