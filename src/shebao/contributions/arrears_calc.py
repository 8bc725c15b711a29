"""补缴 arithmetic: one person-month-type line, pure and hand-checkable (no database).

Conventions (the manual gives none of these numbers, so each is a named choice):

- Base: the declared monthly wage through the base rule of the contribution year that
  holds the period (R-BASE-03: each historical year's floor and cap, round to 10 yuan).
- Amounts: base × rate, half-up to the cent (``core.money.amount_due``), unit and
  individual separately (R-BP-02).
- Fees only for periods from 199601 on (R-BP-05: 补缴1996年1月1日以后时段).
- Individual-account interest (个人账户利息): on the individual share that goes into the
  individual account (pension only; unemployment and work injury have no account). It
  accrues from the month after the period up to the month before the calculation date's
  month, in whole months: each calendar year ``y`` contributes ``m_y`` months at that
  year's 记账利率 ``r_y``, simple within the year and compounded at each year end:
  ``interest = P × Π(1 + r_y × m_y / 12) − P``, kept exact and rounded half-up to the
  cent once, at the end. A year whose rate is not published yet uses the last published
  one, marked 暂按 in the explanation and on the line (``interest_provisional``), and is
  worked out again when the rate is entered (``contributions.interest``).
- Late fee (滞纳金): ``(unit + individual) × daily rate × days``, half-up to the cent, the
  days counted from the day after the due date to the calculation date inclusive; the
  due date is the ``DUE_DAY`` of the month after the period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from shebao.core.money import amount_due, round_half_up_to_cent
from shebao.core.money import format_money as M
from shebao.core.period import Period
from shebao.policy.models import ClampFlag
from shebao.policy.selectors import BaseRule

#: 缴费截止日: contributions of period M are due on this day of month M + 1.
DUE_DAY = 15
#: R-BP-05: periods from this one on pay individual-account interest and late fees.
FEES_FROM = Period(1996, 1)

ZERO = Decimal("0.00")


def due_date(period: Period, *, due_day: int = DUE_DAY) -> dt.date:
    """202103 -> 2021-04-15."""
    following = period + 1
    return dt.date(following.year, following.month, due_day)


def late_days(period: Period, on: dt.date, *, due_day: int = DUE_DAY) -> int:
    """Days from the day after the due date to ``on`` inclusive; 0 if not yet overdue."""
    return max((on - due_date(period, due_day=due_day)).days, 0)


def interest_months(period: Period, on: dt.date) -> dict[int, int]:
    """Whole months of interest per calendar year: period + 1 .. the month before ``on``."""
    months: dict[int, int] = {}
    month, stop = period + 1, Period.of(on)
    while month < stop:
        months[month.year] = months.get(month.year, 0) + 1
        month = month + 1
    return months


def interest_years(periods: Iterable[Period], on: dt.date) -> set[int]:
    """The calendar years whose 记账利率 a calculation on ``on`` needs."""
    years: set[int] = set()
    for period in periods:
        if period >= FEES_FROM:
            years.update(interest_months(period, on))
    return years


def account_interest(
    principal: Decimal, months: Mapping[int, int], rates: Mapping[int, Decimal]
) -> Decimal:
    """``P × Π(1 + r_y × m_y / 12) − P``, half-up to the cent."""
    amount = principal
    for year in sorted(months):
        amount = amount * (1 + rates[year] * months[year] / 12)
    return round_half_up_to_cent(amount - principal)


@dataclass(frozen=True)
class Interest:
    amount: Decimal
    #: the factors and result, e.g. ``个人账户利息 520.00 × (1 + 2.62% × 12/12) − 520.00 = …``
    text: str
    #: the published year a provisional (暂按) year's rate came from; None: all published
    provisional: int | None = None


def interest_part(
    principal: Decimal,
    period: Period,
    on: dt.date,
    rates: Mapping[int, Decimal],
    provisional: Mapping[int, int] | None = None,
) -> Interest:
    """The individual-account interest of one line and its arithmetic; ``provisional``
    maps a year without a published rate to the year whose rate stands in (暂按)."""
    provisional = provisional or {}
    months = interest_months(period, on)
    amount = account_interest(principal, months, rates)
    factors = " × ".join(
        f"(1 + {percent(rates[y])} × {months[y]}/12"
        + (f"，{y}年暂按{provisional[y]}年利率" if y in provisional else "")
        + ")"
        for y in sorted(months)
    )
    used = {provisional[y] for y in months if y in provisional}
    return Interest(
        amount=amount,
        text=f"个人账户利息 {M(principal)} × {factors or '1'} − {M(principal)} = {M(amount)}",
        provisional=max(used) if used else None,
    )


def late_fee(amount: Decimal, daily_rate: Decimal, days: int) -> Decimal:
    return round_half_up_to_cent(amount * daily_rate * days)


def percent(rate: Decimal) -> str:
    """0.16 -> "16%", 0.0005 -> "0.05%", 0.0669 -> "6.69%"."""
    text = format((rate * 100).normalize(), "f")
    return f"{text}%"


@dataclass(frozen=True)
class LineInput:
    """What one line needs from policy, looked up by the caller."""

    period: Period
    insurance_type: str
    type_label: str
    wage: Decimal
    rule: BaseRule
    unit_rate: Decimal
    individual_rate: Decimal
    #: the individual share is credited to an individual account (pension)
    has_account: bool
    interest_rates: Mapping[int, Decimal] = field(default_factory=dict)
    #: year -> the published year whose rate stands in for it (暂按)
    provisional_rates: Mapping[int, int] = field(default_factory=dict)
    late_fee_rate: Decimal = Decimal(0)
    #: False: no late fee (e.g. inside an approved deferral, or fees left to the bill)
    charge_late_fee: bool = True
    charge_interest: bool = True
    due_day: int = DUE_DAY
    #: the base when it is already fixed (e.g. a declared base); None: from the wage
    base: Decimal | None = None


@dataclass(frozen=True)
class Line:
    period: Period
    insurance_type: str
    wage: Decimal
    base: Decimal
    clamp: str
    unit_amount: Decimal
    individual_amount: Decimal
    interest: Decimal
    late_fee: Decimal
    late_days: int
    explanation: str
    #: interest worked out at a provisional rate: the published year it used (暂按)
    interest_provisional: int | None = None

    @property
    def total(self) -> Decimal:
        return self.unit_amount + self.individual_amount + self.interest + self.late_fee


def line_calc(item: LineInput, *, on: dt.date) -> Line:
    """One line and its explanation, e.g. ``202103 城镇职工基本养老保险 基数 6500.00 × 单位 16%
    = 1040.00，个人 8% = 520.00；利息 …；滞纳金 1560.00 × 0.05% × 120 天 = 93.60``."""
    if item.base is not None:
        base, clamp = item.base, ClampFlag.NONE
    else:
        base, clamp = item.rule.base(item.wage)
    unit_amount = amount_due(base, item.unit_rate)
    individual_amount = amount_due(base, item.individual_rate)
    clamp_text = {ClampFlag.FLOOR: "（保底）", ClampFlag.CAP: "（封顶）"}.get(clamp, "")
    parts = [
        f"{item.period} {item.type_label} 基数 {M(base)}{clamp_text} × 单位 "
        f"{percent(item.unit_rate)} = {M(unit_amount)}，个人 {percent(item.individual_rate)} "
        f"= {M(individual_amount)}"
    ]
    with_fees = item.period >= FEES_FROM
    interest, provisional = ZERO, None
    if with_fees and item.charge_interest and item.has_account and individual_amount:
        part = interest_part(
            individual_amount, item.period, on, item.interest_rates, item.provisional_rates
        )
        interest, provisional = part.amount, part.provisional
        parts.append(part.text)
    fee, days = ZERO, 0
    if with_fees and item.charge_late_fee:
        days = late_days(item.period, on, due_day=item.due_day)
        owed = unit_amount + individual_amount
        fee = late_fee(owed, item.late_fee_rate, days)
        parts.append(
            f"滞纳金 {M(owed)} × {percent(item.late_fee_rate)} × {days} 天 = {M(fee)}"
            f"（{due_date(item.period, due_day=item.due_day).isoformat()} 次日起算）"
        )
    elif not with_fees:
        parts.append("1996年1月1日前时段不计利息和滞纳金")
    return Line(
        period=item.period,
        insurance_type=item.insurance_type,
        wage=item.wage,
        base=base,
        clamp=str(clamp),
        unit_amount=unit_amount,
        individual_amount=individual_amount,
        interest=interest,
        late_fee=fee,
        late_days=days,
        explanation="；".join(parts),
        interest_provisional=provisional,
    )


@dataclass(frozen=True)
class Totals:
    months: int
    unit_amount: Decimal
    individual_amount: Decimal
    interest: Decimal
    late_fee: Decimal

    @property
    def total(self) -> Decimal:
        return self.unit_amount + self.individual_amount + self.interest + self.late_fee


def totals(lines: Iterable[Line]) -> Totals:
    """Sums of the rounded lines (each line is rounded first, then added)."""
    items = list(lines)
    return Totals(
        months=len({line.period for line in items}),
        unit_amount=sum((line.unit_amount for line in items), ZERO),
        individual_amount=sum((line.individual_amount for line in items), ZERO),
        interest=sum((line.interest for line in items), ZERO),
        late_fee=sum((line.late_fee for line in items), ZERO),
    )


def periods_between(start: Period, end: Period) -> list[Period]:
    """202003..202006 -> [202003, 202004, 202005, 202006] (DV-10)."""
    return [start + i for i in range(start.months_until(end))]
