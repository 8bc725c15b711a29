"""§3.3.22 单位社会保险缴费申报 (§3.3.23 撤销申报 is ``monthly_revocation``).

Declaring a period writes the unit's payable data (正常应缴) per insurance type from the
persons enrolled in that period and their bases (R-BASE-09), set-based in SQL
(``..calculation``). Both complete at once. A declaration can be cancelled until a
应缴认定单 has been issued for it (R-REF-03): bills move it to ``billed``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.errors import InvalidValue
from shebao.core.money import format_money
from shebao.core.period import Period
from shebao.policy.areas import HUBEI_ONLY
from shebao.policy.selectors import MissingParameter, contribution_year_of
from shebao.registration.specs.common import (
    TYPE_FIELDS,
    require_active_unit_types,
    ticked_types,
)
from shebao.registry.choices import (
    InsuranceType,
    UnitInsuranceStatus,
)
from shebao.registry.models import Unit
from shebao.registry.selectors import active_staff_counts, unit_active_insurance_types
from shebao.services.modules import Module
from shebao.services.money import MoneyLine, MoneySummary, money_lines
from shebao.services.registry import register
from shebao.services.rows import PeriodText, RowModel, Tick, column
from shebao.services.spec import CheckContext, InfoTable, Mode, Review, ServiceSpec

from .. import calculation
from ..models import (
    HOLDING,
    MonthlyDeclaration,
)
from ..selectors import (
    declarations_of_year,
    last_declared_periods,
    period_comparison,
)

if TYPE_CHECKING:
    from shebao.services.spec import DraftView, EffectContext

CANCEL_SERVICE = "单位社会保险费撤销申报"  # §3.3.23, ``monthly_revocation``
FUTURE_PERIOD = gettext_noop("费款所属期 %(p)s 晚于当前月份 %(n)s，不能申报")
NOT_INSURED = gettext_noop("本单位未参加%(t)s，不能申报")
TYPE_SUSPENDED = gettext_noop("本单位%(t)s已暂停缴费，不能申报")
NO_TYPES = gettext_noop("本单位没有正常参保的险种，不能申报")
ALREADY_DECLARED = gettext_noop("%(p)s %(t)s已申报，如需重新申报请先办理“%(s)s”")
DUPLICATE_PERIOD = gettext_noop("与第 %(n)d 行的费款所属期和险种重复")
NO_STAFF = gettext_noop("费款所属期 %(p)s 本单位没有正常参保的职工")
NO_BASE = gettext_noop(
    "%(p)s 有 %(n)d 条参保记录既没有缴费基数也没有月缴费工资，请先办理“单位职工社会保险缴费工资申报”"
)
DECLARED_MEANWHILE = gettext_noop("%(p)s 的缴费申报刚被其他办件提交，本办件未生效")
CHANGED_MEANWHILE = gettext_noop("%(p)s 的缴费申报刚被其他办件修改，本办件未生效，请刷新后重新办理")
PREVIEW = gettext_noop("按当前参保人员和缴费基数试算，提交后以生成的应缴数据为准")


class MonthlyDeclarationRow(RowModel):
    period: PeriodText = column("费款所属期", example="202103", help="YYYYMM")
    pension: Tick = column(
        "城镇职工基本养老保险", header_note="(√)", kind="tick", required=False, group="申报险种"
    )
    unemployment: Tick = column(
        "失业保险", header_note="(√)", kind="tick", required=False, group="申报险种"
    )
    work_injury: Tick = column(
        "工伤保险", header_note="(√)", kind="tick", required=False, group="申报险种"
    )


def _types_of(row: MonthlyDeclarationRow, unit: Unit) -> list[str]:
    """The ticked types, or every type the unit pays in when none is ticked."""
    ticked = [str(t.value) for t in ticked_types(row)]
    return ticked or unit_active_insurance_types(unit=unit)


def _label(t: str) -> str:
    return str(InsuranceType(t).label)


def _money(amount: Any) -> str:
    return format_money(amount)


def declared_lines(
    declarations: Sequence[MonthlyDeclaration], periods: int
) -> tuple[MoneyLine, ...]:
    """A line per declaration; the period leads the label when the case names several."""
    return money_lines(
        MoneyLine(
            (f"{d.period} " if periods > 1 else "") + _label(d.insurance_type),
            d.unit_amount,
            d.individual_amount,
            headcount=d.headcount,
        )
        for d in declarations
    )


def recorded_declarations(effect: Mapping[str, Any], key: str) -> list[MonthlyDeclaration]:
    ids = effect.get(key) or []
    return list(MonthlyDeclaration.objects.filter(pk__in=ids).order_by("period", "insurance_type"))


@register
class MonthlyContributionDeclaration(ServiceSpec[MonthlyDeclarationRow]):
    code = "hb_monthly_contribution_declaration"
    areas = HUBEI_ONLY
    module = Module.CONTRIBUTION
    keywords = ("月报", "月度申报", "缴费")
    title = "单位社会保险缴费申报"
    section = "§3.3.22"
    description = (
        "参保单位按月申报社会保险费：系统根据单位申报的缴费基数和在职人数，按险种生成单位应缴和个人应缴数据。"
        "不勾选险种时申报本单位全部正常参保的险种。可查看上期与本期人数、基数的对比和本年度已申报情况。"
        "申报后在开具应缴认定单前可通过“单位社会保险费撤销申报”撤销。提交即办结。"
    )
    row = MonthlyDeclarationRow
    modes = frozenset({Mode.SINGLE})
    # a declaration is not a roster: no 单个添加, no 行 (issue #12 §7)
    row_noun = gettext_noop("条申报")
    mode_labels = {Mode.SINGLE: gettext_noop("填写申报")}
    review = Review.AUTO
    report_title = "单位社会保险缴费申报表"
    report_columns = ("period", "pension", "unemployment", "work_injury")

    def info_tables(self, unit: Unit, draft: DraftView | None = None) -> list[InfoTable]:
        return [self._unit_types(unit), *self._comparison(unit), *self._year(unit)]

    def _unit_types(self, unit: Unit) -> InfoTable:

        last = last_declared_periods(unit=unit)
        staff = active_staff_counts(unit=unit)
        rows = [
            (
                _label(i.insurance_type),
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
            "险种类型",
            "最大缴费期号",
            "参保状态",
            "暂停缴费标志",
            "参保日期",
            "参保所属机构",
            "在职人数",
        )
        return InfoTable(title=_("单位参保险种"), headers=headers, rows=rows)

    def _comparison(self, unit: Unit) -> list[InfoTable]:
        last = last_declared_periods(unit=unit)
        if not last:
            return []
        period = Period.parse(max(last.values()))
        rows = [
            (
                _label(c.insurance_type),
                str(c.previous_headcount),
                str(c.headcount),
                str(c.added),
                str(c.removed),
                _money(c.previous_base_total),
                _money(c.base_total),
                _money(c.base_change),
            )
            for c in period_comparison(unit=unit, period=period)
        ]
        headers = (
            "险种类型",
            "上期人数",
            "本期人数",
            "增加人数",
            "减少人数",
            "上期缴费基数总额",
            "本期缴费基数总额",
            "基数增减",
        )
        title = _("上期（%(a)s）与本期（%(b)s）对比") % {"a": period + -1, "b": period}
        return [InfoTable(title=title, headers=headers, rows=rows)]

    def _year(self, unit: Unit) -> list[InfoTable]:
        try:
            year = contribution_year_of(Period.of(timezone.localdate()), region=unit.region)
            declarations = list(declarations_of_year(unit=unit, year=year))
        except MissingParameter:
            return []
        return [
            InfoTable(
                title=_("%(y)d年度已申报") % {"y": year},
                headers=DECLARATION_HEADERS,
                rows=[declaration_cells(d) for d in declarations],
            )
        ]

    def check(self, ctx: CheckContext, rows: list[tuple[int, MonthlyDeclarationRow]]) -> None:
        unit = ctx.unit
        now = Period.of(timezone.localdate())
        states = {i.insurance_type: i for i in unit.insurances.all()}
        periods = {row.period for _n, row in rows}
        held = set(
            MonthlyDeclaration.objects.filter(
                unit=unit, status__in=HOLDING, period__in=periods
            ).values_list("period", "insurance_type")
        )
        seen: dict[tuple[str, str], int] = {}
        for number, row in rows:
            period = Period.parse(row.period)
            if period > now:
                ctx.fail(number, "费款所属期", _(FUTURE_PERIOD) % {"p": period, "n": now})
                continue
            for kind in ticked_types(row):
                state = states.get(kind)
                if state is None:
                    ctx.fail(number, kind.label, _(NOT_INSURED) % {"t": kind.label})
                elif state.status != UnitInsuranceStatus.ACTIVE:
                    ctx.fail(number, kind.label, _(TYPE_SUSPENDED) % {"t": kind.label})
            types = _types_of(row, unit)
            if not types:
                ctx.fail(number, "申报险种", _(NO_TYPES))
                continue
            for t in types:
                key = (row.period, t)
                if key in held:
                    ctx.fail(
                        number,
                        "费款所属期",
                        _(ALREADY_DECLARED) % {"p": period, "t": _label(t), "s": CANCEL_SERVICE},
                    )
                if key in seen:
                    ctx.fail(number, "费款所属期", _(DUPLICATE_PERIOD) % {"n": seen[key]})
                seen.setdefault(key, number)
            if number in ctx.errors:
                continue
            self._check_amounts(ctx, number, unit, period, types)

    @staticmethod
    def _check_amounts(
        ctx: CheckContext, number: int, unit: Unit, period: Period, types: list[str]
    ) -> None:
        try:
            plan = calculation.plan_for(unit=unit, period=period, types=types)
        except MissingParameter as missing:
            ctx.fail(number, "费款所属期", str(missing))
            return
        total, without_base = calculation.line_counts(plan)
        if not total:
            ctx.fail(number, "费款所属期", _(NO_STAFF) % {"p": period})
        elif without_base:
            ctx.fail(number, "费款所属期", _(NO_BASE) % {"p": period, "n": without_base})

    def apply(self, effect: EffectContext, rows: list[MonthlyDeclarationRow]) -> dict[str, Any]:
        unit = effect.unit
        result: dict[str, Any] = {"declarations": [], "details": 0}
        for row in rows:
            period = Period.parse(row.period)
            types = _types_of(row, unit)
            require_active_unit_types(unit, set(types))  # locks: declarations of a unit serialise
            if MonthlyDeclaration.objects.filter(
                unit=unit, period=row.period, insurance_type__in=types, status__in=HOLDING
            ).exists():
                raise InvalidValue(_(DECLARED_MEANWHILE) % {"p": period})
            plan = calculation.plan_for(unit=unit, period=period, types=types)
            total, without_base = calculation.line_counts(plan)
            if not total or without_base:
                raise InvalidValue(_(CHANGED_MEANWHILE) % {"p": period})
            try:
                with transaction.atomic():
                    declarations = calculation.declare(plan=plan, serial_no=effect.serial_no)
            except IntegrityError:
                raise InvalidValue(_(DECLARED_MEANWHILE) % {"p": period})
            result["declarations"] += [d.pk for d in declarations]
            result["details"] += sum(d.headcount for d in declarations)
        return result

    def summary(self, rows: list[MonthlyDeclarationRow]) -> list[tuple[str, Any]]:
        return [(_("合计"), f"{len(rows)} 期")]

    def report_values(self, unit: Unit, rows: list[MonthlyDeclarationRow]) -> list[dict[str, Any]]:
        """The 申报险种 ticks as declared: a row that ticks none declares every type the
        unit pays in (``_types_of``), and the form says which. Once declared, the types
        held for the period (this case's declarations: a type is held by one declaration
        at a time) are printed, so a later change of the unit's types does not rewrite an
        old form; before that, the unit's active types. Two queries for all rows."""
        periods = {row.period for row in rows if not ticked_types(row)}
        held: dict[str, set[str]] = {}
        for period, kind in MonthlyDeclaration.objects.filter(
            unit=unit, status__in=HOLDING, period__in=periods
        ).values_list("period", "insurance_type"):
            held.setdefault(period, set()).add(kind)
        active = unit_active_insurance_types(unit=unit) if periods - held.keys() else []
        values = []
        for row in rows:
            types = {str(t.value) for t in ticked_types(row)}
            types = types or held.get(row.period) or set(active)
            values.append({name: t in types for t, name in TYPE_FIELDS.items()})
        return values

    def money_summary(
        self,
        *,
        unit: Unit,
        rows: list[MonthlyDeclarationRow],
        values: list[dict[str, Any]],
        effect: Mapping[str, Any] | None,
    ) -> MoneySummary | None:
        """单位 / 个人应缴 per type: read back from the declarations once written, before
        that worked out by the same calculation without writing (a preview)."""
        periods = len({row.period for row in rows})
        if effect is not None:
            lines = declared_lines(recorded_declarations(effect, "declarations"), periods)
            return MoneySummary(lines=lines, title=_("应缴金额")) if lines else None
        preview: list[MoneyLine] = []
        for row in rows:
            try:
                plan = calculation.plan_for(
                    unit=unit, period=Period.parse(row.period), types=_types_of(row, unit)
                )
            except MissingParameter:
                continue
            prefix = f"{row.period} " if periods > 1 else ""
            preview += [
                MoneyLine(
                    prefix + _label(due.insurance_type),
                    due.unit_amount,
                    due.individual_amount,
                    headcount=due.headcount,
                )
                for due in calculation.amounts_due(plan)
            ]
        if not preview:
            return None
        return MoneySummary(lines=money_lines(preview), title=_("应缴金额"), note=_(PREVIEW))


DECLARATION_HEADERS = (
    "费款所属期",
    "险种类型",
    "足额到账标志",
    "缴费人数",
    "职工工资总额",
    "缴费基数总额",
    "应缴类型",
    "单位缴费金额",
    "人员缴费金额",
    "缴费总额",
    "状态",
    "经办时间",
    "经办机构",
)


def declaration_cells(d: MonthlyDeclaration) -> tuple[str, ...]:
    """A row of the manual's 待撤销列表 (§3.3.23)."""
    return (
        d.period,
        _label(d.insurance_type),
        _("未足额到账"),  # no payments yet: every declaration is 未足额到账
        str(d.headcount),
        _money(d.wage_total),
        _money(d.base_total),
        _("正常应缴"),
        _money(d.unit_amount),
        _money(d.individual_amount),
        _money(d.total),
        d.get_status_display(),
        timezone.localtime(d.declared_at).date().isoformat(),
        d.region.name,
    )


__all__ = [
    "DECLARATION_HEADERS",
    "MonthlyContributionDeclaration",
    "MonthlyDeclarationRow",
    "declaration_cells",
    "declared_lines",
    "recorded_declarations",
]
