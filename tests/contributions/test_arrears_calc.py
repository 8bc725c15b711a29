"""The 补缴 arithmetic, by hand: base, amounts, individual-account interest, late fee.

Parameters as the policy seed has them: 缴费基数标准 6500 (floor 3900, cap 19500), pension
16% / 8%, unemployment 0.7% / 0.3%, late fee 0.05% a day, 记账利率 2020 6.04%,
2021 6.69%, 2022 6.12%. The due day is the 15th of the month after the period.
"""

import datetime as dt
from decimal import Decimal

import pytest

from shebao.contributions import arrears_calc as calc
from shebao.core.period import Period
from shebao.policy.selectors import BaseRule
from shebao.registry.choices import InsuranceType

D = Decimal
RULE = BaseRule(year=2020, average_wage=D("6500"), floor_ratio=D("0.6"), cap_ratio=D("3"))
RATES = {2020: D("0.0604"), 2021: D("0.0669"), 2022: D("0.0612")}
LATE = D("0.0005")


def pension(period: str, wage: str, **kw) -> calc.LineInput:
    return calc.LineInput(
        period=Period.parse(period),
        insurance_type=InsuranceType.PENSION,
        type_label="城镇职工基本养老保险",
        wage=D(wage),
        rule=RULE,
        unit_rate=D("0.16"),
        individual_rate=D("0.08"),
        has_account=True,
        interest_rates=RATES,
        late_fee_rate=LATE,
        **kw,
    )


def unemployment(period: str, wage: str) -> calc.LineInput:
    return calc.LineInput(
        period=Period.parse(period),
        insurance_type=InsuranceType.UNEMPLOYMENT,
        type_label="失业保险",
        wage=D(wage),
        rule=RULE,
        unit_rate=D("0.007"),
        individual_rate=D("0.003"),
        has_account=False,
        interest_rates=RATES,
        late_fee_rate=LATE,
    )


def test_due_date_is_the_15th_of_the_following_month():
    assert calc.due_date(Period(2021, 3)) == dt.date(2021, 4, 15)
    assert calc.due_date(Period(2020, 12)) == dt.date(2021, 1, 15)
    assert calc.late_days(Period(2021, 3), dt.date(2021, 4, 15)) == 0  # due day itself
    assert calc.late_days(Period(2021, 3), dt.date(2021, 4, 16)) == 1
    assert calc.late_days(Period(2021, 3), dt.date(2021, 3, 20)) == 0  # not overdue yet


def test_one_year_202103_paid_2021_08_13():
    line = calc.line_calc(pension("202103", "6500"), on=dt.date(2021, 8, 13))
    # base 6500 lies between 3900 and 19500
    assert (line.base, line.clamp) == (D("6500"), "")
    assert line.unit_amount == D("1040.00")  # 6500 × 16%
    assert line.individual_amount == D("520.00")  # 6500 × 8%
    # interest months 202104..202107 = 4 at 6.69%: 520 × (1 + 0.0669 × 4/12) − 520 = 11.596
    assert calc.interest_months(Period(2021, 3), dt.date(2021, 8, 13)) == {2021: 4}
    assert line.interest == D("11.60")
    # 2021-04-16 .. 2021-08-13: 15 + 31 + 30 + 31 + 13 = 120 days; 1560 × 0.0005 × 120 = 93.60
    assert line.late_days == 120
    assert line.late_fee == D("93.60")
    assert line.total == D("1040.00") + D("520.00") + D("11.60") + D("93.60")
    assert line.explanation.startswith(
        "202103 城镇职工基本养老保险 基数 6,500.00 × 单位 16% = 1,040.00"
    )
    assert "个人 8% = 520.00" in line.explanation
    assert "(1 + 6.69% × 4/12)" in line.explanation and "= 11.60" in line.explanation
    assert "滞纳金 1,560.00 × 0.05% × 120 天 = 93.60" in line.explanation


def test_interest_compounds_at_each_year_end():
    on = dt.date(2022, 3, 10)
    line = calc.line_calc(pension("202011", "6500"), on=on)
    # months: 202012 (2020: 1), 2021: 12, 202201-202202 (2022: 2)
    assert calc.interest_months(Period(2020, 11), on) == {2020: 1, 2021: 12, 2022: 2}
    # 520 × (1 + 0.0604 × 1/12) × (1 + 0.0669) × (1 + 0.0612 × 2/12) − 520 = 43.26775…
    assert line.interest == D("43.27")
    # 2020-12-16 .. 2022-03-10: 16 + 365 + 31 + 28 + 10 = 450 days; 1560 × 0.0005 × 450 = 351
    assert (line.late_days, line.late_fee) == (450, D("351.00"))


def test_unemployment_has_no_account_interest_and_rounds_the_fee_half_up():
    line = calc.line_calc(unemployment("202011", "6500"), on=dt.date(2022, 3, 10))
    assert (line.unit_amount, line.individual_amount) == (D("45.50"), D("19.50"))
    assert line.interest == D("0.00")
    # (45.50 + 19.50) × 0.0005 × 450 = 14.625 -> 14.63
    assert line.late_fee == D("14.63")


def test_each_years_floor_and_cap_and_ten_yuan_rounding():
    low = calc.line_calc(unemployment("202011", "3000"), on=dt.date(2021, 1, 1))
    assert (low.base, low.clamp) == (D("3900"), "floor")
    assert (low.unit_amount, low.individual_amount) == (D("27.30"), D("11.70"))
    assert "（保底）" in low.explanation
    high = calc.line_calc(pension("202011", "25000"), on=dt.date(2021, 1, 1))
    assert (high.base, high.clamp) == (D("19500"), "cap")
    assert "（封顶）" in high.explanation
    # WE-06: 5555 -> 5560; × 0.7% = 38.92, × 0.3% = 16.68
    mid = calc.line_calc(unemployment("202003", "5555"), on=dt.date(2020, 4, 1))
    assert (mid.base, mid.unit_amount, mid.individual_amount) == (
        D("5560"),
        D("38.92"),
        D("16.68"),
    )


def test_periods_before_1996_have_no_interest_nor_late_fee():
    line = calc.line_calc(pension("199512", "6500"), on=dt.date(2022, 3, 10))
    assert (line.interest, line.late_fee, line.late_days) == (D("0.00"), D("0.00"), 0)
    assert "1996年1月1日前时段不计利息和滞纳金" in line.explanation
    after = calc.line_calc(pension("199601", "6500"), on=dt.date(1996, 2, 16))
    # 199601 is due 1996-02-15: one day late; 1560 × 0.0005 × 1 = 0.78; no whole month yet
    assert (after.late_fee, after.interest) == (D("0.78"), D("0.00"))


def test_waived_late_fee_keeps_the_interest():
    line = calc.line_calc(pension("202103", "6500", charge_late_fee=False), on=dt.date(2021, 8, 13))
    assert (line.late_fee, line.interest) == (D("0.00"), D("11.60"))


def test_totals_add_the_rounded_lines():
    on = dt.date(2022, 3, 10)
    lines = [
        calc.line_calc(i, on=on)
        for i in (pension("202011", "6500"), unemployment("202011", "6500"))
    ]
    sums = calc.totals(lines)
    assert sums.months == 1
    assert sums.unit_amount == D("1040.00") + D("45.50")
    assert sums.individual_amount == D("520.00") + D("19.50")
    assert sums.interest == D("43.27")
    assert sums.late_fee == D("351.00") + D("14.63")


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        ("202003", "202006", 4),
        ("202103", "202103", 1),
        ("201407", "201609", 27),
        ("202007", "202106", 12),
    ],
)
def test_dv10_month_counting(start, end, months):
    periods = calc.periods_between(Period.parse(start), Period.parse(end))
    assert len(periods) == months
    assert (str(periods[0]), str(periods[-1])) == (start, end)


def test_percent_labels():
    assert calc.percent(D("0.16")) == "16%"
    assert calc.percent(D("0.0005")) == "0.05%"
    assert calc.percent(D("0.0669")) == "6.69%"
