"""§3.3.32 单位职工基本养老保险视同缴费年限补缴申报: periods before 统账结合.

R-BP-08: the recognition department (认定部门) assesses the person first; the agency
enters that assessment as a ``DeemedYearsRecognition`` (admin), and the unit then
declares it by the person's number (【查询认证信息】 shows it above the form). The span
and the wage come from the recognition, never from the unit; pension only.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.errors import InvalidValue
from shebao.core.money import format_money
from shebao.core.period import Period
from shebao.policy.areas import HUBEI_ONLY
from shebao.registry.choices import InsuranceType
from shebao.registry.disclosure import NAME_MISMATCH
from shebao.registry.models import Unit
from shebao.services.modules import Module
from shebao.services.registry import register
from shebao.services.rows import PersonName, RowModel, Text, column
from shebao.services.spec import CheckContext, InfoTable, Mode, ReportField, Review, ServiceSpec

from .. import arrears, arrears_calc
from ..models import ArrearsKind, DeemedYearsRecognition
from .recorded_money import arrears_money, calc_lines

if TYPE_CHECKING:
    from shebao.services.spec import DraftView, EffectContext

NOT_RECOGNISED = gettext_noop("该人员没有待补缴的视同缴费年限认定信息，请先到认定部门认定")
DUPLICATE = gettext_noop("与第 %(n)d 行的个人编号重复")
AFTER_POOLING = gettext_noop(
    "认定时段 %(s)s-%(e)s 不在统账结合日期 %(d)s 之前，请通过“劳动合同补缴申报”办理"
)
USED_MEANWHILE = gettext_noop("个人编号 %(p)s 的认定信息刚被其他办件申报，本办件未生效")


class DeemedArrearsRow(RowModel):
    person_no: Text = column("个人编号", example="10000000000")
    name: PersonName | None = column("姓名", example="张三", required=False)


def _open_recognitions(unit: Unit, person_nos: list[str]) -> dict[str, DeemedYearsRecognition]:
    found = DeemedYearsRecognition.objects.filter(
        unit=unit, person__person_no__in=person_nos, arrears__isnull=True
    ).select_related("person")
    return {r.person.person_no: r for r in found.order_by("start_period")}


@register
class DeemedYearsArrears(ServiceSpec[DeemedArrearsRow]):
    code = "hb_deemed_contribution_back_payment"
    areas = HUBEI_ONLY
    module = Module.CONTRIBUTION
    title = "单位职工基本养老保险视同缴费年限补缴申报"
    section = "§3.3.32"
    description = (
        "补缴应缴纳但未缴纳的统账结合时间之前的基本养老保险费。须先经认定部门认定，"
        "按认定的时段和缴费工资补缴；填写个人编号后系统带出认定信息。提交后由参保所属机构审核。"
    )
    row = DeemedArrearsRow
    modes = frozenset({Mode.SINGLE})
    review = Review.AGENCY
    report_title = "职工基本养老保险视同缴费年限补缴申报表"
    report_columns = ("person_no", "name")
    report_computed = (
        ReportField("span", "认定补缴时段"),
        ReportField("months", "补缴月数", "number"),
        ReportField("wage", "核定月缴费工资", "money"),
        ReportField("total", "应缴合计", "money"),
        ReportField("detail", "计算明细"),
    )
    money_summary = arrears_money  # the approved lines read back, per type

    def info_table(self, unit: Unit, draft: DraftView | None = None) -> InfoTable:
        rows = [
            (
                r.person.person_no,
                r.person.name,
                r.start_period,
                r.end_period,
                format_money(r.monthly_wage),
                r.document_no,
                r.recognised_on.isoformat(),
            )
            for r in DeemedYearsRecognition.objects.filter(unit=unit, arrears__isnull=True)
            .select_related("person")
            .order_by("person__person_no")
        ]
        headers = (
            "个人编号",
            "姓名",
            "开始年月",
            "结束年月",
            "核定月缴费工资",
            "认定文书",
            "认定日期",
        )
        return InfoTable(title=_("补缴核定信息"), headers=headers, rows=rows)

    def _lines(self, unit: Unit, recognition: DeemedYearsRecognition) -> list[Any]:
        return arrears.person_lines(
            unit=unit,
            start=Period.parse(recognition.start_period),
            end=Period.parse(recognition.end_period),
            types=[InsuranceType.PENSION],
            wage=Decimal(recognition.monthly_wage),
            on=arrears.calculation_date(),
        )

    def check(self, ctx: CheckContext, rows: list[tuple[int, DeemedArrearsRow]]) -> None:
        open_ = _open_recognitions(ctx.unit, [row.person_no for _n, row in rows])
        pooled = arrears.pooling_date(ctx.unit)
        seen: dict[str, int] = {}
        for number, row in rows:
            if row.person_no in seen:
                ctx.fail(number, "个人编号", _(DUPLICATE) % {"n": seen[row.person_no]})
            seen.setdefault(row.person_no, number)
            recognition = open_.get(row.person_no)
            if recognition is None:
                ctx.fail(number, "个人编号", _(NOT_RECOGNISED))
                continue
            if row.name and row.name != recognition.person.name:
                ctx.fail(number, "姓名", _(NAME_MISMATCH))
            if Period.parse(recognition.end_period).first_day >= pooled:
                ctx.fail(
                    number,
                    "个人编号",
                    _(AFTER_POOLING)
                    % {
                        "s": recognition.start_period,
                        "e": recognition.end_period,
                        "d": pooled.isoformat(),
                    },
                )
                continue
            try:
                self._lines(ctx.unit, recognition)
            except InvalidValue as missing:
                ctx.fail(number, "个人编号", str(missing))

    def apply(self, effect: EffectContext, rows: list[DeemedArrearsRow]) -> dict[str, Any]:
        open_ = _open_recognitions(effect.unit, [row.person_no for row in rows])
        created = []
        for row in rows:
            recognition = (
                DeemedYearsRecognition.objects.select_for_update()
                .filter(pk=open_[row.person_no].pk, arrears__isnull=True)
                .select_related("person")
                .first()
            )
            if recognition is None:
                raise InvalidValue(_(USED_MEANWHILE) % {"p": row.person_no})
            lines = self._lines(effect.unit, recognition)
            record = arrears.arrears_create(
                effect=effect,
                kind=ArrearsKind.DEEMED,
                person=recognition.person,
                start=Period.parse(recognition.start_period),
                end=Period.parse(recognition.end_period),
                lines=[(recognition.person, line) for line in lines],
                on=arrears.calculation_date(),
                reason="视同缴费年限补缴",
                wage=recognition.monthly_wage,
            )
            recognition.arrears = record
            recognition.save(update_fields=["arrears"])
            created.append(record)
        return {"arrears": [r.pk for r in created]}

    def report_values(self, unit: Unit, rows: list[DeemedArrearsRow]) -> list[dict[str, Any]]:
        open_ = _open_recognitions(unit, [row.person_no for row in rows])
        values: list[dict[str, Any]] = []
        for row in rows:
            recognition = open_.get(row.person_no)
            if recognition is None:
                values.append({})
                continue
            start, end = (
                Period.parse(recognition.start_period),
                Period.parse(recognition.end_period),
            )
            try:
                lines = self._lines(unit, recognition)
            except InvalidValue as missing:
                values.append({"span": f"{start}-{end}", "detail": str(missing)})
                continue
            values.append(
                {
                    "span": f"{start}-{end}",
                    "months": start.months_until(end),
                    "wage": recognition.monthly_wage,
                    "total": arrears_calc.totals(lines).total,
                    "detail": " ｜ ".join(line.explanation for line in lines),
                    "money_lines": calc_lines(lines),
                }
            )
        return values


__all__ = ["DeemedArrearsRow", "DeemedYearsArrears"]
