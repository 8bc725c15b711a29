"""Wage changes within two years (§3.3.21): the window, the new bases and the differences.

Shared by the spec's checks, its 申报表 and its effect, so the report shows the very
differences the approval writes. Set-based: the declared details of every row come from
one query (and the audited bases, earlier changes and enrolments from one query each);
policy is looked up once per month, and a change never spans more than 24 months.

两年内 (R-TIME-09, WE-22 leaves the reference open) is read from today: the 24 months
ending with the current month, so on 2026-12-01 the periods 202501-202612 can be changed.
Later months than the current one cannot be changed (nothing was declared for them).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from shebao.core.money import amount_due
from shebao.core.period import Period
from shebao.policy.selectors import BaseRule, base_rule_for, contribution_year_of
from shebao.registry.models import Enrolment, Unit

from . import calculation
from .models import HOLDING, AuditedBase, BaseAdjustment, ContributionDetail, WageChange

#: How far back a wage change reaches, counting the current month (两年内).
WINDOW_MONTHS = 24
ZERO = Decimal(0)


def today() -> dt.date:
    """The day the window is measured from (a seam for tests)."""
    return timezone.localdate()


def change_window(on: dt.date | None = None) -> tuple[Period, Period]:
    """First and last period a wage change may cover: 2026-12-01 -> (202501, 202612)."""
    now = Period.of(on or today())
    return now + -(WINDOW_MONTHS - 1), now


def months(start: Period, end: Period) -> list[Period]:
    return [start + i for i in range(start.months_until(end))]


@dataclass(frozen=True)
class Change:
    """One row of a wage change: a person's new monthly wage for ``start``..``end``."""

    person_id: int
    start: Period
    end: Period
    wage: Decimal

    def overlaps(self, start: Period, end: Period) -> bool:
        return self.start <= end and start <= self.end


@dataclass(frozen=True)
class MonthDiff:
    period: Period
    insurance_type: str
    old_base: Decimal
    new_base: Decimal
    unit_diff: Decimal
    individual_diff: Decimal

    @property
    def total(self) -> Decimal:
        return self.unit_diff + self.individual_diff


@dataclass
class ChangeEffect:
    """The differences of one change, and the months nothing was declared for."""

    lines: list[MonthDiff] = field(default_factory=list)
    undeclared: list[Period] = field(default_factory=list)

    @property
    def back_pay(self) -> Decimal:
        """补差: what the unit and the person still owe."""
        return sum((d.total for d in self.lines if d.total > 0), ZERO)

    @property
    def refund(self) -> Decimal:
        """退差: what is refunded, as a positive amount."""
        return -sum((d.total for d in self.lines if d.total < 0), ZERO)

    def periods(self, *, refund: bool) -> list[Period]:
        return sorted({d.period for d in self.lines if (d.total < 0) == refund and d.total})


class MonthRules:
    """Base rule and contribution year per month, each looked up once (MissingParameter)."""

    def __init__(self, unit: Unit) -> None:
        self.unit = unit
        self._rules: dict[Period, BaseRule] = {}
        self._plans: dict[tuple[Period, tuple[str, ...]], calculation.Plan] = {}

    def rule(self, period: Period) -> BaseRule:
        if period not in self._rules:
            region = self.unit.region
            year = contribution_year_of(period, region=region)
            self._rules[period] = base_rule_for(region=region, year=year)
        return self._rules[period]

    def base(self, period: Period, wage: Decimal) -> Decimal:
        return self.rule(period).base(wage)[0]

    def plan(self, period: Period, types: Iterable[str]) -> calculation.Plan:
        key = (period, tuple(sorted(set(types))))
        if key not in self._plans:
            self._plans[key] = calculation.plan_for(unit=self.unit, period=period, types=key[1])
        return self._plans[key]


def _span(changes: list[Change]) -> tuple[str, str]:
    return str(min(c.start for c in changes)), str(max(c.end for c in changes))


def enrolled_months(*, unit: Unit, person_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """Each person's enrolment spans at the unit (any type, also stopped ones)."""
    spans: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for person_id, start, end in Enrolment.objects.filter(
        unit=unit, person_id__in=person_ids
    ).values_list("person_id", "start_period", "end_period"):
        spans[person_id].append((start, end))
    return spans


def is_enrolled(spans: list[tuple[str, str]], period: Period) -> bool:
    """Enrolled in ``period``: started in or before it and not stopped by it (停保年月 not due)."""
    p = str(period)
    return any(start <= p and (not end or end > p) for start, end in spans)


def approved_changes(*, unit: Unit, changes: list[Change]) -> dict[int, list[WageChange]]:
    """Earlier approved changes of the same persons that reach into the rows' span."""
    if not changes:
        return {}
    low, high = _span(changes)
    found: dict[int, list[WageChange]] = defaultdict(list)
    for w in WageChange.objects.filter(
        unit=unit,
        person_id__in={c.person_id for c in changes},
        start_period__lte=high,
        end_period__gte=low,
    ):
        found[w.person_id].append(w)
    return found


def audited_bases(*, unit: Unit, changes: list[Change]) -> dict[tuple[int, str], Decimal]:
    """稽核部门认定的缴费基数 of the persons and months the rows cover."""
    if not changes:
        return {}
    low, high = _span(changes)
    rows = AuditedBase.objects.filter(
        unit=unit,
        person_id__in={c.person_id for c in changes},
        period__gte=low,
        period__lte=high,
    ).values_list("person_id", "period", "base")
    return {(person_id, period): base for person_id, period, base in rows}


def effects_for(
    *, unit: Unit, changes: list[Change], rules: MonthRules | None = None
) -> list[ChangeEffect]:
    """The differences of each change against the details declared for it, in order.

    One query fetches the declared details of every row; a month without a declaration of
    the person gives no difference (it is listed in ``undeclared``), nor does a month
    whose new base and amounts equal the declared ones.
    """
    rules = rules or MonthRules(unit)
    effects = [ChangeEffect() for _c in changes]
    if not changes:
        return effects
    low, high = _span(changes)
    details: dict[tuple[int, str], list[ContributionDetail]] = defaultdict(list)
    for d in ContributionDetail.objects.filter(
        period__gte=low,
        period__lte=high,
        unit=unit,
        person_id__in={c.person_id for c in changes},
        declaration__status__in=HOLDING,
    ).only("period", "person_id", "insurance_type", "base", "unit_amount", "individual_amount"):
        details[(d.person_id, d.period)].append(d)
    for change, effect in zip(changes, effects, strict=True):
        for period in months(change.start, change.end):
            lines = details.get((change.person_id, str(period)), [])
            if not lines:
                effect.undeclared.append(period)
                continue
            new_base = rules.base(period, change.wage)
            plan = rules.plan(period, [d.insurance_type for d in lines])
            for d in sorted(lines, key=lambda d: d.insurance_type):
                t = d.insurance_type
                unit_diff = amount_due(new_base, plan.unit_rates[t]) - d.unit_amount
                person_diff = amount_due(new_base, plan.individual_rates[t]) - d.individual_amount
                if new_base == d.base and not unit_diff and not person_diff:
                    continue
                effect.lines.append(MonthDiff(period, t, d.base, new_base, unit_diff, person_diff))
    return effects


def adjustments_create(
    *, unit: Unit, changes: list[Change], wage_changes: list[WageChange], serial_no: str
) -> list[BaseAdjustment]:
    """Write the 差额补退记录 of approved changes (``wage_changes`` in the same order)."""
    lines = [
        BaseAdjustment(
            period=str(d.period),
            person_id=change.person_id,
            unit=unit,
            insurance_type=d.insurance_type,
            old_base=d.old_base,
            new_base=d.new_base,
            unit_diff=d.unit_diff,
            individual_diff=d.individual_diff,
            wage_change=record,
            serial_no=serial_no,
        )
        for change, record, effect in zip(
            changes, wage_changes, effects_for(unit=unit, changes=changes), strict=True
        )
        for d in effect.lines
    ]
    return BaseAdjustment.objects.bulk_create(lines, batch_size=2000)


__all__ = [
    "WINDOW_MONTHS",
    "Change",
    "ChangeEffect",
    "MonthDiff",
    "MonthRules",
    "adjustments_create",
    "approved_changes",
    "audited_bases",
    "change_window",
    "effects_for",
    "enrolled_months",
    "is_enrolled",
    "months",
    "today",
]
