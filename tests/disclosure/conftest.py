"""Unit A (``other_unit``) with staff; unit B (``unit``, the acting operator's) types their
ID numbers. Everything B gets back is searched for what only A may know."""

from __future__ import annotations

import datetime as dt

import pytest

from shebao.registry.choices import InsuranceType
from tests import factories

#: A's staff member's enrolment start: a date B must never be told.
A_START = dt.date(2019, 7, 13)


@pytest.fixture
def unit_a(other_region):
    return factories.unit(region_obj=other_region, name="武汉甲保密科技有限公司")


@pytest.fixture
def a_staff(unit_a):
    """Two of A's employees, insured there in pension, unemployment and work injury."""
    staff = []
    for i, name in enumerate(("欧阳秘密", "司马隐私")):
        person = factories.person(name=name, birth=dt.date(1988, 4, 3 + i))
        factories.enrol(
            person,
            unit_a,
            InsuranceType.PENSION,
            InsuranceType.UNEMPLOYMENT,
            InsuranceType.WORK_INJURY,
            start=A_START,
        )
        staff.append(person)
    return staff


def secrets_of(unit_a, staff) -> list[str]:
    """What B must not learn: A's staff names and person numbers, A's name and number, dates."""
    found = [unit_a.name, unit_a.unit_no, A_START.isoformat(), f"{A_START:%Y%m}"]
    for person in staff:
        found += [person.name, person.person_no]
    return found


def leaked(text: str, secrets: list[str]) -> list[str]:
    return [s for s in secrets if s in text]
