"""§3.3.23 单位社会保险费撤销申报: cancel declared data no document has been issued for.

Split from ``monthly`` (§3.3.22), whose declaration table (待撤销列表) it shows. Cancelling
moves the declarations to ``cancelled`` and deletes their detail lines; billed ones
(R-REF-03) and those a wage change measured differences against are refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.errors import InvalidValue
from shebao.policy.areas import HUBEI_ONLY
from shebao.registry.choices import TYPE_ALIASES, TYPE_CHOICES, TYPE_NAMES, InsuranceType
from shebao.registry.models import Unit
from shebao.services.modules import Module
from shebao.services.money import MoneySummary
from shebao.services.registry import register
from shebao.services.rows import PeriodText, RowModel, column, one_of
from shebao.services.spec import CheckContext, InfoTable, Mode, Review, ServiceSpec

from ..models import (
    HOLDING,
    BaseAdjustment,
    ContributionDetail,
    DeclarationStatus,
    MonthlyDeclaration,
)
from ..selectors import cancellable_declarations
from .monthly import (
    CHANGED_MEANWHILE,
    DECLARATION_HEADERS,
    DUPLICATE_PERIOD,
    declaration_cells,
    declared_lines,
    recorded_declarations,
)

if TYPE_CHECKING:
    from shebao.services.spec import DraftView, EffectContext

NOTHING_TO_CANCEL = gettext_noop("%(p)s 没有可撤销的缴费申报")
BILLED = gettext_noop("%(p)s %(t)s已开具应缴认定单，不能撤销申报")
HAS_DIFFERENCES = gettext_noop(
    "费款所属期 %(p)s 已有缴费工资变更（业务流水号 %(s)s）产生的差额补退记录，"
    "请先回退该变更再撤销申报"
)
CANCEL_PREVIEW = gettext_noop("提交后撤销以上已申报的应缴数据")


def _label(t: str) -> str:
    return str(InsuranceType(t).label)


InsuranceTypeName = Annotated[str, one_of(TYPE_CHOICES, TYPE_ALIASES)]


class CancellationRow(RowModel):
    period: PeriodText = column("费款所属期", example="202103", help="YYYYMM")
    insurance_type: InsuranceTypeName | None = column(
        "险种类型",
        required=False,
        kind="choice",
        choices=TYPE_CHOICES,
        help="不选时撤销该期全部险种的申报",
    )


def _cancel_targets(unit: Unit, row: CancellationRow) -> list[MonthlyDeclaration]:
    qs = MonthlyDeclaration.objects.filter(unit=unit, period=row.period, status__in=HOLDING)
    if row.insurance_type:
        qs = qs.filter(insurance_type=TYPE_NAMES[row.insurance_type])
    return list(qs.order_by("insurance_type"))


def _difference_serials(unit: Unit, row: CancellationRow, targets: list[MonthlyDeclaration]) -> str:
    """Wage changes whose 差额补退记录 were measured against these declarations: cancelling
    them would leave the differences pointing at contributions that no longer exist."""
    serials = (
        BaseAdjustment.objects.filter(
            unit=unit,
            period=row.period,
            insurance_type__in=[d.insurance_type for d in targets],
        )
        .order_by("serial_no")
        .values_list("wage_change__serial_no", flat=True)
        .distinct()
    )
    return "、".join(s for s in serials if s)


@register
class MonthlyDeclarationCancellation(ServiceSpec[CancellationRow]):
    code = "hb_contribution_declaration_revocation"
    areas = HUBEI_ONLY
    module = Module.CONTRIBUTION
    title = "单位社会保险费撤销申报"
    section = "§3.3.23"
    description = (
        "已申报缴费但尚未开具应缴认定单的单位，可撤销已申报的应缴数据（例如申报数据有误），"
        "撤销后可重新申报。已开具应缴认定单的申报不能撤销。提交即办结。"
    )
    row = CancellationRow
    modes = frozenset({Mode.SINGLE})
    review = Review.AUTO
    report_title = "单位社会保险费撤销申报表"
    report_columns = ("period", "insurance_type")

    def info_table(self, unit: Unit, draft: DraftView | None = None) -> InfoTable:
        declarations = cancellable_declarations(unit=unit).select_related("region")
        return InfoTable(
            title=_("待撤销列表"),
            headers=DECLARATION_HEADERS,
            rows=[declaration_cells(d) for d in declarations],
        )

    def check(self, ctx: CheckContext, rows: list[tuple[int, CancellationRow]]) -> None:
        seen: dict[tuple[str, str], int] = {}
        for number, row in rows:
            key = (row.period, row.insurance_type or "")
            if key in seen:
                ctx.fail(number, "费款所属期", _(DUPLICATE_PERIOD) % {"n": seen[key]})
            seen.setdefault(key, number)
            targets = _cancel_targets(ctx.unit, row)
            if not targets:
                ctx.fail(number, "费款所属期", _(NOTHING_TO_CANCEL) % {"p": row.period})
            for d in targets:
                if d.status == DeclarationStatus.BILLED:
                    ctx.fail(
                        number,
                        "费款所属期",
                        _(BILLED) % {"p": d.period, "t": _label(d.insurance_type)},
                    )
            blocking = _difference_serials(ctx.unit, row, targets)
            if blocking:
                ctx.fail(
                    number, "费款所属期", _(HAS_DIFFERENCES) % {"p": row.period, "s": blocking}
                )

    def apply(self, effect: EffectContext, rows: list[CancellationRow]) -> dict[str, Any]:
        cancelled: list[MonthlyDeclaration] = []
        deleted = 0
        now = timezone.now()
        for row in rows:
            ids = [d.pk for d in _cancel_targets(effect.unit, row)]
            locked = list(
                MonthlyDeclaration.objects.select_for_update().filter(pk__in=ids).order_by("pk")
            )
            if not locked or any(d.status != DeclarationStatus.DECLARED for d in locked):
                raise InvalidValue(_(CHANGED_MEANWHILE) % {"p": row.period})
            blocking = _difference_serials(effect.unit, row, locked)
            if blocking:
                raise InvalidValue(_(HAS_DIFFERENCES) % {"p": row.period, "s": blocking})
            for d in locked:
                d.status = DeclarationStatus.CANCELLED
                d.cancelled_by = effect.serial_no
                d.cancelled_at = now
            MonthlyDeclaration.objects.bulk_update(
                locked, ["status", "cancelled_by", "cancelled_at"]
            )
            deleted += ContributionDetail.objects.filter(
                period=row.period, unit=effect.unit, declaration__in=locked
            ).delete()[0]
            cancelled += locked
        return {"declarations_cancelled": [d.pk for d in cancelled], "details_deleted": deleted}

    def summary(self, rows: list[CancellationRow]) -> list[tuple[str, Any]]:
        return [(_("合计"), f"{len(rows)} 项")]

    def money_summary(
        self,
        *,
        unit: Unit,
        rows: list[CancellationRow],
        values: list[dict[str, Any]],
        effect: Mapping[str, Any] | None,
    ) -> MoneySummary | None:
        """The declared amounts the case cancels (or cancelled), per period and type."""
        if effect is not None:
            targets = recorded_declarations(effect, "declarations_cancelled")
        else:
            targets = [d for row in rows for d in _cancel_targets(unit, row)]
        periods = len({d.period for d in targets})
        lines = declared_lines(targets, periods)
        if not lines:
            return None
        note = "" if effect is not None else _(CANCEL_PREVIEW)
        return MoneySummary(lines=lines, title=_("撤销的应缴金额"), note=note)


__all__ = ["CancellationRow", "MonthlyDeclarationCancellation"]
