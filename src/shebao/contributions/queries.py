"""Contribution queries (§3.3.68 缴费综合信息, 工资申报信息) over the unit's declarations."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from shebao.core.masking import Sensitive
from shebao.core.money import format_money
from shebao.policy.areas import HUBEI_ONLY
from shebao.registry.choices import InsuranceType
from shebao.registry.models import Unit
from shebao.services.queries import (
    QueryColumn,
    QueryFilter,
    QuerySpec,
    person_columns,
    register_query,
)

from .models import (
    BaseAdjustment,
    Bill,
    BillKind,
    BillStatus,
    CollectionType,
    ContributionBase,
    DeclarationStatus,
    MonthlyDeclaration,
    Payment,
    Refund,
    refund_status_label,
)
from .payout import paid_out_on


@register_query
class ContributionSummaryQuery(QuerySpec):
    code = "hb_contribution_summary"
    areas = HUBEI_ONLY
    title = "缴费综合信息"
    section = "§3.3.68"
    description = "按费款所属期和险种的申报人数、基数与应缴金额"
    columns = (
        QueryColumn("费款所属期", lambda d: d.period),
        QueryColumn("险种类型", lambda d: d.get_insurance_type_display()),
        QueryColumn("状态", lambda d: d.get_status_display()),
        QueryColumn("缴费人数", lambda d: d.headcount, kind="number"),
        QueryColumn("职工工资总额", lambda d: d.wage_total, kind="money"),
        QueryColumn("缴费基数总额", lambda d: d.base_total, kind="money"),
        QueryColumn("单位缴费金额", lambda d: d.unit_amount, kind="money"),
        QueryColumn("人员缴费金额", lambda d: d.individual_amount, kind="money"),
        QueryColumn("缴费总额", lambda d: d.unit_amount + d.individual_amount, kind="money"),
        QueryColumn("业务流水号", lambda d: d.serial_no),
        QueryColumn("经办时间", lambda d: d.declared_at),
    )
    filters = (
        QueryFilter("period_from", "费款所属期起", "period", lookup="period__gte"),
        QueryFilter("period_to", "费款所属期止", "period", lookup="period__lte"),
        QueryFilter(
            "insurance_type", "险种类型", "choice", InsuranceType.choices, lookup="insurance_type"
        ),
        QueryFilter("status", "状态", "choice", DeclarationStatus.choices, lookup="status"),
    )
    ordering = ("-period", "insurance_type")

    def scoped(self, *, unit: Unit) -> QuerySet[MonthlyDeclaration]:
        return MonthlyDeclaration.objects.filter(unit=unit)


@register_query
class WageDeclarationQuery(QuerySpec):
    code = "hb_wage_declaration_info"
    areas = HUBEI_ONLY
    full_id_export = True
    title = "工资申报信息"
    section = "§3.3.68"
    description = "职工年度缴费工资申报和核定的缴费基数（含保底、封顶标志）"
    columns = (
        QueryColumn("申报年度", lambda b: b.year),
        *person_columns(),
        QueryColumn("上年月均工资", lambda b: b.declared_wage, kind="money"),
        QueryColumn("缴费基数", lambda b: b.base, kind="money"),
        QueryColumn("保底封顶标志", lambda b: b.get_clamp_display()),
        QueryColumn("开始年月", lambda b: b.start_period),
        QueryColumn("结束年月", lambda b: b.end_period),
        QueryColumn("业务流水号", lambda b: b.serial_no),
    )
    filters = (
        QueryFilter("year", "申报年度", "year", lookup="year"),
        QueryFilter("name", "姓名", lookup="person__name__contains"),
    )
    ordering = ("-year", "person__person_no")

    def scoped(self, *, unit: Unit) -> QuerySet[ContributionBase]:
        return ContributionBase.objects.filter(unit=unit).select_related("person")


def _arrival_progress(bill: Bill) -> str:
    if bill.kind == BillKind.REFUND:
        payout = getattr(bill, "payout", None)
        if payout is not None:
            return _("已于 %(d)s 退付至单位收款账户") % {"d": payout.paid_on.isoformat()}
        return _("退付至单位收款账户")
    if not bill.total_amount:
        return ""
    return f"{format_money(bill.received_amount)} / {format_money(bill.total_amount)}（{bill.received_amount * 100 / bill.total_amount:.0f}%）"


def _invoice(bill: Bill, field: str) -> object:
    invoice = getattr(bill, "tax_invoice", None)
    return getattr(invoice, field) if invoice is not None else ""


def _tax_invoice_state(bill: Bill) -> str:
    """已开票 / 未开票 (R-REF-05: an invoiced bill is neither revoked nor cancelled)."""
    return _("已开票") if bill.tax_invoiced else _("未开票")


@register_query
class BillQuery(QuerySpec):
    code = "hb_business_documents"
    areas = HUBEI_ONLY
    title = "业务单据查询"
    section = "§3.3.70"
    description = (
        "征集通知单（应缴认定单）及其到账进度，以及退费单据（退至单位收款账户）；"
        "即征集信息和单位缴费单"
    )
    columns = (
        QueryColumn("征集通知单号", lambda b: b.document_no, link="bill"),
        QueryColumn("单据类型", lambda b: b.get_kind_display()),
        QueryColumn("征集类型", lambda b: b.get_collection_type_display()),
        QueryColumn("单据所属期起", lambda b: b.period_from),
        QueryColumn("单据所属期止", lambda b: b.period_to),
        QueryColumn("单位缴费金额", lambda b: b.unit_amount, kind="money"),
        QueryColumn("人员缴费金额", lambda b: b.individual_amount, kind="money"),
        QueryColumn("利息", lambda b: b.interest, kind="money"),
        QueryColumn("滞纳金", lambda b: b.late_fee, kind="money"),
        QueryColumn("应处理金额", lambda b: b.total_amount, kind="money"),
        QueryColumn("到账进度", _arrival_progress),
        QueryColumn(
            "退款账户",
            lambda b: b.bank_account.account_no if b.bank_account else "",
            sensitive=Sensitive.ACCOUNT,
        ),
        QueryColumn("状态", lambda b: b.get_status_display()),
        QueryColumn("缴费截止日期", lambda b: b.due_date),
        QueryColumn("税务开票", _tax_invoice_state),
        QueryColumn("发票号码", lambda b: _invoice(b, "invoice_no")),
        QueryColumn("开票日期", lambda b: _invoice(b, "invoiced_on")),
        QueryColumn("业务流水号", lambda b: b.serial_no, link="case"),
    )
    filters = (
        QueryFilter("document_no", "征集通知单号", lookup="document_no"),
        QueryFilter("kind", "单据类型", "choice", BillKind.choices, lookup="kind"),
        QueryFilter("period_from", "所属期起", "period", lookup="period_to__gte"),
        QueryFilter("period_to", "所属期止", "period", lookup="period_from__lte"),
        QueryFilter(
            "collection_type",
            "征集类型",
            "choice",
            CollectionType.choices,
            lookup="collection_type",
        ),
        QueryFilter("status", "状态", "choice", BillStatus.choices, lookup="status"),
        QueryFilter(
            "tax_invoiced",
            "税务开票",
            "choice",
            (("1", "已开票"), ("0", "未开票")),
            lookup="tax_invoiced",
        ),
    )
    ordering = ("-issued_at", "-pk")

    def scoped(self, *, unit: Unit) -> QuerySet[Bill]:
        return Bill.objects.filter(unit=unit).select_related(
            "bank_account", "tax_invoice", "payout"
        )


@register_query
class ArrivalQuery(QuerySpec):
    code = "hb_arrival_info"
    areas = HUBEI_ONLY
    title = "到账信息"
    section = "§3.3.68"
    description = "银行到账记录与对应的征集通知单"
    columns = (
        QueryColumn("到账日期", lambda p: p.arrived_on),
        QueryColumn("征集通知单号", lambda p: p.bill.document_no, link="bill"),
        QueryColumn("征集类型", lambda p: p.bill.get_collection_type_display()),
        QueryColumn("到账金额", lambda p: p.amount, kind="money"),
        QueryColumn("银行流水号", lambda p: p.bank_serial_no),
        QueryColumn("单据状态", lambda p: p.bill.get_status_display()),
    )
    filters = (
        QueryFilter("date_from", "到账日期起", "date", lookup="arrived_on__gte"),
        QueryFilter("date_to", "到账日期止", "date", lookup="arrived_on__lte"),
        QueryFilter("document_no", "征集通知单号", lookup="bill__document_no"),
    )
    ordering = ("-arrived_on", "-pk")

    def scoped(self, *, unit: Unit) -> QuerySet[Payment]:
        return Payment.objects.filter(bill__unit=unit).select_related("bill")


@register_query
class RefundQuery(QuerySpec):
    code = "hb_unit_refunds"
    areas = HUBEI_ONLY
    title = "单位退费查询"
    section = "§3.3.71"
    description = "多缴退费（退收 / 退账）的人员、期间、金额和退款账户（账号已脱敏）"
    columns = (
        QueryColumn("业务流水号", lambda r: r.serial_no),
        *person_columns(),
        QueryColumn("退收/退账原因", lambda r: r.reason),
        QueryColumn("开始年月", lambda r: r.start_period),
        QueryColumn("结束年月", lambda r: r.end_period),
        QueryColumn("单位退款金额", lambda r: r.unit_amount, kind="money"),
        QueryColumn("个人退款金额", lambda r: r.individual_amount, kind="money"),
        QueryColumn("退账金额", lambda r: r.account_amount, kind="money"),
        QueryColumn("退款账户", lambda r: r.bank_account.account_no, sensitive=Sensitive.ACCOUNT),
        QueryColumn("办件状态", lambda r: r.case.get_status_display()),
        QueryColumn("退费状态", lambda r: refund_status_label(r.status, r.paid_out_on is not None)),
        QueryColumn("退付日期", lambda r: r.paid_out_on or ""),
        QueryColumn("经办时间", lambda r: r.created_at),
    )
    filters = (
        QueryFilter("name", "姓名", lookup="person__name__contains"),
        QueryFilter("period_from", "退费期间起", "period", lookup="end_period__gte"),
        QueryFilter("period_to", "退费期间止", "period", lookup="start_period__lte"),
    )
    ordering = ("-created_at", "-pk")

    def scoped(self, *, unit: Unit) -> QuerySet[Refund]:
        return (
            Refund.objects.filter(unit=unit)
            .select_related("person", "bank_account", "case")
            .annotate(paid_out_on=paid_out_on("refund"))
        )


def _adjustment_kind(a: BaseAdjustment) -> str:
    return _("退差") if a.is_refund else _("补差")


def _adjustment_status(a: BaseAdjustment) -> str:
    """补差 lines go on a 应缴认定单, 退差 lines on a 退费单据 (and may be paid out)."""
    if a.is_refund:
        return refund_status_label(a.status, getattr(a, "paid_out_on", None) is not None)
    return str(a.get_status_display())


@register_query
class BaseAdjustmentQuery(QuerySpec):
    code = "hb_base_adjustments"
    areas = HUBEI_ONLY
    title = "差额补退信息"
    section = "§3.3.68"
    description = "缴费工资变更申报产生的差额补退记录：补差开具应缴认定单，退差开具退费单据"
    columns = (
        QueryColumn("费款所属期", lambda a: a.period),
        QueryColumn("个人编号", lambda a: a.person.person_no),
        QueryColumn("姓名", lambda a: a.person.name),
        QueryColumn("险种类型", lambda a: a.get_insurance_type_display()),
        QueryColumn("补退类型", _adjustment_kind),
        QueryColumn("原缴费基数", lambda a: a.old_base, kind="money"),
        QueryColumn("新缴费基数", lambda a: a.new_base, kind="money"),
        QueryColumn("单位差额", lambda a: a.unit_diff, kind="money"),
        QueryColumn("个人差额", lambda a: a.individual_diff, kind="money"),
        QueryColumn("状态", _adjustment_status),
        QueryColumn("退付日期", lambda a: a.paid_out_on or ""),
        QueryColumn("业务流水号", lambda a: a.serial_no),
    )
    filters = (
        QueryFilter("period_from", "费款所属期起", "period", lookup="period__gte"),
        QueryFilter("period_to", "费款所属期止", "period", lookup="period__lte"),
        QueryFilter("name", "姓名", lookup="person__name__contains"),
    )
    ordering = ("-period", "person__person_no", "insurance_type")

    def scoped(self, *, unit: Unit) -> QuerySet[BaseAdjustment]:
        return (
            BaseAdjustment.objects.filter(unit=unit)
            .select_related("person")
            .annotate(paid_out_on=paid_out_on("adjustments"))
        )
