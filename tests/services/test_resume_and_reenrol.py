"""§3.3.3 续保: a former employee comes back; and the re-check at approval time."""

import datetime as dt

import pytest

from shebao.cases import services as cases
from shebao.cases.models import CaseStatus
from shebao.registry.choices import EnrolmentStatus, InsuranceType
from shebao.registry.models import Enrolment, Person
from tests import factories

CODE = "hb_employee_enrolment"
PENSION, UNEMPLOYMENT = InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT


def suspended_person(unit, *, name="周海燕", left=dt.date(2023, 6, 30)):
    """A demo-style former employee: both enrolments suspended with an end date and a reason."""
    person = factories.person(name=name, birth=dt.date(1986, 9, 14))
    person.ethnicity, person.mobile = "土家族", "13872210458"
    person.save()
    for e in factories.enrol(person, unit, PENSION, UNEMPLOYMENT, start=dt.date(2015, 4, 1)):
        e.status = EnrolmentStatus.SUSPENDED
        e.end_date, e.end_period = left, f"{left:%Y%m}"
        e.suspension_reason = "职工发生辞职(退)"
        e.closed_by = "202307030000042"
        e.save()
    return person


def row(person, **overrides):
    data = {
        "id_number": person.id_number,
        "name": person.name,
        "ethnicity": "15 土家族",
        "work_start_date": "2025-03-01",
        "monthly_wage": "8600",
        "pension": "√",
        "unemployment": "√",
        "mobile": "15927003311",
    }
    data.update(overrides)
    return data


def submitted(unit, raw):
    operator = factories.operator(unit)
    case = cases.case_start(service_code=CODE, unit=unit, operator=operator)
    cases.case_accept(
        case=case, declarant="刘芳", declarant_mobile="13971086254", agreement_accepted=True
    )
    stored = cases.case_row_add(case=case, raw=raw)
    assert stored.passed, stored.errors
    return cases.case_submit(case=case, actor=operator)


def test_reenrolment_adds_active_enrolments_and_keeps_the_suspended_ones(unit, reviewer):
    person = suspended_person(unit)
    persons_before = Person.objects.count()

    case = cases.case_approve(case=submitted(unit, row(person)), reviewer=reviewer)

    assert case.status == CaseStatus.APPROVED
    assert case.effect == {"persons_created": 0, "persons_updated": 1, "enrolments_created": 2}
    assert Person.objects.count() == persons_before
    for insurance_type in (PENSION, UNEMPLOYMENT):
        old, new = Enrolment.objects.filter(person=person, insurance_type=insurance_type).order_by(
            "start_date"
        )
        assert (old.status, old.end_date, old.suspension_reason, old.closed_by) == (
            EnrolmentStatus.SUSPENDED,
            dt.date(2023, 6, 30),
            "职工发生辞职(退)",
            "202307030000042",
        )
        assert (new.status, new.start_period, new.end_date, new.opened_by) == (
            EnrolmentStatus.ACTIVE,
            "202503",
            None,
            case.serial_no,
        )
    person.refresh_from_db()
    assert person.mobile == "15927003311"


def test_reenrolment_in_one_type_only(unit, reviewer):
    person = suspended_person(unit)
    cases.case_approve(case=submitted(unit, row(person, unemployment="")), reviewer=reviewer)
    active = Enrolment.objects.filter(person=person, status=EnrolmentStatus.ACTIVE)
    assert list(active.values_list("insurance_type", flat=True)) == [PENSION]
    assert Enrolment.objects.filter(person=person, status=EnrolmentStatus.SUSPENDED).count() == 2


def test_approval_rechecks_against_enrolments_made_since_submission(unit, region, reviewer):
    """Two units declare the same returning person; the second approval must fail, cleanly."""
    person = suspended_person(unit)
    other = factories.unit(region_obj=region, name="武汉江城物流有限公司")
    first = submitted(other, row(person, mobile="13000000001"))
    second = submitted(unit, row(person, mobile="13000000002"))

    cases.case_approve(case=first, reviewer=reviewer)
    enrolments = sorted(Enrolment.objects.values_list("pk", "status", "unit_id"))
    events = second.events.count()

    with pytest.raises(cases.CaseError, match="复核不通过") as failure:
        cases.case_approve(case=second, reviewer=reviewer)

    # issue #10 §2: the reason goes back to the unit, so it does not name the other unit
    assert "该人员已在其他单位正常参保，需原单位先办理停保" in str(failure.value)
    assert "武汉江城物流有限公司" not in str(failure.value)
    second.refresh_from_db()
    assert second.status == CaseStatus.UNDER_REVIEW and second.decided_by is None
    assert second.effect == {} and second.events.count() == events
    assert sorted(Enrolment.objects.values_list("pk", "status", "unit_id")) == enrolments
    person.refresh_from_db()
    assert person.mobile == "13000000001"
    # The unit can still withdraw it, or the reviewer reject it with the reason.
    rejected = cases.case_reject(case=second, reviewer=reviewer, reason="该职工已在其他单位参保")
    assert rejected.status == CaseStatus.REJECTED
