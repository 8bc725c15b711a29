"""§3.3.22 单位社会保险缴费申报 and §3.3.23 单位社会保险费撤销申报, through the case engine."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum

from shebao.audit.models import AuditEvent
from shebao.cases import services as cases
from shebao.cases.models import CaseStatus
from shebao.cases.services import CaseError
from shebao.contributions.models import (
    ContributionBase,
    ContributionDetail,
    DeclarationStatus,
    MonthlyDeclaration,
)
from shebao.contributions.selectors import declarations_of_year, period_comparison
from shebao.core.money import amount_due
from shebao.core.period import Period
from shebao.policy.models import BaseStandard, ClampOrder, UnitRiskClass
from shebao.registry.choices import InsuranceType, UnitInsuranceStatus
from shebao.registry.models import UnitInsurance
from tests import factories

from .conftest import CANCEL, MONTHLY, draft, messages

D = Decimal
PENSION, UNEMPLOYMENT = InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT


def base_of(person, unit, wage, *, year=2020, base=None):
    return ContributionBase.objects.create(
        person=person,
        unit=unit,
        year=year,
        declared_wage=D(wage),
        base=D(base or wage),
        start_period=f"{year}07",
        end_period=f"{year + 1}06",
    )


@pytest.fixture
def two_staff(policy, unit):
    """WE-01: two persons whose declared wages 8888 each give bases 8890 (17776 -> 17780)."""
    people = [factories.person(name="张三"), factories.person(name="李四")]
    for p in people:
        factories.enrol(p, unit, start=dt.date(2019, 1, 1))
        base_of(p, unit, "8888", base="8890")
    return people


def declare(unit, operator, **row):
    case = draft(MONTHLY, unit, operator)
    stored = cases.case_row_add(case=case, raw=row)
    return case, stored


def submit(unit, operator, **row):
    case, stored = declare(unit, operator, **row)
    assert stored.passed, stored.errors
    return cases.case_submit(case=case, actor=operator)


def test_we01_we02_period_202103_pension_and_unemployment(unit, operator, two_staff):
    case = submit(unit, operator, period="202103")
    assert case.status == CaseStatus.COMPLETED

    rows = {
        d.insurance_type: d for d in MonthlyDeclaration.objects.filter(unit=unit, period="202103")
    }
    assert set(rows) == {PENSION, UNEMPLOYMENT}
    pension, unemployment = rows[PENSION], rows[UNEMPLOYMENT]
    assert (pension.headcount, pension.wage_total, pension.base_total) == (
        2,
        D("17776.00"),
        D("17780.00"),
    )
    assert (pension.unit_amount, pension.individual_amount) == (D("2844.80"), D("1422.40"))
    assert pension.total == D("4267.20")
    assert (unemployment.unit_amount, unemployment.individual_amount) == (D("124.46"), D("53.34"))
    assert unemployment.total == D("177.80")
    assert pension.total + unemployment.total == D("4445.00")
    assert {d.status for d in rows.values()} == {DeclarationStatus.DECLARED}
    assert {d.serial_no for d in rows.values()} == {case.serial_no}

    details = ContributionDetail.objects.filter(period="202103", unit=unit)
    assert details.count() == 4
    assert {(d.person_id, d.insurance_type, d.base) for d in details} == {
        (p.pk, t, D("8890.00")) for p in two_staff for t in (PENSION, UNEMPLOYMENT)
    }
    per_person = details.filter(insurance_type=PENSION).values_list("unit_amount", flat=True)
    assert set(per_person) == {D("1422.40")}  # 8890 x 16%
    sums = details.aggregate(u=Sum("unit_amount"), i=Sum("individual_amount"))
    assert sums["u"] + sums["i"] == D("4445.00")
    assert case.effect["details"] == 4


def test_only_ticked_types_are_declared(unit, operator, two_staff):
    submit(unit, operator, period="202103", unemployment="√")
    assert list(MonthlyDeclaration.objects.values_list("insurance_type", flat=True)) == [
        UNEMPLOYMENT
    ]
    # the pension of the same period can still be declared
    submit(unit, operator, period="202103", pension="√")
    assert MonthlyDeclaration.objects.count() == 2


def test_without_a_declared_base_the_enrolment_wage_goes_through_the_base_rule(
    policy, unit, operator
):
    low, high, mid = (factories.person(name=n) for n in ("甲乙", "丙丁", "戊己"))
    for p, wage in ((low, "1000"), (high, "50000"), (mid, "5555")):
        for e in factories.enrol(p, unit, start=dt.date(2019, 1, 1)):
            e.monthly_wage = D(wage)
            e.save()
    submit(unit, operator, period="202103", pension="√")
    bases = dict(
        ContributionDetail.objects.filter(insurance_type=PENSION).values_list("person_id", "base")
    )
    # standard 6500: floor 3900, cap 19500; 5555 -> 5560
    assert bases == {low.pk: D("3900.00"), high.pk: D("19500.00"), mid.pk: D("5560.00")}
    wage_total = MonthlyDeclaration.objects.get().wage_total
    assert wage_total == D("56555.00")


def test_fallback_clamp_order_parameter_is_applied_in_sql(policy, unit, operator):
    BaseStandard.objects.filter(region=unit.region, year=2020).update(
        average_wage=D("7777"), round_limits=False, clamp_order=ClampOrder.CLAMP_THEN_ROUND
    )
    p = factories.person(name="庚辛")
    for e in factories.enrol(p, unit, PENSION, start=dt.date(2019, 1, 1)):
        e.monthly_wage = D("4664")
        e.save()
    submit(unit, operator, period="202103")
    # clamped first: 4664 < 4666.20 -> round10(4666.20) = 4670 (round first would give 4666.20)
    assert ContributionDetail.objects.get().base == D("4670.00")


def test_dv01_amounts_are_rounded_half_up_to_the_cent(policy, unit, operator):
    BaseStandard.objects.filter(region=unit.region, year=2020).update(rounding_unit=D("1"))
    a, b = factories.person(name="壬癸"), factories.person(name="子丑")
    for p, wage in ((a, "3333"), (b, "3335")):
        factories.enrol(p, unit, UNEMPLOYMENT, start=dt.date(2019, 1, 1))
        base_of(p, unit, wage)
    submit(unit, operator, period="202103")
    got = {
        d.person_id: (d.unit_amount, d.individual_amount) for d in ContributionDetail.objects.all()
    }
    # 3333 x 0.7% = 23.331 -> 23.33; 3335 x 0.3% = 10.005 -> 10.01 (half-up, not banker's)
    assert got[a.pk] == (D("23.33"), D("10.00"))
    assert got[b.pk] == (D("23.35"), D("10.01"))
    assert got[b.pk][1] == amount_due(D("3335"), D("0.003"))


def test_work_injury_uses_the_units_risk_class(unit, operator):
    region = factories.region(provincial=False, code="420102", name="武汉市江岸区")
    from shebao.policy.seed import policy_seed

    policy_seed(region)
    city_unit = factories.unit(region_obj=region, types=(InsuranceType.WORK_INJURY,))
    city_operator = factories.operator(city_unit)
    p = factories.person(name="寅卯")
    factories.enrol(p, city_unit, InsuranceType.WORK_INJURY, start=dt.date(2019, 1, 1))
    base_of(p, city_unit, "10000")
    case, stored = declare(city_unit, city_operator, period="202103")
    assert not stored.passed and "工伤保险行业风险类别" in messages(stored)
    UnitRiskClass.objects.create(unit=city_unit, risk_class=3, effective_from=dt.date(2019, 1, 1))
    cases.case_row_delete(case=case, row_nos=[stored.row_no])
    stored = cases.case_row_add(case=case, raw={"period": "202103"})
    assert stored.passed, stored.errors
    cases.case_submit(case=case, actor=city_operator)
    d = MonthlyDeclaration.objects.get(unit=city_unit)
    assert (d.unit_amount, d.individual_amount) == (D("70.00"), D("0.00"))  # 10000 x 0.7%


def test_persons_not_enrolled_in_the_period_are_not_due(unit, operator, two_staff):
    late = factories.person(name="辰巳")
    factories.enrol(late, unit, start=dt.date(2021, 4, 1))  # from 202104
    base_of(late, unit, "9000")
    gone = two_staff[1]
    gone.enrolments.update(status="suspended", end_period="202103", end_date=dt.date(2021, 3, 5))
    submit(unit, operator, period="202103")
    assert set(ContributionDetail.objects.values_list("person_id", flat=True)) == {two_staff[0].pk}


# refusals ---------------------------------------------------------------------------------


def test_a_period_already_declared_is_refused(unit, operator, two_staff):
    submit(unit, operator, period="202103")
    _case, stored = declare(unit, operator, period="202103")
    assert not stored.passed
    assert "202103 城镇职工基本养老保险已申报" in messages(stored)
    assert "单位社会保险费撤销申报" in messages(stored)


def test_a_future_period_is_refused(unit, operator, two_staff):
    future = Period.of(dt.date.today()) + 1
    _case, stored = declare(unit, operator, period=str(future))
    assert not stored.passed and "晚于当前月份" in messages(stored)


def test_a_suspended_unit_type_is_refused(unit, operator, two_staff):
    UnitInsurance.objects.filter(unit=unit, insurance_type=UNEMPLOYMENT).update(
        status=UnitInsuranceStatus.SUSPENDED
    )
    _case, stored = declare(unit, operator, period="202103", unemployment="√")
    assert not stored.passed and "本单位失业保险已暂停缴费，不能申报" in messages(stored)
    # none ticked: only the types still paid in are declared
    submit(unit, operator, period="202103")
    assert list(MonthlyDeclaration.objects.values_list("insurance_type", flat=True)) == [PENSION]


def test_missing_base_standard_is_named(unit, operator, two_staff):
    BaseStandard.objects.filter(region=unit.region, year=2020).delete()
    _case, stored = declare(unit, operator, period="202103")
    assert not stored.passed
    assert "未配置湖北省省本级2020年的缴费基数标准" in messages(stored)


def test_no_staff_in_the_period_is_refused(policy, unit, operator):
    _case, stored = declare(unit, operator, period="202103")
    assert not stored.passed and "没有正常参保的职工" in messages(stored)


def test_staff_without_base_nor_wage_are_refused(policy, unit, operator):
    factories.enrol(factories.person(name="午未"), unit, start=dt.date(2019, 1, 1))
    _case, stored = declare(unit, operator, period="202103")
    assert not stored.passed and "既没有缴费基数也没有月缴费工资" in messages(stored)


def test_a_declaration_submitted_meanwhile_stops_the_second(unit, operator, two_staff):
    first, s1 = declare(unit, operator, period="202103")
    second, s2 = declare(unit, operator, period="202103")
    assert s1.passed and s2.passed
    cases.case_submit(case=first, actor=operator)
    with pytest.raises(CaseError):
        cases.case_submit(case=second, actor=operator)
    assert MonthlyDeclaration.objects.count() == 2  # the first's two types only


# comparison and the year ------------------------------------------------------------------


def test_comparison_with_the_previous_period(unit, operator, two_staff):
    submit(unit, operator, period="202102")
    newcomer = factories.person(name="申酉")
    factories.enrol(newcomer, unit, PENSION, start=dt.date(2021, 3, 1))
    base_of(newcomer, unit, "6000")
    two_staff[1].enrolments.update(status="suspended", end_period="202103")
    submit(unit, operator, period="202103")

    by_type = {c.insurance_type: c for c in period_comparison(unit=unit, period=Period(2021, 3))}
    pension = by_type[PENSION]
    assert (pension.previous_headcount, pension.headcount, pension.added, pension.removed) == (
        2,
        2,
        1,
        1,
    )
    assert (pension.previous_base_total, pension.base_total) == (D("17780.00"), D("14890.00"))
    assert pension.base_change == D("-2890.00")
    unemployment = by_type[UNEMPLOYMENT]
    assert (unemployment.headcount, unemployment.added, unemployment.removed) == (1, 0, 1)

    year = list(declarations_of_year(unit=unit, year=2020))
    assert [(d.period, d.insurance_type) for d in year] == [
        ("202103", PENSION),
        ("202103", UNEMPLOYMENT),
        ("202102", PENSION),
        ("202102", UNEMPLOYMENT),
    ]


def test_info_tables_show_types_comparison_and_the_year(unit, operator, two_staff):
    from shebao.services.registry import registry

    submit(unit, operator, period="202103")
    tables = registry[MONTHLY].info_tables(unit)
    assert tables[0].title == "单位参保险种"
    assert [r[1] for r in tables[0].rows] == ["202103", "202103"]  # 最大缴费期号
    assert tables[1].title == "上期（202102）与本期（202103）对比"
    assert {r[2] for r in tables[1].rows} == {"2"}


# §3.3.23 -----------------------------------------------------------------------------------


def cancel(unit, operator, **row):
    case = draft(CANCEL, unit, operator)
    stored = cases.case_row_add(case=case, raw=row)
    return case, stored


def test_cancel_marks_the_declarations_cancelled_and_deletes_the_details(unit, operator, two_staff):
    declared = submit(unit, operator, period="202103")
    case, stored = cancel(unit, operator, period="202103")
    assert stored.passed, stored.errors
    case = cases.case_submit(case=case, actor=operator)
    assert case.status == CaseStatus.COMPLETED and case.effect["details_deleted"] == 4
    assert set(MonthlyDeclaration.objects.values_list("status", "cancelled_by")) == {
        (DeclarationStatus.CANCELLED, case.serial_no)
    }
    assert not ContributionDetail.objects.exists()
    assert AuditEvent.objects.filter(case=case, event_type="case.submit").exists()
    assert declared.serial_no != case.serial_no
    # the period is free again
    submit(unit, operator, period="202103")
    assert MonthlyDeclaration.objects.filter(status=DeclarationStatus.DECLARED).count() == 2


def test_cancel_one_type_only(unit, operator, two_staff):
    submit(unit, operator, period="202103")
    case, stored = cancel(unit, operator, period="202103", insurance_type="失业保险")
    assert stored.passed, stored.errors
    cases.case_submit(case=case, actor=operator)
    assert dict(MonthlyDeclaration.objects.values_list("insurance_type", "status")) == {
        PENSION: DeclarationStatus.DECLARED,
        UNEMPLOYMENT: DeclarationStatus.CANCELLED,
    }
    assert set(ContributionDetail.objects.values_list("insurance_type", flat=True)) == {PENSION}


def test_cancel_after_billing_is_refused(unit, operator, two_staff):
    submit(unit, operator, period="202103")
    MonthlyDeclaration.objects.filter(insurance_type=PENSION).update(
        status=DeclarationStatus.BILLED
    )
    _case, stored = cancel(unit, operator, period="202103")
    assert not stored.passed
    assert "202103 城镇职工基本养老保险已开具应缴认定单，不能撤销申报" in messages(stored)
    assert ContributionDetail.objects.count() == 4


def test_billed_between_check_and_submit_stops_the_cancellation(unit, operator, two_staff):
    submit(unit, operator, period="202103")
    case, stored = cancel(unit, operator, period="202103")
    assert stored.passed
    MonthlyDeclaration.objects.update(status=DeclarationStatus.BILLED)
    with pytest.raises(CaseError):
        cases.case_submit(case=case, actor=operator)
    assert ContributionDetail.objects.count() == 4


def test_nothing_to_cancel(unit, operator, two_staff):
    _case, stored = cancel(unit, operator, period="202103")
    assert not stored.passed and "202103 没有可撤销的缴费申报" in messages(stored)


def test_cancel_list_shows_the_manuals_columns(unit, operator, two_staff):
    from shebao.services.registry import registry

    submit(unit, operator, period="202103")
    table = registry[CANCEL].info_table(unit)
    assert table.title == "待撤销列表"
    pension = next(r for r in table.rows if r[1] == "城镇职工基本养老保险")
    assert pension[:10] == (
        "202103",
        "城镇职工基本养老保险",
        "未足额到账",
        "2",
        "17,776.00",
        "17,780.00",
        "正常应缴",
        "2,844.80",
        "1,422.40",
        "4,267.20",
    )
    assert pension[-1] == "湖北省省本级"
