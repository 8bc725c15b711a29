"""A unit dropping a type while a person is being added to it: one of the two wins, never both.

PostgreSQL only (SQLite serialises writers, so there is no race to lose).
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.conf import settings

from shebao.cases import services as cases
from shebao.cases.services import CaseError
from shebao.registry import services as registry_services
from shebao.registry.choices import EnrolmentStatus, InsuranceType, UnitInsuranceStatus
from shebao.registry.models import Enrolment, UnitInsurance
from tests import factories
from tests.cases.test_concurrency import outcomes, race

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL; run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/shebao",
    ),
]


def accepted(code, unit, operator):
    case = cases.case_start(service_code=code, unit=unit, operator=operator)
    return cases.case_accept(
        case=case, declarant="王建", declarant_mobile="18555555555", agreement_accepted=True
    )


@pytest.fixture
def slow_writes(monkeypatch):
    """Hold each side between reading the unit's types and writing, so the race always overlaps."""
    original = registry_services.lock_unit_insurances

    def lock_then_wait(*, unit):
        states = original(unit=unit)
        time.sleep(0.5)
        return states

    monkeypatch.setattr(registry_services, "lock_unit_insurances", lock_then_wait)


def test_unit_reduction_and_person_addition_of_one_type_serialise(
    unit, operator, reviewer, slow_writes
):
    person = factories.person(name="周九")
    factories.enrol(person, unit, InsuranceType.PENSION, start=dt.date(2020, 1, 1))
    reduction = accepted("hb_unit_insurance_type_reduction", unit, operator)
    assert cases.case_row_add(
        case=reduction,
        raw={"insurance_type": "失业保险", "change_date": "2024-06-30", "reason": "调整"},
    ).passed
    reduction = cases.case_submit(case=reduction, actor=operator)
    addition = accepted("hb_employee_insurance_type_addition", unit, operator)
    assert cases.case_row_add(
        case=addition,
        raw={
            "id_number": person.id_number,
            "name": "周九",
            "unemployment": "√",
            "change_date": "2024-07-01",
        },
    ).passed

    won, lost = outcomes(
        race(
            lambda: cases.case_approve(case=reduction, reviewer=reviewer),
            lambda: cases.case_submit(case=addition, actor=operator),
        )
    )
    assert len(won) == 1 and len(lost) == 1
    assert isinstance(lost[0], CaseError)
    suspended = (
        UnitInsurance.objects.get(unit=unit, insurance_type=InsuranceType.UNEMPLOYMENT).status
        == UnitInsuranceStatus.SUSPENDED
    )
    enrolled = Enrolment.objects.filter(
        unit=unit, insurance_type=InsuranceType.UNEMPLOYMENT, status=EnrolmentStatus.ACTIVE
    ).exists()
    assert suspended != enrolled


def test_unit_reduction_and_new_staff_enrolment_of_one_type_serialise(
    unit, operator, reviewer, slow_writes, monkeypatch
):
    from shebao.registration.specs import enrolment as enrolment_spec
    from tests.web.helpers import enrolment_raw

    reduction = accepted("hb_unit_insurance_type_reduction", unit, operator)
    assert cases.case_row_add(
        case=reduction,
        raw={"insurance_type": "失业保险", "change_date": "2024-06-30", "reason": "调整"},
    ).passed
    reduction = cases.case_submit(case=reduction, actor=operator)
    enrolment = accepted("hb_employee_enrolment", unit, operator)
    assert cases.case_row_add(case=enrolment, raw=enrolment_raw()).passed
    enrolment = cases.case_submit(case=enrolment, actor=operator)
    original = enrolment_spec.persons_by_id_number

    def slow_persons(numbers):
        time.sleep(0.5)  # the enrolment dawdles between reading the unit's types and writing
        return original(numbers)

    monkeypatch.setattr(enrolment_spec, "persons_by_id_number", slow_persons)

    won, lost = outcomes(
        race(
            lambda: cases.case_approve(case=reduction, reviewer=reviewer),
            lambda: cases.case_approve(case=enrolment, reviewer=reviewer),
        )
    )
    assert len(won) == 1 and len(lost) == 1 and isinstance(lost[0], CaseError)
    suspended = (
        UnitInsurance.objects.get(unit=unit, insurance_type=InsuranceType.UNEMPLOYMENT).status
        == UnitInsuranceStatus.SUSPENDED
    )
    enrolled = Enrolment.objects.filter(
        unit=unit, insurance_type=InsuranceType.UNEMPLOYMENT, status=EnrolmentStatus.ACTIVE
    ).exists()
    assert suspended != enrolled
