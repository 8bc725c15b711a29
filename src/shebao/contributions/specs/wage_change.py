"""§3.3.21 单位职工社会保险缴费工资变更申报: a new wage for months within two years.

One row is one person, an interval 开始年月..结束年月 and the new monthly wage. On
approval the agency floors and caps the wage into each month's base by that month's
year rule (R-BASE-05) and writes the differences against what was declared for the
person and month (``ContributionDetail``) as 差额补退记录 per insurance type: 补差 when
the new base is higher, 退差 (negative) when lower. Months the unit never declared give
no difference. Periods of one person never overlap (R-BASE-07), and months with a base
fixed by the audit department must get exactly that base (R-BASE-06).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.errors import InvalidValue
from shebao.core.masking import Sensitive
from shebao.core.money import format_money
from shebao.core.period import Period
from shebao.policy.areas import HUBEI_ONLY
from shebao.policy.selectors import MissingParameter
from shebao.registry.disclosure import NAME_MISMATCH, NOT_INSURED_HERE, PERSON_NO_MISMATCH
from shebao.registry.models import Person, Unit
from shebao.registry.selectors import persons_by_id_number, related_person_ids
from shebao.services.modules import Module
from shebao.services.registry import register
from shebao.services.rows import (
    IdNumberStr,
    IdTypeName,
    Money,
    PeriodText,
    PersonName,
    RowModel,
    Text,
    column,
    id_type_column,
)
from shebao.services.spec import (
    CheckContext,
    Group,
    Material,
    Mode,
    ReportField,
    Review,
    ServiceSpec,
    Template,
    span_text,
)

from .. import wage_change as wc
from ..models import HOLDING, BaseAdjustment, ContributionDetail, DeclarationStatus, WageChange

if TYPE_CHECKING:
    from shebao.services.spec import EffectContext

DECLARED_SINCE = gettext_noop(
    "%(p)s 的缴费申报已按本次变更后的工资核定缴费基数，不能回退；请先撤销该期缴费申报"
)
NOT_ENROLLED = gettext_noop("该人员%(p)s未在本单位参保，不能变更该月的缴费工资")
END_BEFORE_START = gettext_noop("结束年月不能早于开始年月")
FUTURE = gettext_noop("结束年月 %(p)s 晚于当前月份 %(n)s，不能变更")
OUTSIDE_WINDOW = gettext_noop("只能变更两年内（%(a)s至%(b)s）的缴费工资，开始年月 %(p)s 已超出")
OVERLAP_ROW = gettext_noop("与第 %(n)d 行同一人员的时间段（%(a)s-%(b)s）重复，不允许添加")
OVERLAP_APPROVED = gettext_noop(
    "与已办结的缴费工资变更（业务流水号 %(s)s，%(a)s-%(b)s）时间段重复，不允许添加"
)
AUDITED_MISMATCH = gettext_noop(
    "%(p)s 存在稽核部门认定的缴费基数 %(a)s 元，本次申报核定的缴费基数为 %(b)s 元，"
    "与稽核认定结果不一致，请重新申报"
)
WAGE_EFFECT = gettext_noop("将变更 %(n)d 人 %(p)s 的缴费工资，并按变更生成差额补退记录")
WAGE_NOT_POSITIVE = gettext_noop("上年月平均工资(变更后)必须大于 0")
BILLED = gettext_noop("部分差额补退记录已开具应缴认定单，不能回退")
WAGE_COLUMN = "上年月平均工资(变更后)（元）"


class WageChangeRow(RowModel):
    unit_no: Text | None = column("单位编号", example="100000000", required=False)
    unit_name: Text | None = column("单位名称", example="武汉*****公司", required=False)
    person_no: Text | None = column("个人编号", example="1000000000", required=False)
    id_number: IdNumberStr = column(
        "身份证号码",
        example="510725*****8319",
        aliases=("证件号码", "公民身份号码"),
        sensitive=Sensitive.ID,
    )
    name: PersonName = column("姓名", example="张三")
    start_period: PeriodText = column("开始年月", example="201901", help="YYYYMM，两年内")
    end_period: PeriodText = column("结束年月", example="201901", help="YYYYMM，不晚于当前月份")
    wage: Money = column(
        WAGE_COLUMN,
        example="5000",
        kind="money",
        aliases=("上年月平均工资(变更后)(元)", "上年月平均工资(变更后)", "上年月均工资"),
    )
    id_type: IdTypeName | None = id_type_column()


def _change(row: WageChangeRow, person: Person) -> wc.Change:
    return wc.Change(
        person_id=person.pk,
        start=Period.parse(row.start_period),
        end=Period.parse(row.end_period),
        wage=Decimal(row.wage),
    )


def _span_text(periods: list[Period]) -> str:
    """202102, 202103, 202105 -> "202102-202103、202105"."""
    parts: list[str] = []
    run: list[Period] = []
    for p in sorted(periods):
        if run and p != run[-1] + 1:
            parts.append(_run_text(run))
            run = []
        run.append(p)
    if run:
        parts.append(_run_text(run))
    return "、".join(parts)


def _run_text(run: list[Period]) -> str:
    return str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}"


def _declared_since(changes: Any) -> str:
    """The first month a declaration made after the change took its base from it (the
    monthly calculation reads approved changes): undoing the change would leave that
    month at a base nobody declared. One query for all the case's changes."""
    changes = list(changes)
    if not changes:
        return ""
    by_person: dict[int, list[Any]] = {}
    for c in changes:
        by_person.setdefault(c.person_id, []).append(c)
    later = (
        ContributionDetail.objects.filter(
            period__gte=min(c.start_period for c in changes),
            period__lte=max(c.end_period for c in changes),
            unit_id=changes[0].unit_id,
            person_id__in=list(by_person),
            declaration__status__in=HOLDING,
            declaration__declared_at__gt=min(c.created_at for c in changes),
        )
        .order_by("period")
        .values_list("period", "person_id", "declaration__declared_at")
    )
    for period, person_id, declared_at in later:
        for c in by_person[person_id]:
            if c.start_period <= period <= c.end_period and declared_at > c.created_at:
                return str(period)
    return ""


@register
class WageChangeDeclaration(ServiceSpec[WageChangeRow]):
    code = "hb_contribution_wage_change_declaration"
    areas = HUBEI_ONLY
    module = Module.CONTRIBUTION
    keywords = ("缴费基数", "工资变更")
    title = "单位职工社会保险缴费工资变更申报"
    section = "§3.3.21"
    description = (
        "为参保单位职工办理两年内的社会保险缴费工资变更。如单位职工已申报的缴费工资和实缴工资不符时，"
        "用人单位可对缴费工资申请变更，社保经办机构对新申报缴费工资进行保底封顶生成新缴费基数，"
        "并对历史缴费记录产生差额补退记录。如单位申报的时段区间中存在稽核部门认定的缴费基数，"
        "需校验单位申报的结果与稽核认定的结果需一致，不一致的重新申报。"
        "两年内指当前月份及之前共24个月；同一人员的时间段不能重复；未申报缴费的月份不产生差额。"
    )
    row = WageChangeRow
    modes = frozenset({Mode.SINGLE, Mode.BATCH})
    template = Template(
        title="职工社会保险缴费工资变更申报表",
        header_lines=("管理单位或独立缴费单位名称（章）：", "管理单位或独立缴费单位编号："),
    )
    materials = (Material("附件材料", group=Group.OPTIONAL),)
    review = Review.AGENCY
    report_title = "职工社会保险缴费工资变更申报表"
    report_columns = ("person_no", "id_number", "name", "start_period", "end_period", "wage")
    report_computed = (
        ReportField("base", "新缴费基数(元)", "text"),
        ReportField("back_pay_months", "补差月份", "text"),
        ReportField("back_pay", "补差金额(元)", "money"),
        ReportField("refund_months", "退差月份", "text"),
        ReportField("refund", "退差金额(元)", "money"),
        ReportField("undeclared", "未申报月份(不产生差额)", "text"),
    )
    report_notes = (
        "补差、退差金额为各险种单位与个人差额之和；未申报缴费的月份不产生差额补退记录。",
    )

    def check(self, ctx: CheckContext, rows: list[tuple[int, WageChangeRow]]) -> None:
        unit = ctx.unit
        first, last = wc.change_window()
        persons = persons_by_id_number(row.id_number for _n, row in rows)
        related = related_person_ids(unit=unit, person_ids=[p.pk for p in persons.values()])
        persons = {k: p for k, p in persons.items() if p.pk in related}
        candidates: list[tuple[int, Any, wc.Change]] = []
        for number, row in rows:
            person = persons.get(row.id_number)
            if self._check_row(ctx, number, row, unit, person, first, last) and person:
                candidates.append((number, row, _change(row, person)))
        changes = [c for _n, _r, c in candidates]
        ids = sorted({c.person_id for c in changes})
        spans = wc.enrolled_months(unit=unit, person_ids=ids)
        approved = wc.approved_changes(unit=unit, changes=changes)
        audited = wc.audited_bases(unit=unit, changes=changes)
        rules = wc.MonthRules(unit)
        seen: dict[int, list[tuple[int, wc.Change]]] = {}
        for number, _row, change in candidates:
            self._check_periods(ctx, number, change, spans.get(change.person_id, []), rules)
            self._check_overlaps(ctx, number, change, seen, approved.get(change.person_id, []))
            if number not in ctx.errors:
                self._check_audited(ctx, number, change, audited, rules)
            if (
                number not in ctx.errors
            ):  # a refused row is not added: later rows may take its months
                seen.setdefault(change.person_id, []).append((number, change))

    @staticmethod
    def _check_row(
        ctx: CheckContext,
        number: int,
        row: WageChangeRow,
        unit: Unit,
        person: Person | None,
        first: Period,
        last: Period,
    ) -> bool:
        """Checks of the row alone; True when its interval can be checked further."""
        if row.unit_no and row.unit_no != unit.unit_no:
            ctx.fail(
                number, "单位编号", _("单位编号不是当前经办单位（%(u)s）") % {"u": unit.unit_no}
            )
        if row.wage <= 0:
            ctx.fail(number, WAGE_COLUMN, _(WAGE_NOT_POSITIVE))
        if person is None:  # unknown, or never insured here: the same words (issue #10 §2)
            ctx.fail(number, "身份证号码", _(NOT_INSURED_HERE))
        else:
            if person.name != row.name:
                ctx.fail(number, "姓名", _(NAME_MISMATCH))
            if row.person_no and row.person_no != person.person_no:
                ctx.fail(number, "个人编号", _(PERSON_NO_MISMATCH))
        start, end = Period.parse(row.start_period), Period.parse(row.end_period)
        ok = True
        if end < start:
            ctx.fail(number, "结束年月", _(END_BEFORE_START))
            ok = False
        if end > last:
            ctx.fail(number, "结束年月", _(FUTURE) % {"p": end, "n": last})
            ok = False
        if start < first:
            ctx.fail(number, "开始年月", _(OUTSIDE_WINDOW) % {"a": first, "b": last, "p": start})
            ok = False
        return ok and row.wage > 0

    @staticmethod
    def _check_periods(
        ctx: CheckContext,
        number: int,
        change: wc.Change,
        spans: list[tuple[str, str]],
        rules: wc.MonthRules,
    ) -> None:
        periods = wc.months(change.start, change.end)
        missing = [p for p in periods if not wc.is_enrolled(spans, p)]
        if missing:
            ctx.fail(number, "开始年月", _(NOT_ENROLLED) % {"p": _span_text(missing)})
        for p in periods:
            try:
                rules.rule(p)
            except MissingParameter as exc:
                ctx.fail(number, "开始年月", str(exc))
                return

    @staticmethod
    def _check_overlaps(
        ctx: CheckContext,
        number: int,
        change: wc.Change,
        seen: dict[int, list[tuple[int, wc.Change]]],
        approved: list[WageChange],
    ) -> None:
        """R-BASE-07 / DV-06: 201901-201906 added, 201906-201912 is refused."""
        for other_no, other in seen.get(change.person_id, []):
            if change.overlaps(other.start, other.end):
                values = {"n": other_no, "a": other.start, "b": other.end}
                ctx.fail(number, "开始年月", _(OVERLAP_ROW) % values)
        for w in approved:
            if change.overlaps(Period.parse(w.start_period), Period.parse(w.end_period)):
                values = {"s": w.serial_no, "a": w.start_period, "b": w.end_period}
                ctx.fail(number, "开始年月", _(OVERLAP_APPROVED) % values)

    @staticmethod
    def _check_audited(
        ctx: CheckContext,
        number: int,
        change: wc.Change,
        audited: dict[tuple[int, str], Decimal],
        rules: wc.MonthRules,
    ) -> None:
        """R-BASE-06: the base this wage gives in an audited month must be the audited one."""
        for p in wc.months(change.start, change.end):
            fixed = audited.get((change.person_id, str(p)))
            if fixed is None:
                continue
            base = rules.base(p, change.wage)
            if base != fixed:
                values = {"p": p, "a": format_money(fixed), "b": format_money(base)}
                ctx.fail(number, WAGE_COLUMN, _(AUDITED_MISMATCH) % values)

    def apply(self, effect: EffectContext, rows: list[WageChangeRow]) -> dict[str, Any]:
        unit = effect.unit
        serial = effect.serial_no
        persons = persons_by_id_number(row.id_number for row in rows)
        changes = [_change(row, persons[row.id_number]) for row in rows]
        records = WageChange.objects.bulk_create(
            [
                WageChange(
                    person_id=c.person_id,
                    unit=unit,
                    start_period=str(c.start),
                    end_period=str(c.end),
                    wage=c.wage,
                    serial_no=serial,
                )
                for c in changes
            ],
            batch_size=2000,
        )
        lines = wc.adjustments_create(
            unit=unit, changes=changes, wage_changes=records, serial_no=serial
        )
        back_pay = [a for a in lines if a.total_diff > 0]
        refund = [a for a in lines if a.total_diff < 0]
        covered = {(a.person_id, a.period) for a in lines}
        undeclared = sum(
            1
            for c in changes
            for p in wc.months(c.start, c.end)
            if (c.person_id, str(p)) not in covered
        )
        return {
            "wage_changes": len(records),
            "back_pay_lines": len(back_pay),
            "refund_lines": len(refund),
            "back_pay_total": f"{sum((a.total_diff for a in back_pay), Decimal(0)):.2f}",
            "refund_total": f"{-sum((a.total_diff for a in refund), Decimal(0)):.2f}",
            "months_without_difference": undeclared,
        }

    def revert(self, effect: EffectContext) -> dict[str, Any]:
        """回退: drop the change and its difference lines while no bill has taken them."""
        changes = WageChange.objects.filter(unit=effect.unit, serial_no=effect.serial_no)
        lines = BaseAdjustment.objects.filter(wage_change__in=changes)
        # locked like §3.3.26 locks them, so a bill being issued meanwhile waits or wins
        states = set(lines.select_for_update().order_by("pk").values_list("status", flat=True))
        if states - {DeclarationStatus.DECLARED}:
            raise InvalidValue(_(BILLED))
        later = _declared_since(changes)
        if later:
            raise InvalidValue(_(DECLARED_SINCE) % {"p": later})
        removed = lines.delete()[0]
        count = changes.count()
        changes.delete()
        return {"adjustments_removed": removed, "wage_changes_removed": count}

    def effect_summary(self, rows: list[WageChangeRow]) -> str:
        """Whose wages change over which months (the 差额补退 follow from them)."""
        periods = [r.start_period for r in rows] + [r.end_period for r in rows]
        n = len({r.id_number for r in rows})
        return _(WAGE_EFFECT) % {"n": n, "p": span_text(periods)}

    def summary(self, rows: list[WageChangeRow]) -> list[tuple[str, Any]]:
        """合 计： 人 (the template's footer)."""
        return [(_("合计"), f"{len({r.id_number for r in rows})} 人")]

    def report_values(self, unit: Unit, rows: list[WageChangeRow]) -> list[dict[str, Any]]:
        persons = persons_by_id_number(r.id_number for r in rows)
        rules = wc.MonthRules(unit)
        values: list[dict[str, Any]] = [{} for _r in rows]
        indexed = [
            (i, _change(r, persons[r.id_number]))
            for i, r in enumerate(rows)
            if r.id_number in persons and r.start_period <= r.end_period
        ]
        try:
            effects = wc.effects_for(unit=unit, changes=[c for _i, c in indexed], rules=rules)
            for (i, change), effect in zip(indexed, effects, strict=True):
                bases = sorted(
                    {rules.base(p, change.wage) for p in wc.months(change.start, change.end)}
                )
                values[i] = {
                    "base": "/".join(format_money(b) for b in bases),
                    "back_pay_months": _span_text(effect.periods(refund=False)),
                    "back_pay": effect.back_pay,
                    "refund_months": _span_text(effect.periods(refund=True)),
                    "refund": effect.refund,
                    "undeclared": _span_text(effect.undeclared),
                }
        except MissingParameter as exc:
            return [{"base": str(exc)} for _r in rows]
        return values

    def computed_summary(self, values: list[dict[str, Any]]) -> list[tuple[str, Any]]:
        back_pay = sum((v.get("back_pay") or Decimal(0) for v in values), Decimal(0))
        refund = sum((v.get("refund") or Decimal(0) for v in values), Decimal(0))
        return [(_("补差合计"), format_money(back_pay)), (_("退差合计"), format_money(refund))]


__all__ = ["WageChangeDeclaration", "WageChangeRow"]
