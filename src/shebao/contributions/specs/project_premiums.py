"""§3.3.24 / §3.3.25 项目工伤保险费申报 (the cancellation, §3.3.28 / §3.3.29, is in
``.project_premium_cancellation``).

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
from shebao.core.money import format_money
from shebao.policy.areas import HUBEI_ONLY
from shebao.registration.specs.project_common import (
    project_no_column,
    projects_by_no,
    resolve_project,
)
from shebao.registry.choices import InsuranceType, ProjectKind
from shebao.registry.models import Project, Unit
from shebao.services.modules import Module
from shebao.services.money import MoneyLine
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

from ..bills import bill_issue_for_project, bill_list
from ..models import PAYABLE, Bill, BillStatus, CollectionType
from ..premiums import Premium, construction_premium, mining_premium

if TYPE_CHECKING:
    from shebao.services.spec import DraftView, EffectContext

ALREADY_BILLED = gettext_noop("项目 %(p)s 已有单据 %(n)s（%(s)s），如需重新申报请先办理“%(c)s”")
PROJECT_ENDED = gettext_noop("项目 %(p)s 已终止，不能申报工伤保险费")
CHANGED_MEANWHILE = gettext_noop(
    "项目 %(p)s 的单据刚被其他办件修改，本办件未生效，请刷新后重新办理"
)
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
                "" if basis is None else format_money(basis),
                bill.document_no if bill else "",
                format_money(bill.total_amount) if bill else "",
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
                    # the unit pays a project's premium alone (no person share)
                    "money_lines": [
                        MoneyLine(str(InsuranceType.WORK_INJURY.label), premium.amount)
                    ],
                }
                if premium
                else {}
            )
        return values

    def computed_summary(self, values: list[dict[str, Any]]) -> list[tuple[str, Any]]:
        total = sum(v.get("premium", 0) for v in values)
        return [(_("应缴工伤保险费合计"), f"{format_money(total)} 元")]

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
    areas = HUBEI_ONLY
    module = Module.CONTRIBUTION
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
    areas = HUBEI_ONLY
    module = Module.CONTRIBUTION
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


__all__ = [
    "ConstructionProjectPremiumDeclaration",
    "MiningProjectPremiumDeclaration",
]
