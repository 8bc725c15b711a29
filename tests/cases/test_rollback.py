"""回退: the agency undoes a case that took effect; the compensating effect runs once."""

from __future__ import annotations

import datetime as dt

import pytest

from shebao.audit.models import AuditEvent
from shebao.cases import services as cases
from shebao.cases.models import CaseStatus
from shebao.registry.choices import EnrolmentStatus, InsuranceType
from shebao.registry.models import Enrolment
from tests import factories
from tests.web.helpers import SUSPENSION, submitted_case

pytestmark = pytest.mark.django_db


def _suspend(unit, operator, reviewer, person, date="2024-05-31"):
    case = cases.case_start(service_code=SUSPENSION, unit=unit, operator=operator)
    cases.case_accept(
        case=case, declarant="王建", declarant_mobile="18555555555", agreement_accepted=True
    )
    cases.case_row_add(
        case=case,
        raw={
            "id_number": person.id_number,
            "name": person.name,
            "pension": "√",
            "unemployment": "√",
            "suspension_date": date,
            "reason": "6325 退休减员",
        },
    )
    case = cases.case_submit(case=case, actor=operator)
    return cases.case_approve(case=case, reviewer=reviewer)


@pytest.fixture
def insured(unit):
    person = factories.person(name="赵六")
    factories.enrol(person, unit, start=dt.date(2015, 6, 1))
    return person


def test_rolling_back_an_enrolment_removes_the_enrolments_it_opened(unit, operator, reviewer):
    case = cases.case_approve(case=submitted_case(unit, operator), reviewer=reviewer)
    assert Enrolment.objects.filter(opened_by=case.serial_no).count() == 2

    case = cases.case_rollback(case=case, reviewer=reviewer, reason="重复参保，单位申请撤回")

    assert case.status == CaseStatus.ROLLED_BACK
    assert case.rollback_reason == "重复参保，单位申请撤回"
    assert case.effect["rollback"] == {"enrolments_removed": 2}
    assert not Enrolment.objects.filter(opened_by=case.serial_no).exists()
    event = AuditEvent.objects.get(case=case, event_type="case.rollback")
    assert (event.from_status, event.to_status, event.actor) == (
        CaseStatus.APPROVED,
        CaseStatus.ROLLED_BACK,
        reviewer,
    )
    assert event.detail["reason"] == "重复参保，单位申请撤回"


def test_rolling_back_a_suspension_reopens_the_enrolments(unit, operator, reviewer, insured):
    case = _suspend(unit, operator, reviewer, insured)
    assert not Enrolment.objects.filter(person=insured, status=EnrolmentStatus.ACTIVE).exists()

    cases.case_rollback(case=case, reviewer=reviewer, reason="减员日期填错")

    reopened = Enrolment.objects.filter(person=insured)
    assert {e.status for e in reopened} == {EnrolmentStatus.ACTIVE}
    assert {(e.end_period, e.suspension_reason, e.closed_by) for e in reopened} == {("", "", "")}


def test_a_later_suspension_must_be_rolled_back_first(unit, operator, reviewer):
    enrolled = cases.case_approve(case=submitted_case(unit, operator), reviewer=reviewer)
    person = Enrolment.objects.filter(opened_by=enrolled.serial_no).first().person
    suspension = _suspend(unit, operator, reviewer, person, date=dt.date.today().isoformat())

    with pytest.raises(cases.CaseError, match=suspension.serial_no):
        cases.case_rollback(case=enrolled, reviewer=reviewer, reason="撤回")
    enrolled.refresh_from_db()
    assert enrolled.status == CaseStatus.APPROVED  # nothing half-applied
    assert Enrolment.objects.filter(opened_by=enrolled.serial_no).count() == 2

    cases.case_rollback(case=suspension, reviewer=reviewer, reason="撤回")
    cases.case_rollback(case=enrolled, reviewer=reviewer, reason="撤回")
    assert not Enrolment.objects.filter(person=person).exists()


def test_a_suspension_is_not_reopened_over_a_newer_enrolment(
    unit, operator, reviewer, insured, region
):
    case = _suspend(unit, operator, reviewer, insured)
    factories.enrol(insured, factories.unit(region_obj=region), InsuranceType.PENSION)

    with pytest.raises(cases.CaseError, match="已重新参加城镇职工基本养老保险"):
        cases.case_rollback(case=case, reviewer=reviewer, reason="撤回")
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    assert not Enrolment.objects.filter(unit=unit, status=EnrolmentStatus.ACTIVE).exists()


def test_reason_required_and_only_once(unit, operator, reviewer):
    case = cases.case_approve(case=submitted_case(unit, operator), reviewer=reviewer)
    with pytest.raises(cases.CaseError, match="回退必须填写原因"):
        cases.case_rollback(case=case, reviewer=reviewer, reason="  ")
    cases.case_rollback(case=case, reviewer=reviewer, reason="撤回")
    with pytest.raises(cases.CaseError, match="只有审核通过或已办结的办件可以回退"):
        cases.case_rollback(case=case, reviewer=reviewer, reason="撤回")
    assert AuditEvent.objects.filter(case=case, event_type="case.rollback").count() == 1


def test_a_case_that_never_took_effect_cannot_be_rolled_back(unit, operator, reviewer):
    case = submitted_case(unit, operator)
    with pytest.raises(cases.CaseError, match="待审核"):
        cases.case_rollback(case=case, reviewer=reviewer, reason="撤回")
    cases.case_reject(case=case, reviewer=reviewer, reason="材料不全")
    with pytest.raises(cases.CaseError, match="审核不通过"):
        cases.case_rollback(case=case, reviewer=reviewer, reason="撤回")


def test_a_service_without_a_compensating_effect_is_not_offered_a_rollback(
    unit, operator, reviewer
):
    case = cases.case_start(
        service_code="hb_unit_insurance_type_reduction", unit=unit, operator=operator
    )
    with pytest.raises(cases.CaseError, match="办结后不能回退"):
        cases.case_rollback(case=case, reviewer=reviewer, reason="撤回")
