"""§3.3.28 / §3.3.29 cancellation of project premium documents (建筑工程项目工伤保险费
单据撤销, 矿山项目工伤保险费单据取消).

Cancelling takes only valid, unpaid documents not yet invoiced by the tax authority
(R-REF-05, WE-10); afterwards the project may be declared again (``.project_premiums``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.errors import InvalidValue
from shebao.core.money import format_money
from shebao.policy.areas import HUBEI_ONLY
from shebao.registration.specs.project_common import (
    project_no_column,
    projects_by_no,
    resolve_project,
)
from shebao.registry.choices import ProjectKind
from shebao.registry.models import Project, Unit
from shebao.services.modules import Module
from shebao.services.registry import register
from shebao.services.rows import RowModel, Text, column
from shebao.services.spec import CheckContext, InfoTable, Mode, Review, ServiceSpec

from ..bills import bill_cancel, bill_list, cancel_refusal
from ..models import Bill, BillStatus, CollectionType
from .bills import BILL_HEADERS, bill_cells
from .project_premiums import CHANGED_MEANWHILE

if TYPE_CHECKING:
    from shebao.services.spec import DraftView, EffectContext

NOTHING_TO_CANCEL = gettext_noop("项目 %(p)s 没有可取消的单据")
WRONG_PROJECT = gettext_noop("单据 %(n)s 不是项目 %(p)s 的单据")
UNKNOWN_BILL = gettext_noop("征集单号 %(n)s 不存在或不属于本单位")
CANCEL_HEADERS = (*BILL_HEADERS, "业务处理标志", "财务处理标志")


def _flags(bill: Bill) -> tuple[str, str]:
    business = _("财务可处理") if not cancel_refusal(bill) else _("不可处理")
    if bill.tax_invoiced:
        finance = _("税务已开票")
    elif bill.received_amount > 0:
        finance = _("已到账")
    else:
        finance = _("未处理")
    return business, finance


class PremiumCancellationRow(RowModel):
    project_no: Text = project_no_column()
    document_no: Text | None = column(
        "征集单号", required=False, help="不填时取消该项目全部可取消的单据"
    )


class _PremiumCancellation(ServiceSpec[PremiumCancellationRow]):
    kind: ClassVar[ProjectKind]
    row = PremiumCancellationRow
    modes = frozenset({Mode.SINGLE})
    review = Review.AUTO
    report_columns = ("project_no", "document_no")

    def _bills(self, unit: Unit) -> list[Bill]:
        return [
            b
            for b in bill_list(unit=unit, collection_type=CollectionType.PROJECT).prefetch_related(
                "lines"
            )
            if b.project is not None
            and b.project.kind == self.kind
            and b.status != BillStatus.REVOKED
        ]

    def info_tables(self, unit: Unit, draft: DraftView | None = None) -> list[InfoTable]:
        bills = self._bills(unit)
        cancellable = [b for b in bills if not cancel_refusal(b)]
        total = sum(b.total_amount for b in cancellable)
        listing = InfoTable(
            title=_("可取消的单据(%(n)d) 合计：%(t)s")
            % {"n": len(cancellable), "t": format_money(total)},
            headers=CANCEL_HEADERS,
            rows=[(*bill_cells(b), *_flags(b)) for b in bills],
        )
        details = InfoTable(
            title=_("单据明细"),
            headers=(
                "征集通知单号",
                "项目编号",
                "项目名称",
                "费款所属期",
                "计费依据",
                "费率或单价",
                "应缴金额",
            ),
            rows=[
                (
                    b.document_no,
                    b.project.project_no if b.project else "",
                    b.project.name if b.project else "",
                    line.period,
                    "" if line.basis is None else format_money(line.basis),
                    "" if line.rate is None else f"{line.rate.normalize():f}",
                    format_money(line.total),
                )
                for b in bills
                for line in b.lines.all()
            ],
        )
        return [listing, details]

    def _targets(self, ctx: CheckContext, number: int, project: Project, row: Any) -> list[Bill]:
        if row.document_no:
            bill = bill_list(unit=ctx.unit).filter(document_no=row.document_no).first()
            if bill is None:
                ctx.fail(number, "征集单号", _(UNKNOWN_BILL) % {"n": row.document_no})
                return []
            if bill.project_id != project.pk:
                ctx.fail(
                    number,
                    "征集单号",
                    _(WRONG_PROJECT) % {"n": bill.document_no, "p": project.project_no},
                )
                return []
            refusal = cancel_refusal(bill)
            if refusal:
                ctx.fail(number, "征集单号", refusal)
                return []
            return [bill]
        bills = [
            b
            for b in bill_list(unit=ctx.unit, project=project)
            if b.collection_type == CollectionType.PROJECT and b.status != BillStatus.REVOKED
        ]
        cancellable = [b for b in bills if not cancel_refusal(b)]
        if not cancellable:
            reasons = "；".join(cancel_refusal(b) for b in bills[:3])
            message = _(NOTHING_TO_CANCEL) % {"p": project.project_no}
            ctx.fail(number, "项目编号", f"{message}：{reasons}" if reasons else message)
        return cancellable

    def check(self, ctx: CheckContext, rows: list[tuple[int, PremiumCancellationRow]]) -> None:
        projects = projects_by_no(ctx.unit, [row.project_no for _n, row in rows])
        for number, row in rows:
            project = resolve_project(ctx, number, row.project_no, projects, self.kind)
            if project is not None:
                self._targets(ctx, number, project, row)

    def apply(self, effect: EffectContext, rows: list[PremiumCancellationRow]) -> dict[str, Any]:
        cancelled: list[str] = []
        for row in rows:
            ctx = CheckContext(unit=effect.unit)
            project = projects_by_no(effect.unit, [row.project_no]).get(row.project_no)
            if project is None:
                raise InvalidValue(_(CHANGED_MEANWHILE) % {"p": row.project_no})
            targets = self._targets(ctx, 1, project, row)
            locked = list(
                Bill.objects.select_for_update()
                .filter(pk__in=[b.pk for b in targets])
                .order_by("pk")
            )
            if ctx.errors or not locked:
                raise InvalidValue(_(CHANGED_MEANWHILE) % {"p": row.project_no})
            for bill in locked:
                bill_cancel(bill=bill, serial_no=effect.serial_no, actor=effect.operator)
                cancelled.append(bill.document_no)
        return {"bills_cancelled": cancelled}

    def summary(self, rows: list[PremiumCancellationRow]) -> list[tuple[str, Any]]:
        return [(_("合计"), f"{len(rows)} 个项目")]


@register
class ConstructionPremiumDocumentRevocation(_PremiumCancellation):
    code = "hb_construction_project_premium_document_revocation"
    areas = HUBEI_ONLY
    module = Module.CONTRIBUTION
    title = "建筑工程项目工伤保险费单据撤销"
    section = "§3.3.28"
    description = (
        "为参保单位取消建筑工程项目有效的未缴费单据（税务未开票）：选择项目查询可撤销的单据，"
        "已缴费、部分到账或税务已开票的单据不能撤销。撤销后可重新申报该项目的工伤保险费。提交即办结。"
    )
    kind = ProjectKind.CONSTRUCTION
    report_title = "建筑工程项目工伤保险费单据撤销申请表"


@register
class MiningPremiumDocumentCancellation(_PremiumCancellation):
    code = "hb_mining_project_premium_document_cancellation"
    areas = HUBEI_ONLY
    module = Module.CONTRIBUTION
    title = "矿山项目工伤保险费单据取消"
    section = "§3.3.29"
    description = (
        "为参保单位取消矿山项目有效的未缴账单（税务未开票）：选择项目查询可取消的单据，"
        "已缴费、部分到账或税务已开票的单据不能取消。提交即办结。"
    )
    kind = ProjectKind.MINING
    report_title = "矿山项目工伤保险费单据取消申请表"


__all__ = [
    "ConstructionPremiumDocumentRevocation",
    "MiningPremiumDocumentCancellation",
]
