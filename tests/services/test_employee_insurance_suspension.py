"""§3.3.17 单位职工社会保险暂停."""

import datetime as dt

import pytest

from shebao.cases import services as cases
from shebao.registry.choices import EnrolmentStatus, InsuranceType
from shebao.registry.models import Enrolment
from tests import factories

CODE = "hb_employee_insurance_suspension"


@pytest.fixture
def insured(unit):
    p = factories.person(name="赵六")
    factories.enrol(
        p, unit, InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT, start=dt.date(2015, 6, 1)
    )
    return p


@pytest.fixture
def draft(unit, operator):
    case = cases.case_start(service_code=CODE, unit=unit, operator=operator)
    return cases.case_accept(
        case=case, declarant="王建", declarant_mobile="18555555555", agreement_accepted=True
    )


def test_approved_suspension_ends_enrolments(draft, insured, operator, reviewer):
    cases.case_row_add(
        case=draft,
        raw={
            "id_number": insured.id_number,
            "name": "赵六",
            "pension": "√",
            "suspension_date": "2024-05-31",
            "reason": "6325 退休减员",
        },
    )
    case = cases.case_submit(case=draft, actor=operator)
    cases.case_approve(case=case, reviewer=reviewer)
    pension = Enrolment.objects.get(person=insured, insurance_type=InsuranceType.PENSION)
    assert pension.status == EnrolmentStatus.SUSPENDED
    assert pension.end_period == "202405" and pension.suspension_reason == "退休(退职)"
    assert pension.closed_by == case.serial_no
    assert (
        Enrolment.objects.get(person=insured, insurance_type=InsuranceType.UNEMPLOYMENT).status
        == EnrolmentStatus.ACTIVE
    )


def test_person_of_another_unit_is_refused(draft, region):
    other = factories.unit(region_obj=region)
    p = factories.person(name="钱七")
    factories.enrol(p, other)
    stored = cases.case_row_add(
        case=draft,
        raw={
            "id_number": p.id_number,
            "name": "钱七",
            "pension": "√",
            "suspension_date": "2024-05-31",
            "reason": "死亡",
        },
    )
    assert not stored.passed and "在本单位没有正常参保" in stored.errors[0]["message"]


def test_unknown_reason_and_early_date(draft, insured):
    stored = cases.case_row_add(
        case=draft,
        raw={
            "id_number": insured.id_number,
            "name": "赵六",
            "pension": "√",
            "suspension_date": "2010-01-01",
            "reason": "放假",
        },
    )
    messages = " ".join(e["message"] for e in stored.errors)
    assert "不在可选范围内" in messages
