"""Policy parameters: the base rule (R-BASE-01/02, DV-02), rates, contribution year, missing
parameters named in Chinese."""

import datetime as dt
from decimal import Decimal

import pytest

from shebao.core.period import Period
from shebao.policy.models import (
    AccountInterestRate,
    BaseStandard,
    ClampOrder,
    ContributionRate,
    UnitRiskClass,
)
from shebao.policy.seed import policy_seed
from shebao.policy.selectors import (
    BaseRule,
    ClampFlag,
    InterestRate,
    MissingParameter,
    Payer,
    account_interest_rate_for,
    base_rule_for,
    contribution_year_of,
    contribution_year_periods,
    late_fee_rate_for,
    rate_for,
    risk_class_for,
)
from shebao.registry.choices import InsuranceType

D = Decimal


def rule(standard="6500", order=ClampOrder.ROUND_THEN_CLAMP, round_limits=True):
    return BaseRule(
        year=2020,
        average_wage=D(standard),
        floor_ratio=D("0.6"),
        cap_ratio=D("3"),
        clamp_order=order,
        round_limits=round_limits,
    )


@pytest.mark.parametrize(
    ("wage", "base"),
    [("5555", "5560"), ("8888", "8890"), ("5005", "5010"), ("5004", "5000"), ("5004.99", "5000")],
)
def test_dv02_round10_half_up_inside_the_limits(wage, base):
    assert rule().base(D(wage)) == (D(base), ClampFlag.NONE)


def test_floor_and_cap_are_60_and_300_percent_of_the_standard_rounded_to_10():
    r = rule("7777")  # 60% = 4666.2 -> 4670; 300% = 23331 -> 23330
    assert (r.floor, r.cap) == (D("4670"), D("23330"))
    assert r.base(D("3000")) == (D("4670"), ClampFlag.FLOOR)
    assert r.base(D("99999")) == (D("23330"), ClampFlag.CAP)
    assert r.base(D("4670")) == (D("4670"), ClampFlag.NONE)


def test_unrounded_limits_when_the_year_says_so():
    r = rule("7777", round_limits=False)
    assert (r.floor, r.cap) == (D("4666.20"), D("23331.00"))
    assert r.base(D("3000")) == (D("4666.20"), ClampFlag.FLOOR)


def test_clamp_order_decides_a_wage_just_under_the_floor():
    # floor 60% x 6500 = 3900; a wage of 3896 rounds to 3900, which is not below the floor
    assert rule(order=ClampOrder.ROUND_THEN_CLAMP).base(D("3896")) == (D("3900"), ClampFlag.NONE)
    # clamped first it is below the floor: 保底
    assert rule(order=ClampOrder.CLAMP_THEN_ROUND).base(D("3896")) == (D("3900"), ClampFlag.FLOOR)


def test_clamp_then_round_rounds_an_unrounded_limit():
    r = rule("7777", order=ClampOrder.CLAMP_THEN_ROUND, round_limits=False)
    assert r.base(D("3000")) == (D("4670"), ClampFlag.FLOOR)  # round10(4666.20)
    assert r.base(D("23335")) == (D("23330"), ClampFlag.CAP)  # round10(23331)


def test_base_rule_comes_from_the_regions_year(region):
    BaseStandard.objects.create(
        region=region, year=2020, average_wage=D("7777"), clamp_order=ClampOrder.CLAMP_THEN_ROUND
    )
    r = base_rule_for(region=region, year=2020)
    assert r.average_wage == D("7777") and r.clamp_order == ClampOrder.CLAMP_THEN_ROUND
    assert r.floor == D("4670")


def test_missing_base_standard_is_named(region):
    with pytest.raises(MissingParameter) as exc:
        base_rule_for(region=region, year=2027)
    assert str(exc.value) == "未配置湖北省省本级2027年的缴费基数标准"


def test_seeded_rates_are_the_manuals(region):
    policy_seed(region)
    on = dt.date(2021, 3, 1)
    got = {
        (t, p): rate_for(region=region, insurance_type=t, payer=p, on=on)
        for t in (InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT)
        for p in (Payer.UNIT, Payer.INDIVIDUAL)
    }
    assert got == {
        (InsuranceType.PENSION, Payer.UNIT): D("0.16"),
        (InsuranceType.PENSION, Payer.INDIVIDUAL): D("0.08"),
        (InsuranceType.UNEMPLOYMENT, Payer.UNIT): D("0.007"),
        (InsuranceType.UNEMPLOYMENT, Payer.INDIVIDUAL): D("0.003"),
    }
    policy_seed(region)  # idempotent
    assert ContributionRate.objects.filter(region=region).count() == 4 + 8


def test_work_injury_is_unit_only_by_risk_class(region, unit):
    policy_seed(region)
    on = dt.date(2021, 3, 1)
    kind = InsuranceType.WORK_INJURY
    assert rate_for(region=region, insurance_type=kind, payer=Payer.INDIVIDUAL, on=on) == 0
    with pytest.raises(MissingParameter):
        rate_for(region=region, insurance_type=kind, payer=Payer.UNIT, on=on)
    assert rate_for(region=region, insurance_type=kind, payer=Payer.UNIT, on=on, risk_class=3) == D(
        "0.007"
    )
    with pytest.raises(MissingParameter) as exc:
        risk_class_for(unit=unit, on=on)
    assert "工伤保险行业风险类别" in str(exc.value)
    UnitRiskClass.objects.create(unit=unit, risk_class=2, effective_from=dt.date(2020, 1, 1))
    assert risk_class_for(unit=unit, on=on) == 2


def test_rates_are_effective_dated(region):
    policy_seed(region)
    ContributionRate.objects.filter(
        region=region, insurance_type=InsuranceType.PENSION, payer=Payer.UNIT
    ).update(effective_to=dt.date(2022, 12, 31))
    ContributionRate.objects.create(
        region=region,
        insurance_type=InsuranceType.PENSION,
        payer=Payer.UNIT,
        rate=D("0.15"),
        effective_from=dt.date(2023, 1, 1),
    )
    kind, payer = InsuranceType.PENSION, Payer.UNIT
    assert rate_for(region=region, insurance_type=kind, payer=payer, on=dt.date(2022, 12, 31)) == D(
        "0.16"
    )
    assert rate_for(region=region, insurance_type=kind, payer=payer, on=dt.date(2023, 1, 1)) == D(
        "0.15"
    )
    with pytest.raises(MissingParameter) as exc:
        rate_for(region=region, insurance_type=kind, payer=payer, on=dt.date(2019, 4, 30))
    assert str(exc.value) == "未配置湖北省省本级2019-04-30起适用的城镇职工基本养老保险单位缴费比例"


def test_contribution_year_runs_july_to_june(region):
    with pytest.raises(MissingParameter):
        contribution_year_periods(2020, region=region)
    policy_seed(region)
    assert contribution_year_periods(2020, region=region) == (Period(2020, 7), Period(2021, 6))
    start, end = contribution_year_periods(2020, region=region)
    assert start.months_until(end) == 12  # DV-10
    assert contribution_year_of(Period(2021, 3), region=region) == 2020
    assert contribution_year_of(Period(2021, 7), region=region) == 2021


def test_late_fee_and_interest(region):
    with pytest.raises(MissingParameter) as exc:
        late_fee_rate_for(region=region, on=dt.date(2021, 3, 1))
    assert "滞纳金" in str(exc.value)
    policy_seed(region)
    assert late_fee_rate_for(region=region, on=dt.date(2021, 3, 1)) == D("0.0005")
    assert account_interest_rate_for(region=region, year=2020) == InterestRate(
        year=2020, rate=D("0.0604"), year_used=2020
    )
    # a year after the last published one (2024) stands on it, marked 暂按
    later = account_interest_rate_for(region=region, year=2030)
    assert later == InterestRate(year=2030, rate=D("0.0262"), year_used=2024, provisional=True)
    assert later.note == "暂按2024年利率"
    # before the first one, or a gap between published ones, is a configuration error
    with pytest.raises(MissingParameter) as exc:
        account_interest_rate_for(region=region, year=2010)
    assert str(exc.value) == "未配置湖北省省本级2010年的个人账户记账利率"
    AccountInterestRate.objects.filter(region=region, year=2021).delete()
    with pytest.raises(MissingParameter) as exc:
        account_interest_rate_for(region=region, year=2021)
    assert str(exc.value) == "未配置湖北省省本级2021年的个人账户记账利率"


def test_the_published_2023_and_2024_rates_are_seeded_with_their_notices(region):
    policy_seed(region)
    policy_seed(region)  # idempotent: one row a year
    rates = {r.year: r for r in AccountInterestRate.objects.filter(region=region)}
    assert (rates[2023].rate, rates[2024].rate) == (D("0.0397"), D("0.0262"))
    assert rates[2024].source == (
        "人力资源社会保障部办公厅 财政部办公厅关于公布2024年职工基本养老保险个人账户记账利率的通知"
        "：2024年记账利率为2.62%"
    )
    assert "2023年职工基本养老保险个人账户记账利率的通知" in rates[2023].source
    assert "3.97%" in rates[2023].source
    assert AccountInterestRate.objects.filter(region=region, year=2024).count() == 1
