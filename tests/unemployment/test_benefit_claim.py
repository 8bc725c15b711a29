"""§3.3.66 失业保险金申领: eligibility, the entitlement table, WE-16, the stop on re-enrolment."""

import datetime as dt
from decimal import Decimal

import pytest

from shebao.audit.models import AuditEvent
from shebao.audit.types import EventType
from shebao.cases import services as cases
from shebao.policy.unemployment import entitlement_for
from shebao.services.registry import registry
from shebao.unemployment.choices import BenefitStatus, RegistrationStatus
from shebao.unemployment.models import UnemploymentBenefit, UnemploymentRegistration
from shebao.unemployment.specs.claim import ClaimRow
from tests import factories

from .conftest import claim_row, draft, pay, register, suspended

CODE = "hb_unemployment_benefit_claim"
ON = dt.date(2026, 12, 8)


@pytest.mark.parametrize(
    ("months", "benefit"),
    [(0, 0), (11, 0), (12, 12), (59, 12), (60, 18), (119, 18), (120, 24), (400, 24)],
)
def test_entitlement_table_at_every_boundary(policy, months, benefit):
    """第十七条: 满1年不足5年 12, 满5年不足10年 18, 10年以上 24 months."""
    rule = entitlement_for(contribution_months=months, on=ON)
    assert rule.benefit_months == benefit
    assert "失业保险条例" in rule.source and rule.combined_cap_months == 24


def _claim(person, unit, operator, reviewer):
    case = draft(CODE, unit, operator)
    stored = cases.case_row_add(case=case, raw=claim_row(person))
    assert stored.passed, stored.errors
    case = cases.case_submit(case=case, actor=operator)
    return cases.case_approve(case=case, reviewer=reviewer)


def test_we16_27_months_give_12_months_of_benefit(policy, unit, operator, reviewer, today):
    """WE-16: contributions 201407-201609 -> 27 months; 1 to 5 years -> up to 12 months."""
    person = suspended(unit, start=dt.date(2014, 7, 1), end=dt.date(2016, 9, 1))
    pay(person, unit, "201407", "201609")
    # BAD-04: 2016-09 must go to the hall online, so the registration is the one the hall
    # made on 2016-09-20 (then R-TIME-10 did not exist yet)
    today.set(dt.date(2016, 9, 20))
    register(person, unit, operator, reviewer, unemployed_on="2016-09-01")
    today.set(ON)
    spec = registry[CODE]
    (shown,) = spec.report_values(unit, [ClaimRow.model_validate(claim_row(person))])
    assert shown == {
        "contribution_months": 27,
        "total_months": 12,
        "monthly_amount": Decimal("1809.00"),
        "start_period": "201609",
    }  # the 申领表 prints them
    case = _claim(person, unit, operator, reviewer)
    benefit = UnemploymentBenefit.objects.get(person=person)
    assert benefit.contribution_months == 27
    assert benefit.benefit_months == 12 and benefit.total_months == 12
    assert benefit.start_period == "201609" and benefit.end_period == "201708"
    assert benefit.monthly_amount == Decimal("1809.00")  # 暂按 2010 x 90%
    assert "暂按" in benefit.standard_source
    assert benefit.status == BenefitStatus.PAYING and benefit.opened_by == case.serial_no
    assert benefit.registration.status == RegistrationStatus.CLAIMED
    assert case.effect["benefits"][0]["total_months"] == 12
    assert AuditEvent.objects.filter(event_type=EventType.UNEMPLOYMENT_BENEFIT_GRANT).exists()


def test_less_than_a_year_is_refused(policy, unit, operator, reviewer, today):
    person = suspended(unit, start=dt.date(2026, 1, 1))
    pay(person, unit, "202601", "202611")  # 11 months
    register(person, unit, operator, reviewer)
    stored = cases.case_row_add(case=draft(CODE, unit, operator), raw=claim_row(person))
    assert [e["message"] for e in stored.errors] == [
        "累计缴纳失业保险费 11 个月，不满1年，不能申领失业保险金"
    ]


def test_unpaid_months_do_not_count(policy, unit, operator, reviewer, today):
    """A declared month whose bill has not arrived is not a contribution (第十四条: 履行缴费义务)."""
    from shebao.contributions.models import Bill, BillStatus

    person = suspended(unit, start=dt.date(2025, 1, 1))
    bill = pay(person, unit, "202501", "202611")
    Bill.objects.filter(pk=bill.pk).update(status=BillStatus.PARTIAL)
    register(person, unit, operator, reviewer)
    stored = cases.case_row_add(case=draft(CODE, unit, operator), raw=claim_row(person))
    assert "0 个月" in stored.errors[0]["message"]


def test_not_registered_is_refused(policy, unit, operator, today):
    person = suspended(unit)
    pay(person, unit, "201407", "202611")
    stored = cases.case_row_add(case=draft(CODE, unit, operator), raw=claim_row(person))
    assert "未在本单位办理失业登记" in stored.errors[0]["message"]


def test_a_claim_is_granted_once(policy, unit, operator, reviewer, today):
    person = suspended(unit)
    pay(person, unit, "201407", "202611")  # 149 months -> 24
    register(person, unit, operator, reviewer)
    _claim(person, unit, operator, reviewer)
    assert UnemploymentBenefit.objects.get(person=person).total_months == 24
    stored = cases.case_row_add(case=draft(CODE, unit, operator), raw=claim_row(person))
    assert "正在享受失业保险金" in stored.errors[0]["message"]


def _enrol_again(person, unit, operator, reviewer, start):
    """§3.3.3 through the engine: the person is employed again from ``start``."""
    case = draft("hb_employee_enrolment", unit, operator)
    stored = cases.case_row_add(
        case=case,
        raw={
            "id_number": person.id_number,
            "name": person.name,
            "ethnicity": "01 汉族",
            "work_start_date": start,
            "monthly_wage": "6000",
            "pension": "√",
            "unemployment": "√",
            "mobile": "13800138000",
        },
    )
    assert stored.passed, stored.errors
    return cases.case_approve(case=cases.case_submit(case=case, actor=operator), reviewer=reviewer)


def test_new_enrolment_stops_the_benefit_and_unused_months_carry_over(
    policy, unit, region, operator, reviewer, today
):
    person = suspended(unit, start=dt.date(2021, 1, 1), end=dt.date(2023, 12, 31))
    pay(person, unit, "202101", "202312")  # 36 months -> 12
    today.set(dt.date(2024, 1, 10))
    register(person, unit, operator, reviewer, unemployed_on="2023-12-31")
    _claim(person, unit, operator, reviewer)
    benefit = UnemploymentBenefit.objects.get(person=person)
    assert (benefit.start_period, benefit.end_period, benefit.total_months) == (
        "202401",
        "202412",
        12,
    )

    employer = factories.unit(region_obj=region)
    hr = factories.operator(employer)
    case = _enrol_again(person, employer, hr, reviewer, "2024-04-01")
    benefit.refresh_from_db()
    assert benefit.status == BenefitStatus.STOPPED and benefit.stopped_period == "202404"
    assert benefit.stopped_by == case.serial_no
    assert benefit.months_drawn == 3 and benefit.months_unused == 9  # 202401..202403 paid
    assert benefit.registration.status == RegistrationStatus.CLOSED
    assert AuditEvent.objects.filter(event_type=EventType.UNEMPLOYMENT_BENEFIT_STOP).exists()

    # dismissed again after 14 paid months at the new employer: 12 + 9 carried = 21
    from shebao.registry.models import Enrolment

    Enrolment.objects.filter(person=person, unit=employer).update(
        status="suspended",
        end_date=dt.date(2025, 5, 31),
        end_period="202505",
        suspension_reason="终止解除劳动合同(劳动关系)",
    )
    pay(person, employer, "202404", "202505")
    today.set(dt.date(2025, 6, 6))
    register(person, employer, hr, reviewer, unemployed_on="2025-05-31")
    _claim(person, employer, hr, reviewer)
    again = UnemploymentBenefit.objects.filter(person=person).order_by("-pk").first()
    assert again.contribution_months == 14  # 缴费时间重新计算: only after the first benefit
    assert (again.benefit_months, again.carried_months, again.total_months) == (12, 9, 21)
    assert UnemploymentRegistration.objects.filter(person=person).count() == 2


def test_the_decision_is_printed(policy, unit, operator, reviewer, op_client, today):
    from shebao.documents.catalogue import case_documents
    from shebao.documents.unemployment_decision import benefit_decision_html

    person = suspended(unit, start=dt.date(2014, 7, 1), end=dt.date(2016, 9, 1))
    pay(person, unit, "201407", "201609")
    today.set(dt.date(2016, 9, 20))
    register(person, unit, operator, reviewer, unemployed_on="2016-09-01")
    today.set(ON)
    case = _claim(person, unit, operator, reviewer)
    kinds = [d.kind for d in case_documents(case)]
    assert kinds == ["report", "unemployment_decision"]
    html = benefit_decision_html(case)
    assert "失业保险金核定通知书" in html and "1,809.00" in html and "21,708.00" in html
    assert "<td>27</td>" in html and "201609" in html and "201708" in html
    assert person.id_number not in html and "6222020200000000000" not in html
    response = op_client.get(f"/cases/{case.pk}/unemployment-decision.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
