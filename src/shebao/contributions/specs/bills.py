"""§3.3.26 应缴认定单及退费单据开具 and §3.3.27 应缴认定单及退费单据撤销.

Issuing takes the declared rows without a document (待征集信息) chosen by 征集类型,
费款所属期止 and 险种类型 (R-REF-06) and makes one 应缴认定单 of them; the declarations are
then ``billed`` and §3.3.23 refuses to cancel them (R-REF-03). Revoking a wrong or expired,
unpaid document (R-REF-04) gives them back. Both complete at once; the bill itself prints
as 《社会保险费应缴认定单》 (``shebao.documents.bill``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from shebao.core.errors import InvalidValue
from shebao.registry.choices import InsuranceType
from shebao.registry.models import Unit
from shebao.registry.specs.unit_insurance_change import TYPE_ALIASES, TYPE_CHOICES, TYPE_NAMES
from shebao.services.registry import register
from shebao.services.rows import PeriodText, RowModel, Text, column, one_of
from shebao.services.spec import CheckContext, InfoTable, Mode, Review, ServiceSpec

from ..bills import (
    bill_get,
    bill_issue_for_declarations,
    bill_list,
    bill_revoke,
    pending_declarations,
    revoke_refusal,
)
from ..models import Bill, BillStatus, CollectionType
from .monthly import DECLARATION_HEADERS, declaration_cells

if TYPE_CHECKING:
    from shebao.cases.models import Case

NOTHING_PENDING = "没有符合条件的待征集信息（已申报且未开具单据的缴费数据）"
OVERLAPS = "与第 %(n)d 行的待征集信息重叠"
UNKNOWN_BILL = "征集通知单号 %(n)s 不存在或不属于本单位"
DUPLICATE_BILL = "与第 %(n)d 行的征集通知单号重复"
CHANGED_MEANWHILE = "单据 %(n)s 刚被其他业务处理，本办件未生效，请刷新后重新办理"

#: 征集类型 this service issues today; 补缴 bills come with the back-payment services.
COLLECTION_CHOICES = [str(CollectionType.NORMAL.label)]
CollectionTypeName = Annotated[str, one_of(COLLECTION_CHOICES)]
InsuranceTypeName = Annotated[str, one_of(TYPE_CHOICES, TYPE_ALIASES)]
#: 收付方式 of every bill here: contributions are collected by the tax authority (税务征收).
SETTLEMENT = "地税征收"


def ledger_name(bill: Bill) -> str:
    """账套类型 as the manual prints it (工伤保险征收统筹 for project premiums)."""
    if bill.collection_type == CollectionType.PROJECT:
        return _("工伤保险征收统筹")
    if bill.insurance_type:
        return str(InsuranceType(bill.insurance_type).label) + _("征收")
    return _("社会保险费征收")


def bill_subject(bill: Bill) -> tuple[str, str]:
    """主体编号 / 主体名称: the project for a project premium, else the unit."""
    if bill.project is not None:
        return bill.project.project_no, bill.project.name
    return bill.unit.unit_no, bill.unit.name


def bill_period(bill: Bill) -> str:
    if bill.period_from == bill.period_to:
        return bill.period_from
    return f"{bill.period_from}-{bill.period_to}"


BILL_HEADERS = (
    "征集通知单号",
    "账套类型",
    "收支类型",
    "主体编号",
    "主体名称",
    "单据所属期",
    "收付方式",
    "应处理金额",
    "已到账金额",
    "单据状态",
    "缴费截止日期",
    "业务流水号",
    "经办时间",
    "经办机构",
)


def bill_cells(bill: Bill) -> tuple[str, ...]:
    subject_no, subject_name = bill_subject(bill)
    return (
        bill.document_no,
        ledger_name(bill),
        _("收入") if bill.kind == "payment" else _("支出"),
        subject_no,
        subject_name,
        bill_period(bill),
        _(SETTLEMENT),
        f"{bill.total_amount:,.2f}",
        f"{bill.received_amount:,.2f}",
        bill.get_status_display(),
        bill.due_date.isoformat(),
        bill.serial_no,
        timezone.localtime(bill.issued_at).strftime("%Y-%m-%d %H:%M"),
        bill.region.name,
    )


class BillIssueRow(RowModel):
    collection_type: CollectionTypeName = column(
        "征集类型", example="正常应缴", kind="choice", choices=COLLECTION_CHOICES
    )
    period_to: PeriodText | None = column(
        "费款所属期止", example="202103", required=False, help="YYYYMM；不填时包括全部已申报期"
    )
    insurance_type: InsuranceTypeName | None = column(
        "险种类型",
        required=False,
        kind="choice",
        choices=TYPE_CHOICES,
        help="不选时包括全部险种",
    )


def _pending_ids(unit: Unit, row: Any) -> list[int]:
    kind = TYPE_NAMES[row.insurance_type] if row.insurance_type else None
    qs = pending_declarations(unit=unit, period_to=row.period_to, insurance_type=kind)
    return list(qs.values_list("pk", flat=True))


@register
class PaymentDocumentIssue(ServiceSpec):
    code = "hb_payment_document_issue"
    title = "单位社会保险费应缴认定单及退费单据开具"
    section = "§3.3.26"
    description = (
        "按征集类型、费款所属期止和险种类型查询本单位已申报、尚未开具单据的缴费数据（待征集信息），"
        "生成社会保险费应缴认定单并打印。开具后相应的缴费申报不能再撤销；单据有误或已过有效期的，"
        "可通过“单位社会保险费应缴认定单及退费单据撤销”撤销。提交即办结。"
    )
    row = BillIssueRow
    modes = frozenset({Mode.SINGLE})
    review = Review.AUTO
    report_title = "单位社会保险费应缴认定单开具申请表"
    report_columns = ("collection_type", "period_to", "insurance_type")

    def info_tables(self, unit: Unit, case: Case | None = None) -> list[InfoTable]:
        pending = InfoTable(
            title=_("待征集信息"),
            headers=DECLARATION_HEADERS,
            rows=[declaration_cells(d) for d in pending_declarations(unit=unit)],
        )
        issued = InfoTable(
            title=_("已开具的单据"),
            headers=BILL_HEADERS,
            rows=[bill_cells(b) for b in bill_list(unit=unit)[:50]],
        )
        return [pending, issued]

    def check(self, ctx: CheckContext, rows: list[tuple[int, Any]]) -> None:
        claimed: dict[int, int] = {}
        for number, row in rows:
            ids = _pending_ids(ctx.unit, row)
            if not ids:
                ctx.fail(number, "征集类型", _(NOTHING_PENDING))
                continue
            other = next((claimed[i] for i in ids if i in claimed), None)
            if other is not None:
                ctx.fail(number, "费款所属期止", _(OVERLAPS) % {"n": other})
            for i in ids:
                claimed.setdefault(i, number)

    def apply(self, case: Case, rows: list[Any]) -> dict[str, Any]:
        from shebao.cases.services import CaseError

        issued = []
        for row in rows:
            try:
                bill = bill_issue_for_declarations(
                    unit=case.unit,
                    declaration_ids=_pending_ids(case.unit, row),
                    serial_no=case.serial_no or "",
                    actor=case.operator,
                )
            except InvalidValue as exc:
                raise CaseError(str(exc))
            issued.append(bill)
        return {
            "bills": [b.document_no for b in issued],
            "total": str(sum(b.total_amount for b in issued)),
        }

    def summary(self, rows: list[Any]) -> list[tuple[str, Any]]:
        return [(_("合计"), f"{len(rows)} 项")]


class BillRevocationRow(RowModel):
    document_no: Text = column("征集通知单号", example="2021030000000001")


@register
class PaymentDocumentRevocation(ServiceSpec):
    code = "hb_payment_document_revocation"
    title = "单位社会保险费应缴认定单及退费单据撤销"
    section = "§3.3.27"
    description = (
        "已开具的单位缴费单据有误或已过有效期的，可申请撤销：只能撤销未缴费（没有任何到账）的单据，"
        "撤销后单据作废，对应的已申报数据回到待征集信息，可以撤销申报或重新开具。提交即办结。"
    )
    row = BillRevocationRow
    modes = frozenset({Mode.SINGLE})
    review = Review.AUTO
    report_title = "单位社会保险费单据撤销申请表"
    report_columns = ("document_no",)

    def info_table(self, unit: Unit, case: Case | None = None) -> InfoTable:
        bills = bill_list(unit=unit, statuses=(BillStatus.VALID, BillStatus.EXPIRED))
        rows = [bill_cells(b) for b in bills if not revoke_refusal(b)]
        return InfoTable(
            title=_("可撤销的单据信息(%(n)d)") % {"n": len(rows)}, headers=BILL_HEADERS, rows=rows
        )

    def check(self, ctx: CheckContext, rows: list[tuple[int, Any]]) -> None:
        seen: dict[str, int] = {}
        for number, row in rows:
            if row.document_no in seen:
                ctx.fail(number, "征集通知单号", _(DUPLICATE_BILL) % {"n": seen[row.document_no]})
            seen.setdefault(row.document_no, number)
            try:
                bill = bill_get(unit=ctx.unit, document_no=row.document_no)
            except Bill.DoesNotExist:
                ctx.fail(number, "征集通知单号", _(UNKNOWN_BILL) % {"n": row.document_no})
                continue
            refusal = revoke_refusal(bill)
            if refusal:
                ctx.fail(number, "征集通知单号", refusal)

    def apply(self, case: Case, rows: list[Any]) -> dict[str, Any]:
        from shebao.cases.services import CaseError

        returned: list[int] = []
        for row in rows:
            bill = (
                bill_list(unit=case.unit)
                .select_for_update(of=("self",))
                .filter(document_no=row.document_no)
                .first()
            )
            if bill is None:
                raise CaseError(_(CHANGED_MEANWHILE) % {"n": row.document_no})
            try:
                returned += bill_revoke(
                    bill=bill, serial_no=case.serial_no or "", actor=case.operator
                )
            except InvalidValue as exc:
                raise CaseError(str(exc))
        return {"bills_revoked": [r.document_no for r in rows], "declarations": returned}

    def summary(self, rows: list[Any]) -> list[tuple[str, Any]]:
        return [(_("合计"), f"{len(rows)} 张")]


__all__ = [
    "BILL_HEADERS",
    "BillIssueRow",
    "BillRevocationRow",
    "PaymentDocumentIssue",
    "PaymentDocumentRevocation",
    "bill_cells",
    "ledger_name",
]
