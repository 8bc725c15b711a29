"""A person can be actively enrolled in one unit per insurance type at a time, and the database
itself refuses a second one (the partial unique constraint), whatever the code above it does."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from shebao.registry.choices import EnrolmentStatus, InsuranceType
from shebao.registry.models import Enrolment
from tests import factories

PENSION, UNEMPLOYMENT = InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT


def enrolment(
    person, unit, insurance_type=PENSION, *, status=EnrolmentStatus.ACTIVE, start="2021-01-01"
):
    start_date = dt.date.fromisoformat(start)
    return Enrolment.objects.create(
        person=person,
        unit=unit,
        insurance_type=insurance_type,
        status=status,
        start_period=f"{start_date:%Y%m}",
        start_date=start_date,
    )


def suspend(e, end="2022-06-30", reason="职工发生辞职(退)"):
    e.status = EnrolmentStatus.SUSPENDED
    e.end_date = dt.date.fromisoformat(end)
    e.end_period = f"{e.end_date:%Y%m}"
    e.suspension_reason = reason
    e.save()
    return e


def test_second_active_enrolment_of_the_same_type_is_refused_by_the_database(unit, region):
    person = factories.person()
    enrolment(person, unit)
    other = factories.unit(region_obj=region)
    with pytest.raises(IntegrityError), transaction.atomic():
        enrolment(person, other)
    with pytest.raises(IntegrityError), transaction.atomic():
        enrolment(person, unit, start="2023-01-01")
    assert Enrolment.objects.filter(person=person).count() == 1


def test_a_bulk_insert_cannot_slip_past_the_constraint(unit):
    person = factories.person()
    rows = [
        Enrolment(person=person, unit=unit, insurance_type=PENSION, start_period="202101",
                  start_date=dt.date(2021, 1, 1))
        for _ in range(2)
    ]  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.bulk_create(rows)
    assert not Enrolment.objects.filter(person=person).exists()


def test_reactivating_a_suspended_enrolment_beside_an_active_one_is_refused(unit):
    person = factories.person()
    old = suspend(enrolment(person, unit, start="2019-01-01"))
    enrolment(person, unit, start="2023-01-01")
    old.status = EnrolmentStatus.ACTIVE
    with pytest.raises(IntegrityError), transaction.atomic():
        old.save()


def test_other_insurance_types_are_independent(unit):
    person = factories.person()
    enrolment(person, unit, PENSION)
    enrolment(person, unit, UNEMPLOYMENT)
    assert Enrolment.objects.filter(person=person, status=EnrolmentStatus.ACTIVE).count() == 2


def test_reenrolment_after_suspension_is_allowed(unit, region):
    """续保: the suspended stay stays as history next to the new active one."""
    person = factories.person()
    first = suspend(enrolment(person, unit, start="2018-03-01"), end="2019-12-31")
    second = suspend(enrolment(person, unit, start="2020-05-01"), end="2022-06-30")
    current = enrolment(person, factories.unit(region_obj=region), start="2023-01-01")
    statuses = sorted(Enrolment.objects.filter(person=person).values_list("status", flat=True))
    assert statuses == ["active", "suspended", "suspended"]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.end_period == "201912" and second.suspension_reason == "职工发生辞职(退)"
    assert current.status == EnrolmentStatus.ACTIVE
