"""Back-payments of named persons: §3.3.30 劳动合同补缴, §3.3.31 单位（社区）代管灵活就业人员
补缴 (省本级 only) and §3.3.34 缓缴单位职工补缴 (退一补一).

One row is a person's span (补缴开始年月..补缴结束年月) with a declared monthly wage; the
engine validates it, the agency reviews it, and the approval stores an ``Arrears`` with
one line per month and type (base, unit and individual amounts, individual-account
interest, late fee, each with its arithmetic) for the bill that follows. The three
services share the row and the checks; each adds its own rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.errors import InvalidValue
from shebao.core.masking import Sensitive
from shebao.core.period import Period
from shebao.registration.specs.common import check_unit_columns, ticked_types
from shebao.registry.choices import EnrolmentStatus, InsuranceType
from shebao.registry.disclosure import NAME_MISMATCH, PERSON_NO_MISMATCH
from shebao.registry.models import Enrolment, Person, Unit
from shebao.services.registry import register
from shebao.services.rows import (
    IdNumberStr,
    Money,
    PeriodText,
    PersonName,
    RowModel,
    Text,
    Tick,
    column,
    one_of,
)
from shebao.services.spec import (
    CheckContext,
    Group,
    Material,
    Mode,
    ReportField,
    Review,
    RowT,
    ServiceSpec,
    Template,
)

from .. import arrears, arrears_calc
from ..models import ArrearsKind, ContributionBase, UnitDeferral
from ..policy_lookups import PolicyLookups

if TYPE_CHECKING:
    from shebao.services.spec import DraftView, EffectContext

REASONS = [
    "劳动合同补缴",
    "视同缴费年限补缴",
    "行政审批历史追溯补缴",
    "法律文书补缴",
    "稽核部门出具的整改通知书",
]
COMMUNITY_REASON = "社区类补缴"

END_BEFORE_START = gettext_noop("补缴结束年月 %(e)s 早于补缴开始年月 %(s)s")
NOT_PAST = gettext_noop("补缴结束年月 %(e)s 须早于本月 %(n)s（本月请按月申报缴费）")
MONTHS_MISMATCH = gettext_noop("补缴月数 %(v)s 与补缴开始、结束年月不符，应为 %(n)d")
NOT_ENROLLED = gettext_noop("该身份证号码未在本单位参保登记，不能补缴")
UNIT_TYPE_MISSING = gettext_noop("本单位未参加%(t)s，不能补缴")
PERSON_TYPE_MISSING = gettext_noop("该人员在本单位未参加%(t)s，不能补缴")
NO_TYPES = gettext_noop("本单位没有可补缴的险种")
ALREADY_PAID = gettext_noop("%(p)s 已有缴费或补缴记录，不能重复补缴")
OVERLAP = gettext_noop("与第 %(n)d 行的补缴时段重叠")
BEFORE_POOLING = gettext_noop(
    "补缴开始年月 %(s)s 早于统账结合日期 %(d)s：统账结合前的时段请通过"
    "“单位职工基本养老保险视同缴费年限补缴申报”办理"
)
DEEMED_REASON = gettext_noop(
    "视同缴费年限补缴需先经认定部门认定，请通过“单位职工基本养老保险视同缴费年限补缴申报”办理"
)
OVER_LIMIT = gettext_noop(
    "累计补缴月数将达 %(n)d 个月（已补缴 %(a)d 个月，本次 %(b)d 个月），超过 %(m)d 个月的上限"
)
PROVINCIAL_ONLY = gettext_noop("单位（社区）代管灵活就业人员补缴为省本级特有业务，%(r)s不能办理")
NO_DEFERRAL = gettext_noop("本单位未办理缓缴认定，不能办理缓缴单位职工社会保险补缴")
OUTSIDE_DEFERRAL = gettext_noop("补缴时段 %(s)s-%(e)s 不在本单位的缓缴认定期内")
NO_WAGE = gettext_noop("%(y)d年度没有该人员的缴费工资，请填写月缴费工资")

TYPE_GROUP = "险种类型"

#: R-BP-06 / R-BP-07 materials of §3.3.30.
CONTRACT = "劳动合同"
PAYROLL = "工资花名册、年度考核表等其他原始凭据"
LEGAL_DOCUMENTS = (
    "行政审批文书",
    "法院判决书",
    "劳动保障部门文书",
    "劳动仲裁裁决书",
    "稽核部门出具的整改通知书",
)
#: R-BP-06: back-payment within this many months before the current one needs only the contract.
RECENT_MONTHS = 36


class ArrearsRow(RowModel):
    unit_no: Text | None = column("单位编号", example="100000000", required=False)
    unit_name: Text | None = column("单位名称", example="武汉***公司", required=False)
    person_no: Text | None = column("个人编号", example="10000000000", required=False)
    id_number: IdNumberStr = column(
        "身份证号码", example="110100198506020015", sensitive=Sensitive.ID
    )
    name: PersonName | None = column("姓名", example="张三", required=False)
    start_period: PeriodText = column("补缴开始年月", example="202001", help="YYYYMM")
    end_period: PeriodText = column("补缴结束年月", example="202006", help="YYYYMM")
    months: Text | None = column("补缴月数", example="6", required=False, help="可不填，系统计算")
    reason: Annotated[str, one_of(REASONS)] = column(
        "补缴原因", example="劳动合同补缴", kind="choice", choices=REASONS
    )
    pension: Tick = column(
        "城镇职工基本养老保险(√)", example="√", kind="tick", required=False, group=TYPE_GROUP
    )
    unemployment: Tick = column(
        "失业保险(√)", example="√", kind="tick", required=False, group=TYPE_GROUP
    )
    work_injury: Tick = column("工伤保险(√)", kind="tick", required=False, group=TYPE_GROUP)
    wage: Money = column(
        "申报月平均工资(元)", example="5600", kind="money", help="须经职工本人签字确认，单位留存"
    )


COMMUNITY_REASONS = [COMMUNITY_REASON, *REASONS]


class CommunityArrearsRow(ArrearsRow):
    reason: Annotated[str, one_of(COMMUNITY_REASONS)] = column(
        "补缴原因", example=COMMUNITY_REASON, kind="choice", choices=COMMUNITY_REASONS
    )


class DeferralArrearsRow(RowModel):
    unit_no: Text | None = column("单位编号", example="100000000", required=False)
    unit_name: Text | None = column("单位名称", example="武汉***公司", required=False)
    person_no: Text | None = column("个人编号", required=False)
    id_number: IdNumberStr = column(
        "身份证号码", example="110100198506020015", sensitive=Sensitive.ID
    )
    name: PersonName | None = column("姓名", example="熊彦", required=False)
    start_period: PeriodText = column("补缴开始年月", example="202103", help="YYYYMM")
    end_period: PeriodText = column("补缴结束年月", example="202103", help="YYYYMM")
    months: Text | None = column("补缴月数", example="1", required=False, help="可不填，系统计算")
    pension: Tick = column(
        "城镇职工基本养老保险(√)", example="√", kind="tick", required=False, group=TYPE_GROUP
    )
    unemployment: Tick = column(
        "失业保险(√)", example="√", kind="tick", required=False, group=TYPE_GROUP
    )
    work_injury: Tick = column("工伤保险(√)", kind="tick", required=False, group=TYPE_GROUP)
    wage: Money | None = column(
        "月缴费工资(元)", required=False, kind="money", help="不填时按该人员当年度申报的缴费工资"
    )


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
    return f"{amount:.2f}"


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
            "total": _money(sum((r.total for r in created), Decimal(0))),
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


#: The interest total when a year's 记账利率 is not published yet (暂按, recomputed later).
PROVISIONAL_NOTE = gettext_noop("（未公布年度的记账利率暂按%(y)d年利率计算，公布后重算）")

NOTES = (
    "说明 1、补缴原因：劳动合同补缴、视同缴费年限补缴、行政审批历史追溯补缴、法律文书补缴、稽核部门出具的整改通知书。",
    "说明 2、按照政策规定，补缴1996年1月1日以后时段，有收取个人账户利息及滞纳金。",
    "说明 3、本单位补缴3年以内且累计补缴不超过3年的，需提供《劳动合同》；本单位累计补缴超过3年以上的，需提供行政审批、法院判决、劳动保障、劳动仲裁、稽核部门出具的整改通知书之一。",
    "说明 4、视同缴费年限补缴需先经认定部门认定后再申报补缴。",
    "说明 5、本表申报月平均工资必须经职工本人签字确认，单位留存。",
    "说明 6、低于历年缴费基数标准60%或高于300%的，将按历年保底或封顶数核定，核定缴费基数时四舍五入到十元。",
)


@register
class LabourContractArrears(PersonArrears[ArrearsRow]):
    code = "hb_labour_contract_back_payment"
    title = "单位职工社会保险劳动合同补缴申报"
    section = "§3.3.30"
    description = (
        "为职工补缴统账结合时间以后、累计不超过36个月的社会保险费，个人缴纳部分由个人承担，"
        "单位缴纳部分由单位承担。在职、暂停参保人员均可补缴，不勾选险种时补缴本单位全部险种。"
        "补缴1996年1月1日以后时段收取个人账户利息及滞纳金。提交后由参保所属机构审核。"
    )
    kind = ArrearsKind.LABOUR_CONTRACT
    row = ArrearsRow
    template = Template(
        title="职工基本养老保险费补缴申报明细表",
        example={"reason": "劳动合同补缴"},
        notes=NOTES,
    )
    materials = (
        Material(CONTRACT, Group.GROUP1, "补缴3年以内：劳动合同或工资花名册等原始凭据，二选一"),
        Material(PAYROLL, Group.GROUP1),
        *(
            Material(name, Group.GROUP2, "补缴3年以前的时段：以下文书之一")
            for name in LEGAL_DOCUMENTS
        ),
    )
    report_title = "职工基本养老保险费补缴申报明细表"
    report_notes = NOTES

    def check_row(
        self, ctx: CheckContext, number: int, row: Any, checked: Checked, state: dict[str, Any]
    ) -> None:
        if row.reason == "视同缴费年限补缴":
            ctx.fail(number, "补缴原因", _(DEEMED_REASON))
        lookups: Lookups = ctx.prefetched
        pooled = lookups.pooling or arrears.DEFAULT_POOLING_DATE
        if checked.start.first_day < pooled:
            ctx.fail(
                number,
                "补缴开始年月",
                _(BEFORE_POOLING) % {"s": checked.start, "d": pooled.isoformat()},
            )
        earlier = lookups.back_paid_months.get(checked.person.pk, 0)
        # every row of this case for the same person, up to and including this one
        in_case: dict[int, int] = state.setdefault("months", {})
        so_far = in_case.get(checked.person.pk, 0) + checked.start.months_until(checked.end)
        in_case[checked.person.pk] = so_far
        if earlier + so_far > arrears.CUMULATIVE_LIMIT:
            ctx.fail(
                number,
                "补缴结束年月",
                _(OVER_LIMIT)
                % {
                    "n": earlier + so_far,
                    "a": earlier,
                    "b": so_far,
                    "m": arrears.CUMULATIVE_LIMIT,
                },
            )

    def prefetch(self, unit: Unit, rows: list[ArrearsRow]) -> Lookups:
        lookups = super().prefetch(unit, rows)
        lookups.pooling = arrears.pooling_date(unit)
        lookups.back_paid_months = arrears.months_back_paid_of(
            persons=[person for person, _types in lookups.persons.values()]
        )
        return lookups

    def required_materials(self, draft: DraftView) -> Sequence[Material]:
        """R-BP-07 always (劳动合同 or 工资花名册…); R-BP-06 adds one legal document when
        a row goes back more than 3 years before the month of submission."""
        now = Period.of(arrears.calculation_date())
        starts = [
            Period.parse(c["start_period"])
            for c in draft.passed_cleaned()
            if c and c.get("start_period")
        ]
        old = any(now - start > RECENT_MONTHS for start in starts)  # type: ignore[operator]
        return [m for m in self.materials if m.group == Group.GROUP1 or old]


@register
class CommunityFlexibleArrears(PersonArrears[CommunityArrearsRow]):
    code = "hb_community_flexible_worker_back_payment"
    title = "单位（社区）代管灵活就业人员补缴申报"
    section = "§3.3.31"
    description = (
        "由单位或社区代管的灵活就业人员补缴社会保险费，为省本级特有业务。"
        "补缴1996年1月1日以后时段收取个人账户利息及滞纳金；申报工资低于历年缴费基数标准60%"
        "或高于300%的按历年保底或封顶数核定。提交后由参保所属机构审核。"
    )
    kind = ArrearsKind.COMMUNITY
    row = CommunityArrearsRow
    template = Template(
        title="职工基本养老保险费补缴申报明细表",
        example={"reason": COMMUNITY_REASON},
        notes=NOTES,
    )
    report_title = "职工基本养老保险费补缴明细表"
    report_notes = NOTES

    def check_unit(self, ctx: CheckContext, rows: list[tuple[int, CommunityArrearsRow]]) -> bool:
        region = ctx.unit.region
        if region.is_provincial_level:
            return True
        for number, _row in rows:
            ctx.fail(number, "", _(PROVINCIAL_ONLY) % {"r": region.name})
        return False


@register
class DeferredUnitArrears(PersonArrears[DeferralArrearsRow]):
    code = "hb_deferred_unit_back_payment"
    title = "缓缴单位职工社会保险补缴申报"
    section = "§3.3.34"
    description = (
        "已办理缓缴认定的单位，为职工补缴缓缴期内的社会保险费（退一补一）。"
        "缓缴期内不加收滞纳金，个人账户利息照计。不填月缴费工资时按该人员当年度申报的缴费工资。"
        "提交后由参保所属机构审核。"
    )
    kind = ArrearsKind.DEFERRAL
    charges_late_fee = False
    row = DeferralArrearsRow
    modes = frozenset({Mode.SINGLE})
    report_title = "缓缴单位职工基本养老保险费欠费补缴申报明细表"
    report_columns = ("person_no", "id_number", "name", "start_period", "end_period", "wage")

    def check_unit(self, ctx: CheckContext, rows: list[tuple[int, DeferralArrearsRow]]) -> bool:
        if ctx.unit.deferrals.exists():
            return True
        for number, _row in rows:
            ctx.fail(number, "", _(NO_DEFERRAL))
        return False

    def check_row(
        self, ctx: CheckContext, number: int, row: Any, checked: Checked, state: dict[str, Any]
    ) -> None:
        lookups: Lookups = ctx.prefetched
        covering = [
            d
            for d in lookups.deferrals
            if d.start_period <= str(checked.start) and d.end_period >= str(checked.end)
        ]
        if not covering:
            ctx.fail(
                number, "补缴开始年月", _(OUTSIDE_DEFERRAL) % {"s": checked.start, "e": checked.end}
            )

    def prefetch(self, unit: Unit, rows: list[DeferralArrearsRow]) -> Lookups:
        lookups = super().prefetch(unit, rows)
        lookups.deferrals = list(unit.deferrals.order_by("start_period"))
        person_ids = [person.pk for person, _types in lookups.persons.values()]
        if person_ids and any(row.wage is None for row in rows):
            # written in reverse order, so the row ``.first()`` would pick is the one kept
            bases = ContributionBase.objects.filter(person_id__in=person_ids, unit=unit)
            for person_id, year, declared in bases.order_by("-insurance_type").values_list(
                "person_id", "year", "declared_wage"
            ):
                lookups.declared_wages[(person_id, year)] = declared
            enrolments = Enrolment.objects.filter(
                person_id__in=person_ids, unit=unit, insurance_type=InsuranceType.PENSION
            )
            for person_id, monthly in enrolments.order_by("-start_period").values_list(
                "person_id", "monthly_wage"
            ):
                if monthly is not None:
                    lookups.enrolment_wages[person_id] = Decimal(monthly)
        return lookups

    def lines_for(
        self, unit: Unit, row: Any, checked: Checked, on: dt.date, lookups: Lookups
    ) -> list[Any]:
        """Each contribution year at the row's wage, or at the person's declared wage."""
        if row.wage is not None:
            return super().lines_for(unit, row, checked, on, lookups)
        by_year: dict[int, list[Period]] = {}
        for period in arrears_calc.periods_between(checked.start, checked.end):
            by_year.setdefault(lookups.policy.contribution_year(period), []).append(period)
        lines: list[Any] = []
        for year, periods in sorted(by_year.items()):
            wage = _declared_wage(checked.person, year, lookups)
            if wage is None:
                raise InvalidValue(_(NO_WAGE) % {"y": year})
            lines += arrears.person_lines(
                unit=unit,
                start=periods[0],
                end=periods[-1],
                types=checked.types,
                wage=wage,
                on=on,
                late_fee=False,
                policy=lookups.policy,
            )
        return lines

    def summary(self, rows: list[DeferralArrearsRow]) -> list[tuple[str, Any]]:
        return [(_("合计"), f"{len(rows)} 人次")]


def _declared_wage(person: Person, year: int, lookups: Lookups) -> Decimal | None:
    """The wage declared for ``year`` (§3.3.20), or the enrolment's monthly wage."""
    declared = lookups.declared_wages.get((person.pk, year))
    if declared is not None:
        return Decimal(declared)
    return lookups.enrolment_wages.get(person.pk)


__all__ = [
    "ArrearsRow",
    "CommunityFlexibleArrears",
    "DeferredUnitArrears",
    "LabourContractArrears",
    "PersonArrears",
]
