"""The shared base of the person back-payments: the row checks, the calculation, the
effect and the 申报表 columns that §3.3.30, §3.3.31 and §3.3.34 have in common."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from django.utils.translation import gettext as _

from shebao.core.errors import InvalidValue
from shebao.core.money import format_money
from shebao.core.period import Period
from shebao.registration.specs.common import check_unit_columns, ticked_types
from shebao.registry.choices import EnrolmentStatus, InsuranceType
from shebao.registry.disclosure import NAME_MISMATCH, PERSON_NO_MISMATCH
from shebao.registry.models import Enrolment, Person, Unit
from shebao.services.spec import (
    CheckContext,
    Mode,
    ReportField,
    Review,
    RowT,
    ServiceSpec,
)

from .. import arrears, arrears_calc
from ..models import UnitDeferral
from ..policy_lookups import PolicyLookups
from .arrears_rows import (
    ALREADY_PAID,
    END_BEFORE_START,
    MONTHS_MISMATCH,
    NO_TYPES,
    NOT_ENROLLED,
    NOT_PAST,
    OVERLAP,
    PERSON_TYPE_MISSING,
    PROVISIONAL_NOTE,
    TYPE_GROUP,
    UNIT_TYPE_MISSING,
)
from .recorded_money import arrears_money, calc_lines

if TYPE_CHECKING:
    from shebao.services.spec import EffectContext


@dataclass
class Checked:
    """A row that passed the person checks, with what the calculation needs."""

    person: Person
    start: Period
    end: Period
    types: list[str]


@dataclass
class Lookups:
    """What the checks, the 申报表 and the effect of a set of rows look up, loaded once
    for all of them (``prefetch``): a 1,000-row upload costs the queries of a 10-row one."""

    #: persons by ID number with their enrolment statuses at the unit (R-BP-03)
    persons: dict[str, tuple[Person, dict[str, str]]]
    unit_types: list[str]
    policy: PolicyLookups
    #: (YYYYMM, type) already due, by person id, over the span of every row
    due: dict[int, set[tuple[str, str]]] = field(default_factory=dict)
    #: §3.3.30: 累计补缴月数 by person id, and the 统账结合 date
    back_paid_months: dict[int, int] = field(default_factory=dict)
    pooling: dt.date | None = None
    #: §3.3.34: the unit's deferrals, and the wages declared per (person id, year)
    deferrals: list[UnitDeferral] = field(default_factory=list)
    declared_wages: dict[tuple[int, int], Decimal | None] = field(default_factory=dict)
    enrolment_wages: dict[int, Decimal] = field(default_factory=dict)


def _unit_types(unit: Unit) -> list[str]:
    return sorted(unit.insurances.values_list("insurance_type", flat=True))


def _row_types(row: Any, unit_types: list[str]) -> list[str]:
    """The ticked types, or every type of the unit (R-BP-04: all by default)."""
    ticked = [str(t.value) for t in ticked_types(row)]
    return ticked or list(unit_types)


def _money(amount: Any) -> str:
    return format_money(amount)


class PersonArrears(ServiceSpec[RowT]):
    """The shared row checks, calculation and effect; subclasses add their rule."""

    kind: ClassVar[str]
    #: whether the late fee is charged (a deferral waives it inside the deferral)
    charges_late_fee: ClassVar[bool] = True
    modes = frozenset({Mode.SINGLE, Mode.BATCH})
    review = Review.AGENCY
    report_columns: ClassVar[Sequence[str]] = (
        "person_no",
        "id_number",
        "name",
        "start_period",
        "end_period",
        "reason",
        "wage",
    )
    report_computed = (
        ReportField("months", "补缴月数", "number"),
        ReportField("unit_amount", "单位补缴", "money"),
        ReportField("individual_amount", "个人补缴", "money"),
        ReportField("interest", "个人账户利息", "money"),
        ReportField("late_fee", "滞纳金", "money"),
        ReportField("total", "合计", "money"),
        ReportField("detail", "计算明细"),
    )
    money_summary = arrears_money  # the approved lines read back, per type

    # -- hooks -------------------------------------------------------------------------

    def check_unit(self, ctx: CheckContext, rows: list[tuple[int, Any]]) -> bool:
        """Refuse every row when the unit may not use the service; True when it may."""
        return True

    def check_row(
        self, ctx: CheckContext, number: int, row: Any, checked: Checked, state: dict[str, Any]
    ) -> None:
        """The service's own rule for one row; ``state`` carries totals across the rows."""

    def lines_for(
        self, unit: Unit, row: Any, checked: Checked, on: dt.date, lookups: Lookups
    ) -> list[Any]:
        return arrears.person_lines(
            unit=unit,
            start=checked.start,
            end=checked.end,
            types=checked.types,
            wage=Decimal(row.wage),
            on=on,
            late_fee=self.charges_late_fee,
            policy=lookups.policy,
        )

    def prefetch(self, unit: Unit, rows: list[Any]) -> Lookups:
        persons = self._persons(unit, [row.id_number for row in rows])
        lookups = Lookups(persons=persons, unit_types=_unit_types(unit), policy=PolicyLookups(unit))
        periods = [Period.parse(p) for row in rows for p in (row.start_period, row.end_period)]
        if persons and periods:
            lookups.due = arrears.periods_due(
                persons=[person for person, _types in persons.values()],
                start=min(periods),
                end=max(periods),
            )
        return lookups

    # -- checks ------------------------------------------------------------------------

    def check(self, ctx: CheckContext, rows: list[tuple[int, Any]]) -> None:
        unit = ctx.unit
        if not self.check_unit(ctx, rows):
            return
        now = Period.of(arrears.calculation_date())
        lookups: Lookups = ctx.prefetched
        spans: dict[int, list[tuple[int, Period, Period, set[str]]]] = {}
        state: dict[str, Any] = {}
        for number, row in rows:
            check_unit_columns(ctx, number, row, unit)
            checked = self._check_person_row(ctx, number, row, lookups, now)
            if checked is None:
                continue
            for other, start, end, types in spans.get(checked.person.pk, []):
                if start <= checked.end and checked.start <= end and types & set(checked.types):
                    ctx.fail(number, "补缴开始年月", _(OVERLAP) % {"n": other})
            spans.setdefault(checked.person.pk, []).append(
                (number, checked.start, checked.end, set(checked.types))
            )
            paid = arrears.paid_labels(
                lookups.due.get(checked.person.pk, ()), checked.start, checked.end, checked.types
            )
            if paid:
                shown = "、".join(paid[:3]) + ("等" if len(paid) > 3 else "")
                ctx.fail(number, "补缴开始年月", _(ALREADY_PAID) % {"p": shown})
            self.check_row(ctx, number, row, checked, state)
            if number in ctx.errors:
                continue
            try:
                self.lines_for(unit, row, checked, arrears.calculation_date(), lookups)
            except InvalidValue as missing:  # MissingParameter, or no wage on record
                ctx.fail(number, "补缴开始年月", str(missing))

    @staticmethod
    def _persons(unit: Unit, id_numbers: list[str]) -> dict[str, tuple[Person, dict[str, str]]]:
        """Persons by ID number with their enrolment statuses at the unit (R-BP-03)."""
        found: dict[str, tuple[Person, dict[str, str]]] = {}
        enrolments = Enrolment.objects.filter(
            unit=unit, person__in=Person.objects.by_id_numbers(id_numbers)
        ).select_related("person")
        for e in enrolments.order_by("start_date"):
            person, types = found.setdefault(e.person.id_number, (e.person, {}))
            if types.get(e.insurance_type) != EnrolmentStatus.ACTIVE:
                types[e.insurance_type] = e.status
        return found

    def _check_person_row(
        self,
        ctx: CheckContext,
        number: int,
        row: Any,
        lookups: Lookups,
        now: Period,
    ) -> Checked | None:
        start, end = Period.parse(row.start_period), Period.parse(row.end_period)
        if end < start:
            ctx.fail(number, "补缴结束年月", _(END_BEFORE_START) % {"e": end, "s": start})
            return None
        if end >= now:
            ctx.fail(number, "补缴结束年月", _(NOT_PAST) % {"e": end, "n": now})
        months = start.months_until(end)
        if row.months and row.months.removesuffix(".0") != str(months):
            ctx.fail(number, "补缴月数", _(MONTHS_MISMATCH) % {"v": row.months, "n": months})
        entry = lookups.persons.get(row.id_number)
        if entry is None:
            ctx.fail(number, "身份证号码", _(NOT_ENROLLED))
            return None
        person, person_types = entry
        if row.name and row.name != person.name:
            ctx.fail(number, "姓名", _(NAME_MISMATCH))
        if row.person_no and row.person_no != person.person_no:
            ctx.fail(number, "个人编号", _(PERSON_NO_MISMATCH))
        unit_types = set(lookups.unit_types)
        types = _row_types(row, lookups.unit_types)
        if not types:
            ctx.fail(number, TYPE_GROUP, _(NO_TYPES))
            return None
        for t in types:
            label = InsuranceType(t).label
            if t not in unit_types:
                ctx.fail(number, label, _(UNIT_TYPE_MISSING) % {"t": label})
            elif t not in person_types:
                ctx.fail(number, label, _(PERSON_TYPE_MISSING) % {"t": label})
        return Checked(person, start, end, types)

    # -- effect ------------------------------------------------------------------------

    def apply(self, effect: EffectContext, rows: list[Any]) -> dict[str, Any]:
        unit = effect.unit
        on = arrears.calculation_date()
        lookups = self.prefetch(unit, rows)
        created = []
        for row in rows:
            person = lookups.persons[row.id_number][0]
            checked = Checked(
                person,
                Period.parse(row.start_period),
                Period.parse(row.end_period),
                _row_types(row, lookups.unit_types),
            )
            lines = self.lines_for(unit, row, checked, on, lookups)
            record = arrears.arrears_create(
                effect=effect,
                kind=self.kind,
                person=person,
                start=checked.start,
                end=checked.end,
                lines=[(person, line) for line in lines],
                on=on,
                reason=getattr(row, "reason", "") or "",
                wage=Decimal(row.wage) if row.wage is not None else None,
            )
            created.append(record)
        return {
            "arrears": [r.pk for r in created],
            "lines": sum(r.lines.count() for r in created),
            "total": f"{sum((r.total for r in created), Decimal(0)):.2f}",  # data, not display
        }

    def revert(self, effect: EffectContext) -> dict[str, Any]:
        return arrears.arrears_cancel_for_case(effect)

    # -- 申报表 -------------------------------------------------------------------------

    def summary(self, rows: list[Any]) -> list[tuple[str, Any]]:
        return [(_("合计"), f"{len(rows)} 人次")]

    def report_values(self, unit: Unit, rows: list[Any]) -> list[dict[str, Any]]:
        on = arrears.calculation_date()
        lookups = self.prefetch(unit, rows)
        values: list[dict[str, Any]] = []
        for row in rows:
            entry = lookups.persons.get(row.id_number)
            if entry is None:
                values.append({})
                continue
            start, end = Period.parse(row.start_period), Period.parse(row.end_period)
            checked = Checked(entry[0], start, end, _row_types(row, lookups.unit_types))
            try:
                lines = self.lines_for(unit, row, checked, on, lookups)
            except InvalidValue as missing:
                values.append({"months": start.months_until(end), "detail": str(missing)})
                continue
            sums = arrears_calc.totals(lines)
            values.append(
                {
                    "months": start.months_until(end),
                    "unit_amount": sums.unit_amount,
                    "individual_amount": sums.individual_amount,
                    "interest": sums.interest,
                    "late_fee": sums.late_fee,
                    "total": sums.total,
                    "detail": " ｜ ".join(line.explanation for line in lines),
                    "money_lines": calc_lines(lines),
                    "provisional": max(
                        (y for y in (line.interest_provisional for line in lines) if y),
                        default=None,
                    ),
                }
            )
        return values

    def computed_summary(self, values: list[dict[str, Any]]) -> list[tuple[str, Any]]:
        def total(key: str) -> str:
            return _money(sum((v.get(key) or Decimal(0) for v in values), Decimal(0)))

        used = [v["provisional"] for v in values if v.get("provisional")]
        interest = total("interest")
        if used:
            interest += _(PROVISIONAL_NOTE) % {"y": max(used)}
        return [
            (_("补缴月数"), f"{sum(v.get('months') or 0 for v in values)} 个月"),
            (_("单位补缴"), total("unit_amount")),
            (_("个人补缴"), total("individual_amount")),
            (_("个人账户利息"), interest),
            (_("滞纳金"), total("late_fee")),
            (_("应缴合计"), total("total")),
        ]
