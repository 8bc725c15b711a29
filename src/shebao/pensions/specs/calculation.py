"""§3.3.42 基本养老金计算（单位）: the unit asks for its retirees' pensions to be worked out.

The rows are retirees of the acting unit (可申报人员列表: with a retirement month, not yet
calculated through this service, or released for recalculation by a reviewer). 添加校验
refuses anyone else with one message that says nothing about the person: a retiree of
another unit and a person who is not a retiree read the same. Completes at once: the
awards are computed set-based (``award.awards_compute``) and the result links the
待遇计算表 (``documents.pension_sheet``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.audit.services import audit_record
from shebao.audit.types import EventType
from shebao.core.errors import InvalidValue
from shebao.policy.areas import HUBEI_ONLY
from shebao.registry.models import Unit
from shebao.services.modules import Module
from shebao.services.registry import register
from shebao.services.rows import PersonName, RowModel, Text, column
from shebao.services.spec import CheckContext, InfoTable, Mode, Review, ServiceSpec

from ..award import awards_compute
from ..models import Retiree
from ..selectors import calculable_retirees

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping, Sequence

    from shebao.services.spec import DraftView, EffectContext

CODE = "hb_basic_pension_calculation"
NOT_CALCULABLE = gettext_noop("该人员不是本单位可计算待遇的离退休人员")
NAME_MISMATCH = gettext_noop("姓名与个人编号不一致")
DUPLICATE = gettext_noop("该人员已添加")
CHANGED = gettext_noop("待遇计算人员已发生变化，请重新添加校验")
COMPLETED = gettext_noop("该业务已成功办结，您可在待遇计算表单打印功能中打印待遇计算表！")
REASON = "§3.3.42 基本养老金计算 %(s)s"


class PensionCalculationRow(RowModel):
    person_no: Text = column("个人编号", example="20000000001")
    name: PersonName | None = column("姓名", example="王退休", required=False)


def _by_person_no(unit: Unit, numbers: Collection[str]) -> dict[str, Retiree]:
    return {
        r.person.person_no: r
        for r in calculable_retirees(unit=unit).filter(person__person_no__in=list(numbers))
    }


@register
class BasicPensionCalculation(ServiceSpec[PensionCalculationRow]):
    code = CODE
    areas = HUBEI_ONLY
    module = Module.PENSION_CLAIMS
    title = "基本养老金计算（单位）"
    section = "§3.3.42"
    short_description = "为本单位已认定的离退休人员计算基本养老金，打印待遇计算表"
    description = (
        "单位为本单位已认定的离退休人员申请计算基本养老金：从可申报人员列表选择人员添加校验，"
        "校验通过的人员提交后即按国发〔2005〕38号计算基础养老金、个人账户养老金和过渡性养老金，"
        "并可打印待遇计算表。提交即办结。"
    )
    row = PensionCalculationRow
    modes = frozenset({Mode.SINGLE})
    review = Review.AUTO
    completed_message = COMPLETED
    report_title = "基本养老金计算申请表"
    report_columns = ("person_no", "name")

    def info_tables(self, unit: Unit, draft: DraftView | None = None) -> list[InfoTable]:
        rows = [
            (
                str(n),
                r.person.person_no,
                r.person.name,
                unit.unit_no,
                unit.name,
                f"{r.retirement_month[:4]}-{r.retirement_month[4:]}-01",
            )
            for n, r in enumerate(calculable_retirees(unit=unit).order_by("person__person_no"), 1)
        ]
        return [
            InfoTable(
                title=_("可申报人员列表"),
                headers=("序号", "个人编号", "姓名", "单位编号", "单位名称", "退休日期"),
                rows=rows,
            )
        ]

    def check(self, ctx: CheckContext, rows: list[tuple[int, PensionCalculationRow]]) -> None:
        found = _by_person_no(ctx.unit, {row.person_no for _n, row in rows})
        seen: set[str] = set()
        for number, row in rows:
            retiree = found.get(row.person_no)
            if retiree is None:
                ctx.fail(number, "个人编号", _(NOT_CALCULABLE))
                continue
            if row.name and row.name != retiree.person.name:
                ctx.fail(number, "姓名", _(NAME_MISMATCH))
            if row.person_no in seen:
                ctx.fail(number, "个人编号", _(DUPLICATE))
            seen.add(row.person_no)

    def lock_keys(self, rows: Sequence[Mapping[str, Any]]) -> Collection[str]:
        return ()  # the retirees are locked in ``apply`` (select_for_update)

    def apply(self, effect: EffectContext, rows: list[PensionCalculationRow]) -> dict[str, Any]:
        numbers = [row.person_no for row in rows]
        retirees = list(
            calculable_retirees(unit=effect.unit)
            .filter(person__person_no__in=numbers)
            .select_related("unit__region")
            .select_for_update(of=("self",))
            .order_by("pk")
        )
        if len(retirees) != len(set(numbers)):
            raise InvalidValue(_(CHANGED))
        awards = awards_compute(
            retirees=retirees,
            reason=REASON % {"s": effect.serial_no},
            by_id=effect.operator_id,
            case_id=effect.case_id,
        )
        Retiree.objects.filter(pk__in=[r.pk for r in retirees]).update(recalculation_allowed=False)
        audit_record(
            event_type=EventType.PENSION_AWARD_COMPUTE,
            actor=effect.operator,
            acting_unit=effect.unit,
            case=None,
            detail={
                "serial_no": effect.serial_no,
                "awards": [a.pk for a in awards],
                "person_nos": [r.person.person_no for r in retirees],
            },
        )
        return {"awards": [a.pk for a in awards], "pension_sheet": True}

    def summary(self, rows: list[PensionCalculationRow]) -> list[tuple[str, Any]]:
        return [(_("合计"), f"{len(rows)} 人")]


__all__ = ["BasicPensionCalculation"]
