"""§3.3.24 / §3.3.25 项目工伤保险费申报 and §3.3.28 / §3.3.29 their documents' cancellation.

The unit picks one of its own projects by 项目编号 (a mining project also states its
产能数量); the premium (``..premiums``) is shown on the 申报表 and, on completion, becomes
a 项目工伤 bill (账套类型 工伤保险征收统筹). A project holds one live premium bill at a
time: to declare again, cancel the old one first. Cancelling takes only valid, unpaid
documents not yet invoiced by the tax authority (R-REF-05, WE-10).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.errors import InvalidValue
from shebao.registration.specs.project_common import (
    project_no_column,
    projects_by_no,
    resolve_project,
)
from shebao.registry.choices import InsuranceType, ProjectKind
from shebao.registry.models import Project, Unit
from shebao.services.registry import register
from shebao.services.rows import Money, RowModel, Text, column
from shebao.services.spec import (
    CheckContext,
    InfoTable,
    Mode,
    ReportField,
    Review,
    RowT,
    ServiceSpec,
)

from ..bills import bill_cancel, bill_issue_for_project, bill_list, cancel_refusal
from ..models import PAYABLE, Bill, BillStatus, CollectionType
from ..premiums import Premium, construction_premium, mining_premium
from .bills import BILL_HEADERS, bill_cells

if TYPE_CHECKING:
    from shebao.services.spec import DraftView, EffectContext

ALREADY_BILLED = gettext_noop("项目 %(p)s 已有单据 %(n)s（%(s)s），如需重新申报请先办理“%(c)s”")
PROJECT_ENDED = gettext_noop("项目 %(p)s 已终止，不能申报工伤保险费")
CHANGED_MEANWHILE = gettext_noop(
    "项目 %(p)s 的单据刚被其他办件修改，本办件未生效，请刷新后重新办理"
)
NOTHING_TO_CANCEL = gettext_noop("项目 %(p)s 没有可取消的单据")
WRONG_PROJECT = gettext_noop("单据 %(n)s 不是项目 %(p)s 的单据")
UNKNOWN_BILL = gettext_noop("征集单号 %(n)s 不存在或不属于本单位")
CANCEL_SERVICE = {
    ProjectKind.CONSTRUCTION: "建筑工程项目工伤保险费单据撤销",
    ProjectKind.MINING: "矿山项目工伤保险费单据取消",
}
#: A live premium bill: unpaid, partly or fully paid (an expired one may be declared again).
HOLDING = (*PAYABLE, BillStatus.PAID)
PREMIUM_FIELDS = (
    ReportField("basis", "计费依据", "money"),
    ReportField("rate", "费率或单价"),
    ReportField("premium", "应缴工伤保险费（元）", "money"),
)


def _holding_bill(project: Project) -> Bill | None:
    return (
        bill_list(unit=project.unit, statuses=HOLDING, project=project)
        .filter(collection_type=CollectionType.PROJECT)
        .first()
    )


def _premium_table(unit: Unit, kind: ProjectKind, title: str) -> InfoTable:
    """The unit's projects of ``kind`` and their live premium bill, if any."""
    bills = {
        b.project_id: b
        for b in bill_list(unit=unit, statuses=HOLDING, collection_type=CollectionType.PROJECT)
    }
    rows = []
    for p in Project.objects.filter(unit=unit, kind=kind).order_by("project_no"):
        bill = bills.get(p.pk)
        basis = p.total_price_10k_cny if kind == ProjectKind.CONSTRUCTION else p.capacity_quantity
        rows.append(
            (
                p.project_no,
                p.name,
                p.get_status_display(),
                "" if basis is None else f"{basis:,.2f}",
                bill.document_no if bill else "",
                f"{bill.total_amount:,.2f}" if bill else "",
                bill.get_status_display() if bill else _("未申报"),
            )
        )
    basis_label = (
        "项目总价/工程安装费(万元)" if kind == ProjectKind.CONSTRUCTION else "登记产能数量"
    )
    headers = (
        "项目编号",
        "项目名称",
        "项目状态",
        basis_label,
        "征集通知单号",
        "应缴金额",
        "单据状态",
    )
    return InfoTable(title=title, headers=headers, rows=rows)


class ConstructionPremiumRow(RowModel):
    project_no: Text = project_no_column()


class MiningPremiumRow(RowModel):
    project_no: Text = project_no_column()
    capacity_quantity: Money = column(
        "产能数量", example="8325", kind="money", help="计量单位按主管部门核定"
    )


class _PremiumDeclaration(ServiceSpec[RowT]):
    kind: ClassVar[ProjectKind]
    modes = frozenset({Mode.SINGLE})
    review = Review.AUTO
    max_rows = 1
    report_computed = PREMIUM_FIELDS

    def premium(self, project: Project, row: Any) -> Premium:
        raise NotImplementedError

    def info_table(self, unit: Unit, draft: DraftView | None = None) -> InfoTable:
        return _premium_table(unit, self.kind, _("本单位项目及工伤保险费申报情况"))

    def _refusal(self, project: Project) -> str:
        from shebao.registry.choices import ProjectStatus

        if project.status == ProjectStatus.ENDED:
            return _(PROJECT_ENDED) % {"p": project.project_no}
        bill = _holding_bill(project)
        if bill is not None:
            return _(ALREADY_BILLED) % {
                "p": project.project_no,
                "n": bill.document_no,
                "s": bill.get_status_display(),
                "c": CANCEL_SERVICE[self.kind],
            }
        return ""

    def check(self, ctx: CheckContext, rows: list[tuple[int, Any]]) -> None:
        projects = projects_by_no(ctx.unit, [row.project_no for _n, row in rows])
        for number, row in rows:
            project = resolve_project(ctx, number, row.project_no, projects, self.kind)
            if project is None:
                continue
            refusal = self._refusal(project)
            if refusal:
                ctx.fail(number, "项目编号", refusal)
                continue
            try:
                self.premium(project, row)
            except InvalidValue as exc:
                ctx.fail(number, "项目编号", str(exc))

    def report_values(self, unit: Unit, rows: list[Any]) -> list[dict[str, Any]]:
        projects = projects_by_no(unit, [row.project_no for row in rows])
        values: list[dict[str, Any]] = []
        for row in rows:
            project = projects.get(row.project_no)
            try:
                premium = self.premium(project, row) if project else None
            except InvalidValue:
                premium = None
            values.append(
                {
                    "basis": premium.basis,
                    "rate": f"{premium.rate.normalize():f}",
                    "premium": premium.amount,
                }
                if premium
                else {}
            )
        return values

    def computed_summary(self, values: list[dict[str, Any]]) -> list[tuple[str, Any]]:
        total = sum(v.get("premium", 0) for v in values)
        return [(_("应缴工伤保险费合计"), f"{total:,.2f} 元")]

    def apply(self, effect: EffectContext, rows: list[Any]) -> dict[str, Any]:
        issued = []
        for row in rows:
            project = (
                Project.objects.select_for_update()  # one premium declaration per project at a time
                .filter(unit=effect.unit, project_no=row.project_no, kind=self.kind)
                .first()
            )
            if project is None:
                raise InvalidValue(_(CHANGED_MEANWHILE) % {"p": row.project_no})
            refusal = self._refusal(project)
            if refusal:
                raise InvalidValue(refusal)
            premium = self.premium(project, row)
            bill = bill_issue_for_project(
                project=project,
                amount=premium.amount,
                basis=premium.basis,
                rate=premium.rate,
                insurance_type=InsuranceType.WORK_INJURY,
                serial_no=effect.serial_no,
                actor=effect.operator,
            )
            issued.append(bill)
        return {
            "bills": [b.document_no for b in issued],
            "total": str(sum(b.total_amount for b in issued)),
        }

    def summary(self, rows: list[Any]) -> list[tuple[str, Any]]:
        return [(_("合计"), f"{len(rows)} 个项目")]


@register
class ConstructionProjectPremiumDeclaration(_PremiumDeclaration[ConstructionPremiumRow]):
    code = "hb_construction_project_premium_declaration"
    title = "建筑工程项目工伤保险费申报"
    section = "§3.3.24"
    description = (
        "申报本单位建筑工程项目的工伤保险费：选择项目后，系统按项目总价/工程安装费和本地区费率计算应缴金额，"
        "提交后生成项目工伤保险费单据（账套类型：工伤保险征收统筹）。费率由各统筹地区确定。提交即办结。"
    )
    kind = ProjectKind.CONSTRUCTION
    row = ConstructionPremiumRow
    report_title = "建筑工程项目工伤保险费申报表"
    report_notes = (
        "应缴工伤保险费 = 项目总价/工程安装费（元）× 本地区建筑项目工伤保险费率，四舍五入到分。",
    )

    def premium(self, project: Project, row: Any) -> Premium:
        return construction_premium(project=project, on=timezone.localdate())


@register
class MiningProjectPremiumDeclaration(_PremiumDeclaration[MiningPremiumRow]):
    code = "hb_mining_project_premium_declaration"
    title = "矿山项目工伤保险费申报"
    section = "§3.3.25"
    description = (
        "申报本单位矿山项目的工伤保险费：选择项目并填写必填信息产能数量，系统按每单位产能的缴费标准计算应缴金额，"
        "提交后生成项目工伤保险费单据。缴费标准由各统筹地区确定。提交即办结。"
    )
    kind = ProjectKind.MINING
    row = MiningPremiumRow
    report_title = "矿山项目工伤保险费申报表"
    report_notes = ("应缴工伤保险费 = 产能数量 × 本地区矿山项目每单位产能缴费标准，四舍五入到分。",)

    def premium(self, project: Project, row: Any) -> Premium:
        return mining_premium(
            project=project, capacity=row.capacity_quantity, on=timezone.localdate()
        )


# -- cancellation (§3.3.28 / §3.3.29) ------------------------------------------------------

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
            % {"n": len(cancellable), "t": f"{total:,.2f}"},
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
                    "" if line.basis is None else f"{line.basis:,.2f}",
                    "" if line.rate is None else f"{line.rate.normalize():f}",
                    f"{line.total:,.2f}",
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
    "ConstructionProjectPremiumDeclaration",
    "MiningPremiumDocumentCancellation",
    "MiningProjectPremiumDeclaration",
]
