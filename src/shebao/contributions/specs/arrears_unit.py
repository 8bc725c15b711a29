"""§3.3.33 单位社会保险补缴申报: the whole unit back-pays months it has not declared.

From the month after the unit's 最大缴费期号 (or a chosen start) to 结束年月, every person
enrolled in a month is due on the base the monthly declaration would use (R-BASE-09,
``calculation.lines_due``). Persons who cannot be booked — no base or wage on record
(不可做账), or whose back-payment would pass 36 months (R-BP-11) — are left out and counted
as 不符合核定人数. A unit whose staff changed inside the span must file month by month
(R-BP-10), and a month with changes needs one of the change forms attached. Interest and
late fees wait for the 《社会保险应缴认定表》 (R-BP-09): the record is stored with
``fees_on_billing`` and ``arrears.arrears_fees_assess`` works them out for the bill.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.errors import InvalidValue
from shebao.core.money import amount_due
from shebao.core.period import Period
from shebao.policy.areas import HUBEI_ONLY
from shebao.registration.specs.common import TYPE_FIELDS, ticked_types
from shebao.registry.choices import InsuranceType, UnitInsuranceStatus
from shebao.registry.models import Person, Unit
from shebao.registry.selectors import active_staff_counts, unit_active_insurance_types
from shebao.services.modules import Module
from shebao.services.money import MoneyLine, money_lines
from shebao.services.registry import register
from shebao.services.rows import PeriodText, RowModel, Tick, column
from shebao.services.spec import (
    CheckContext,
    Group,
    InfoTable,
    Material,
    Mode,
    ReportField,
    Review,
    ServiceSpec,
)

from .. import arrears, arrears_calc, calculation
from ..models import HOLDING, ArrearsKind, ArrearsLine, MonthlyDeclaration
from .recorded_money import arrears_money, type_label

if TYPE_CHECKING:
    from shebao.services.spec import DraftView, EffectContext

TYPE_GROUP = "险种类型"
NO_TYPES = gettext_noop("本单位没有正常参保的险种，不能补缴")
NOT_INSURED = gettext_noop("本单位未正常参加%(t)s，不能补缴")
END_BEFORE_START = gettext_noop("结束年月 %(e)s 早于补缴开始年月 %(s)s")
NOT_PAST = gettext_noop("结束年月 %(e)s 须早于本月 %(n)s（本月请按月申报缴费）")
ALREADY_DUE = gettext_noop("%(t)s已申报或补缴至 %(p)s，补缴开始年月须晚于该期")
MONTH_BY_MONTH = gettext_noop(
    "单位在 %(p)s 有人员变动（人数 %(a)d → %(b)d），有人员变动的须按月填报"
)
NOBODY = gettext_noop("%(p)s 本单位没有可补缴的职工")

ID_CARD = "经办人身份证"
CHANGE_FORMS = ("在职职工增员申报表", "在职职工减员申报表", "职工基本养老保险补缴申报明细表")


class UnitArrearsRow(RowModel):
    pension: Tick = column(
        "城镇职工基本养老保险",
        header_note="(√)",
        example="√",
        kind="tick",
        required=False,
        group=TYPE_GROUP,
    )
    unemployment: Tick = column(
        "失业保险", header_note="(√)", example="√", kind="tick", required=False, group=TYPE_GROUP
    )
    work_injury: Tick = column(
        "工伤保险", header_note="(√)", kind="tick", required=False, group=TYPE_GROUP
    )
    start_period: PeriodText | None = column(
        "补缴开始年月", required=False, example="202102", help="不填时从最大缴费期号的下月开始"
    )
    end_period: PeriodText = column("结束年月", example="202102", help="YYYYMM")


@dataclass
class Plan:
    """What a row would book: per period the eligible lines, the counts of the form."""

    start: Period
    end: Period
    types: list[str]
    lines: list[tuple[int, str, Decimal, Decimal, Period]] = field(default_factory=list)
    previous: int = 0  # 上期核定数
    current: int = 0  # 本期预核定数
    added: int = 0
    removed: int = 0
    ineligible: int = 0  # 不符合核定人数
    changed_in: Period | None = None
    change_counts: tuple[int, int] = (0, 0)

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed)


def _types(row: UnitArrearsRow, unit: Unit) -> list[str]:
    ticked = [str(t.value) for t in ticked_types(row)]
    if ticked:
        return ticked
    return unit_active_insurance_types(unit=unit)


def _last_due(unit: Unit, types: Sequence[str]) -> dict[str, str]:
    """最大缴费期号 per type: declared months and live back-paid months of the unit."""
    last: dict[str, str] = dict(
        MonthlyDeclaration.objects.filter(unit=unit, status__in=HOLDING, insurance_type__in=types)
        .values("insurance_type")
        .annotate(p=Max("period"))
        .order_by()
        .values_list("insurance_type", "p")
    )
    back_paid = (
        ArrearsLine.objects.filter(
            arrears__unit=unit, arrears__status__in=arrears.LIVE, insurance_type__in=types
        )
        .values("insurance_type")
        .annotate(p=Max("period"))
        .order_by()
        .values_list("insurance_type", "p")
    )
    for t, p in back_paid:
        if p > last.get(t, ""):
            last[t] = p
    return last


def _persons_in(unit: Unit, period: Period, types: Sequence[str]) -> list[Any]:
    try:
        plan = calculation.plan_for(unit=unit, period=period, types=list(types))
    except InvalidValue:
        return []
    return calculation.lines_due(plan)


def plan_row(unit: Unit, row: UnitArrearsRow) -> Plan:
    """Work out a row; raises ``InvalidValue`` (the reason) when it cannot be declared."""
    types = _types(row, unit)
    if not types:
        raise InvalidValue(_(NO_TYPES))
    states = {i.insurance_type: i.status for i in unit.insurances.all()}
    for t in types:
        if states.get(t) != UnitInsuranceStatus.ACTIVE:
            raise InvalidValue(_(NOT_INSURED) % {"t": InsuranceType(t).label})
    end = Period.parse(row.end_period)
    now = Period.of(arrears.calculation_date())
    if end >= now:
        raise InvalidValue(_(NOT_PAST) % {"e": end, "n": now})
    last = _last_due(unit, types)
    if row.start_period:
        start = Period.parse(row.start_period)
    elif last:
        start = Period.parse(min(last.values())) + 1
    else:
        insured = unit.insurances.filter(insurance_type__in=types).order_by("start_date").first()
        start = Period.of(insured.start_date) if insured else end
    if end < start:
        raise InvalidValue(_(END_BEFORE_START) % {"e": end, "s": start})
    for t, p in sorted(last.items()):
        if Period.parse(p) >= start:
            raise InvalidValue(_(ALREADY_DUE) % {"t": InsuranceType(t).label, "p": p})
    plan = Plan(start, end, types)
    periods = arrears_calc.periods_between(start, end)
    before = {p for p, *_rest in _persons_in(unit, start + -1, types)}
    plan.previous = len(before)
    people_by_period: list[set[int]] = []
    ineligible: set[int] = set()
    months = len(periods)
    earlier_cache: dict[int, int] = {}
    for period in periods:
        due = calculation.plan_for(unit=unit, period=period, types=types)  # MissingParameter
        lines = calculation.lines_due(due)
        people_by_period.append({p for p, *_rest in lines})
        for person_id, t, wage, base in lines:
            if person_id not in earlier_cache:
                earlier_cache[person_id] = arrears.months_back_paid(Person(pk=person_id))
            if base is None or earlier_cache[person_id] + months > arrears.CUMULATIVE_LIMIT:
                ineligible.add(person_id)
                continue
            plan.lines.append((person_id, t, wage or base, base, period))
    plan.lines = [line for line in plan.lines if line[0] not in ineligible]
    for previous, current, period in zip(
        people_by_period, people_by_period[1:], periods[1:], strict=False
    ):
        if previous != current and plan.changed_in is None:
            plan.changed_in = period
            plan.change_counts = (len(previous), len(current))
    last_people = people_by_period[-1] if people_by_period else set()
    plan.current = len(last_people)
    plan.added = len(last_people - before)
    plan.removed = len(before - last_people)
    plan.ineligible = len(ineligible)
    if not plan.lines:
        raise InvalidValue(_(NOBODY) % {"p": f"{start}-{end}"})
    return plan


@register
class UnitWideArrears(ServiceSpec[UnitArrearsRow]):
    code = "hb_unit_whole_back_payment"
    areas = HUBEI_ONLY
    module = Module.CONTRIBUTION
    keywords = ("补缴", "欠费")
    title = "单位社会保险补缴申报"
    section = "§3.3.33"
    description = (
        "单位整体补缴：根据单位申报的缴费基数和在职人数，生成单位和个人补缴数据。"
        "可查看上期核定人数、补缴超过36个月和不可做账的人员（不符合核定人数，不生成补缴数据）。"
        "有人员变动的须按月填报，并附增员、减员或补缴申报明细表。"
        "利息和滞纳金在开具《社会保险应缴认定表》时生成。提交后由参保所属机构审核。"
    )
    row = UnitArrearsRow
    modes = frozenset({Mode.SINGLE})
    max_rows = 1
    review = Review.AGENCY
    materials = (
        Material(ID_CARD, Group.REQUIRED),
        *(Material(name, Group.GROUP1, "单位有人员增减时附其一") for name in CHANGE_FORMS),
    )
    report_title = "基本养老保险费申报表"
    report_columns = ("pension", "unemployment", "work_injury")
    report_computed = (
        ReportField("changed", "是否有人员变动"),
        ReportField("span", "费款对应时间段"),
        ReportField("previous", "上期核定数", "number"),
        ReportField("current", "本期预核定数", "number"),
        ReportField("added", "增加", "number"),
        ReportField("removed", "减少", "number"),
        ReportField("ineligible", "不符合核定人数", "number"),
        ReportField("unit_amount", "单位补缴", "money"),
        ReportField("individual_amount", "个人补缴", "money"),
    )
    money_summary = arrears_money  # the approved lines read back, per type
    report_notes = (
        "说明：1. 本表用于单位当月正常申报单位整体补缴申报。",
        "2. 单位有人增加或减少，需附《在职职工增员申报表》或《在职职工减员申报表》或《职工基本养老保险补缴申报明细表》等。",
        "3. 参保单位办理整体补缴申报时，如果有人员变动的须按月填报。",
        "4. 单位整体补缴在开具《社会保险应缴认定表》生成利息和滞纳金。",
        "5. 不符合核定条件人员明细可在“单位综合信息查询”——“缴费综合信息”——“核定不可做账信息”中查询。",
    )

    def info_table(self, unit: Unit, draft: DraftView | None = None) -> InfoTable:
        staff = active_staff_counts(unit=unit)
        last = _last_due(unit, [i.insurance_type for i in unit.insurances.all()])
        rows = [
            (
                unit.unit_no,
                unit.name,
                str(InsuranceType(i.insurance_type).label),
                last.get(i.insurance_type, ""),
                i.get_status_display(),
                _("是") if i.status == UnitInsuranceStatus.SUSPENDED else _("否"),
                i.start_date.isoformat(),
                unit.region.name,
                str(staff.get(i.insurance_type, 0)),
            )
            for i in unit.insurances.order_by("insurance_type")
        ]
        headers = (
            "单位编号",
            "单位名称",
            "险种类型",
            "最大缴费期号",
            "参保状态",
            "暂停缴费标志",
            "参保日期",
            "参保所属机构",
            "在职人数",
        )
        return InfoTable(title=_("单位参保险种"), headers=headers, rows=rows)

    def check(self, ctx: CheckContext, rows: list[tuple[int, UnitArrearsRow]]) -> None:
        for number, row in rows:  # max_rows = 1: the engine allows one span per case
            try:
                plan = plan_row(ctx.unit, row)
            except InvalidValue as refusal:
                ctx.fail(number, "结束年月", str(refusal))
                continue
            if plan.changed_in is not None:
                a, b = plan.change_counts
                ctx.fail(
                    number, "结束年月", _(MONTH_BY_MONTH) % {"p": plan.changed_in, "a": a, "b": b}
                )

    def required_materials(self, draft: DraftView) -> Sequence[Material]:
        """经办人身份证 always; one change form when the month has staff changes (R-BP-10)."""
        stored = next(iter(draft.passed_cleaned(limit=1)), None)
        changed = False
        if stored:
            try:
                changed = plan_row(draft.unit, self.row.model_validate(stored)).has_changes
            except InvalidValue:
                changed = False
        return [m for m in self.materials if m.group == Group.REQUIRED or changed]

    def apply(self, effect: EffectContext, rows: list[UnitArrearsRow]) -> dict[str, Any]:
        from shebao.registry.services import lock_unit_insurances

        on = arrears.calculation_date()
        # Lock the unit's insurance rows: two unit-wide cases (or a monthly declaration) of
        # the same unit approved at once serialise, and the second sees the first's months.
        lock_unit_insurances(unit=effect.unit)
        plan = plan_row(effect.unit, rows[0])
        persons = Person.objects.in_bulk({line[0] for line in plan.lines})
        lines = []
        for person_id, t, wage, base, period in plan.lines:
            inputs = arrears.line_inputs(
                unit=effect.unit, periods=[period], types=[t], wage=wage, on=on, fees=False
            )[0]
            computed = _note_fees_later(arrears_calc.line_calc(replace(inputs, base=base), on=on))
            lines.append((persons[person_id], computed))
        record = arrears.arrears_create(
            effect=effect,
            kind=ArrearsKind.UNIT_WIDE,
            person=None,
            start=plan.start,
            end=plan.end,
            lines=lines,
            on=on,
            reason="单位整体补缴",
            fees_on_billing=True,
        )
        return {
            "arrears": [record.pk],
            "lines": len(lines),
            "ineligible": plan.ineligible,
        }

    def revert(self, effect: EffectContext) -> dict[str, Any]:
        return arrears.arrears_cancel_for_case(effect)

    def summary(self, rows: list[UnitArrearsRow]) -> list[tuple[str, Any]]:
        return []

    def report_values(self, unit: Unit, rows: list[UnitArrearsRow]) -> list[dict[str, Any]]:
        values: list[dict[str, Any]] = []
        for row in rows:
            try:
                plan = plan_row(unit, row)
            except InvalidValue as refusal:
                values.append({"span": str(refusal)})
                continue
            unit_total = individual_total = Decimal(0)
            rates: dict[tuple[str, Period], tuple[Decimal, Decimal]] = {}
            by_type: list[MoneyLine] = []
            for _p, t, _w, base, period in plan.lines:
                if (t, period) not in rates:
                    due = calculation.plan_for(unit=unit, period=period, types=[t])
                    rates[(t, period)] = (due.unit_rates[t], due.individual_rates[t])
                unit_rate, person_rate = rates[(t, period)]
                unit_line, person_line = amount_due(base, unit_rate), amount_due(base, person_rate)
                unit_total += unit_line
                individual_total += person_line
                by_type.append(MoneyLine(type_label(t), unit_line, person_line))
            values.append(
                {
                    # the 补缴险种 ticks: a row that ticks none back-pays every type of the unit
                    **{name: t in plan.types for t, name in TYPE_FIELDS.items()},
                    "changed": _("☑是 □否") if plan.has_changes else _("□是 ☑否"),
                    "span": f"{plan.start.year}年{plan.start.month:02d}月 至 "
                    f"{plan.end.year}年{plan.end.month:02d}月",
                    "previous": plan.previous,
                    "current": plan.current,
                    "added": plan.added,
                    "removed": plan.removed,
                    "ineligible": plan.ineligible,
                    "unit_amount": unit_total,
                    "individual_amount": individual_total,
                    "money_lines": money_lines(by_type),
                }
            )
        return values


def _note_fees_later(line: arrears_calc.Line) -> arrears_calc.Line:
    return replace(line, explanation=line.explanation + "；利息和滞纳金在开具应缴认定表时生成")


__all__ = ["UnitArrearsRow", "UnitWideArrears", "plan_row"]
