"""§3.3.20 单位职工社会保险缴费工资申报: declared wages become the year's bases on approval."""

import datetime as dt
from decimal import Decimal

import pytest

from shebao.audit.models import AuditEvent
from shebao.cases import services as cases
from shebao.cases.models import CaseStatus
from shebao.cases.services import CaseError
from shebao.contributions.models import ALL_TYPES, ContributionBase
from shebao.documents.reports import case_report
from shebao.policy.models import ClampFlag
from shebao.registry.choices import InsuranceType
from tests import factories

from .conftest import ANNUAL, draft, messages, upload_commitment


def raw(person, wage="5000", year="2020", **extra):
    values = {"id_number": person.id_number, "name": person.name, "year": year, "wage": wage}
    values.update(extra)
    return values


@pytest.fixture
def staff(unit):
    people = [factories.person(name="张三"), factories.person(name="李四")]
    for p in people:
        factories.enrol(p, unit, start=dt.date(2019, 1, 1))
    return people


def declare(unit, operator, rows):
    case = draft(ANNUAL, unit, operator)
    passed, failed = cases.case_rows_replace(case=case, rows=list(enumerate(rows, start=2)))
    return case, passed, failed


def test_we05_two_persons_5000_each_get_bases_for_202007_to_202106(
    policy, unit, operator, reviewer, staff
):
    case, passed, failed = declare(unit, operator, [raw(p) for p in staff])
    assert (passed, failed) == (2, 0)
    upload_commitment(case, operator)
    case = cases.case_submit(case=case, actor=operator)
    assert case.status == CaseStatus.UNDER_REVIEW
    assert not ContributionBase.objects.exists()  # nothing before the agency approves

    case = cases.case_approve(case=case, reviewer=reviewer)
    assert case.effect == {"bases_created": 2, "floor": 0, "cap": 0}
    bases = ContributionBase.objects.filter(unit=unit).order_by("person_id")
    assert [(b.person_id, b.declared_wage, b.base, b.clamp) for b in bases] == [
        (p.pk, Decimal("5000.00"), Decimal("5000.00"), ClampFlag.NONE) for p in staff
    ]
    assert {(b.year, b.start_period, b.end_period, b.insurance_type) for b in bases} == {
        (2020, "202007", "202106", ALL_TYPES)
    }
    assert {b.serial_no for b in bases} == {case.serial_no}
    assert AuditEvent.objects.filter(case=case, event_type="case.approve").exists()


def test_we05_report_totals_10000(policy, unit, operator, staff):
    case, *_ = declare(unit, operator, [raw(p) for p in staff])
    report = case_report(case)
    assert dict(report.totals)["合计"] == "10,000.00"
    assert dict(report.totals)["人数"] == "2 人"
    labels = [c.label for c in report.columns]
    assert labels[-3:] == ["核定缴费基数(元)", "保底封顶", "有效期"]
    assert [[c.text for c in r.cells][-3:] for r in report.rows] == [
        ["5,000.00", "", "202007-202106"]
    ] * 2


def test_bases_are_floored_and_capped_and_flagged_on_the_report(
    policy, unit, operator, reviewer, staff
):
    # 缴费基数标准 6500: floor 3900, cap 19500
    case, passed, _f = declare(
        unit, operator, [raw(staff[0], wage="2000"), raw(staff[1], wage="30000")]
    )
    assert passed == 2
    report = case_report(case)
    assert [[c.text for c in r.cells][-3:-1] for r in report.rows] == [
        ["3,900.00", "保底"],
        ["19,500.00", "封顶"],
    ]
    totals = dict(report.totals)
    assert (totals["保底"], totals["封顶"], totals["缴费基数合计"]) == ("1 人", "1 人", "23,400.00")
    upload_commitment(case, operator)
    case = cases.case_approve(case=cases.case_submit(case=case, actor=operator), reviewer=reviewer)
    assert case.effect == {"bases_created": 2, "floor": 1, "cap": 1}
    got = dict(ContributionBase.objects.values_list("person_id", "base"))
    assert got == {staff[0].pk: Decimal("3900.00"), staff[1].pk: Decimal("19500.00")}
    clamps = dict(ContributionBase.objects.values_list("person_id", "clamp"))
    assert clamps == {staff[0].pk: ClampFlag.FLOOR, staff[1].pk: ClampFlag.CAP}


def test_the_commitment_letter_is_required(policy, unit, operator, staff):
    case, *_ = declare(unit, operator, [raw(staff[0])])
    with pytest.raises(CaseError) as exc:
        cases.case_submit(case=case, actor=operator)
    assert "承诺书" in str(exc.value)


def test_a_person_twice_in_the_file_is_refused(policy, unit, operator, staff):
    case, passed, failed = declare(unit, operator, [raw(staff[0]), raw(staff[0], wage="6000")])
    assert (passed, failed) == (1, 1)
    bad = case.rows.get(passed=False)
    assert bad.row_no == 3 and "与第 2 行的证件号码和年度重复" in messages(bad)


def test_a_person_already_declared_for_the_year_is_refused(policy, unit, operator, reviewer, staff):
    case, *_ = declare(unit, operator, [raw(staff[0])])
    upload_commitment(case, operator)
    cases.case_approve(case=cases.case_submit(case=case, actor=operator), reviewer=reviewer)

    again = draft(ANNUAL, unit, operator)
    stored = cases.case_row_add(case=again, raw=raw(staff[0], wage="6000"))
    assert not stored.passed
    assert "该人员2020年度的缴费工资已申报，不能重复申报" in messages(stored)
    other_year = cases.case_row_add(case=again, raw=raw(staff[0], year="2021"))
    assert other_year.passed, other_year.errors


def test_a_person_not_enrolled_in_the_unit_is_refused(policy, unit, operator):
    elsewhere = factories.person(name="王五")
    factories.enrol(elsewhere, factories.unit(), InsuranceType.PENSION)
    stranger = factories.person(name="赵六")
    case = draft(ANNUAL, unit, operator)
    for p in (elsewhere, stranger):
        stored = cases.case_row_add(case=case, raw=raw(p))
        assert not stored.passed
        assert "该人员未在本单位正常参保" in messages(stored)


def test_wage_must_be_positive(policy, unit, operator, staff):
    stored = cases.case_row_add(case=draft(ANNUAL, unit, operator), raw=raw(staff[0], wage="0"))
    assert not stored.passed and "上年月平均工资必须大于 0" in messages(stored)


def test_a_year_without_a_base_standard_is_refused_with_the_parameter_named(
    policy, unit, operator, staff
):
    stored = cases.case_row_add(case=draft(ANNUAL, unit, operator), raw=raw(staff[0], year="2027"))
    assert not stored.passed
    assert "未配置湖北省省本级2027年的缴费基数标准" in messages(stored)


def test_a_base_declared_meanwhile_stops_the_approval(policy, unit, operator, reviewer, staff):
    case, *_ = declare(unit, operator, [raw(staff[0])])
    upload_commitment(case, operator)
    case = cases.case_submit(case=case, actor=operator)
    ContributionBase.objects.create(
        person=staff[0],
        unit=unit,
        year=2020,
        declared_wage=Decimal("7000"),
        base=Decimal("7000"),
        start_period="202007",
        end_period="202106",
    )
    with pytest.raises(CaseError):
        cases.case_approve(case=case, reviewer=reviewer)
    assert ContributionBase.objects.get(person=staff[0]).base == Decimal("7000.00")
