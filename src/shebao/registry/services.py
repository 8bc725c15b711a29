"""The registry's public write functions: other apps create units and lock a unit's insurance
types through here, not through the models, so the registry's rules stay in one place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.audit.services import audit_record
from shebao.audit.types import EventType
from shebao.core.errors import InvalidValue
from shebao.policy.models import Region
from shebao.policy.retirement_models import PostType

from .models import Person, Unit, UnitInsurance

UNKNOWN_POST_TYPE = gettext_noop("岗位类别不正确：%(v)s")

#: 个人编号 are drawn from this counter, from this first value on (§3.3.19 and the rosters).
PERSON_NO_COUNTER = "person_no"
PERSON_NO_START = 10_000_000_000


def unit_create(
    *,
    unit_no: str,
    name: str,
    credit_code: str,
    region: Region,
    insurance_types: Iterable[str],
    start_date: dt.date,
) -> Unit:
    """A new unit paying in ``insurance_types`` (正常参保) from ``start_date``; checked by the caller."""
    unit = Unit.objects.create(unit_no=unit_no, name=name, credit_code=credit_code, region=region)
    UnitInsurance.objects.bulk_create(
        UnitInsurance(unit=unit, insurance_type=t, start_date=start_date) for t in insurance_types
    )
    return unit


def lock_unit_insurances(*, unit: Unit) -> dict[str, UnitInsurance]:
    """The unit's types, locked until commit, so §3.3.11 and §3.3.19 on one unit serialise.

    A reduction approved while a person is being added to the type would otherwise pass both
    re-checks on the old data; whoever locks second re-reads what the first one wrote.
    """
    qs = UnitInsurance.objects.select_for_update().filter(unit=unit).order_by("insurance_type")
    return {i.insurance_type: i for i in qs}


@transaction.atomic
def person_post_type_set(
    *,
    person: Person,
    post_type: str,
    actor: Any,
    acting_unit: Unit | None = None,
    ip: str | None = None,
) -> Person:
    """Record a person's 岗位类别 (干部/工人), which decides a woman's retirement age; the
    caller has checked that the actor may (the unit's own employee, or the agency)."""
    if post_type not in PostType.values:
        raise InvalidValue(_(UNKNOWN_POST_TYPE) % {"v": post_type})
    before = (
        Person.objects.select_for_update().values_list("post_type", flat=True).get(pk=person.pk)
    )
    if before == post_type:
        return person
    Person.objects.filter(pk=person.pk).update(post_type=post_type)
    person.post_type = post_type
    audit_record(
        event_type=EventType.PERSON_POST_TYPE_SET,
        actor=actor,
        acting_unit=acting_unit,
        ip=ip,
        from_status=before,
        to_status=post_type,
        detail={"person_no": person.person_no},
    )
    return person
