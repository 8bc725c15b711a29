"""税务开票信息: the tax authority's file of the bills it invoiced, imported by the agency.

An invoiced bill can no longer be cancelled or revoked (R-REF-05, ``Bill.tax_invoiced``);
this import is what sets the flag. File format (.xlsx, .xls or .csv in UTF-8 or GBK; one
header row, any column order, further columns ignored; see docs/bills.md):

=========== ===================== ==========================================
列名         示例                   说明
=========== ===================== ==========================================
单据号       2021030000000001       征集通知单号 of the bill invoiced
发票号码     21420000000000012345   数电发票号码 (a paper invoice: 发票代码+发票号码)
开票日期     2021-03-25             YYYY-MM-DD (also 2021/3/25, 20210325)
金额         4445.00                yuan; must equal the bill's 应缴金额
=========== ===================== ==========================================

Every line gets an outcome with a reason; none is dropped. Registered: the bill gets its
``TaxInvoice`` and a bill audit event. Already registered with the same invoice number:
unchanged (re-importing a file is harmless). Refused (nothing registered): an unknown
单据号, another region's bill, an amount that is not the bill's, a revoked bill, a bill
invoiced under another number, an invoice number already on another bill, a date in the
future or before the bill was issued. The whole file is one transaction.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.audit.types import EventType
from shebao.core.money import format_money
from shebao.policy.models import Region
from shebao.services.batch.readers import read_roster
from shebao.services.roster import RosterFormat
from shebao.services.rows import DateValue, Money, RowModel, Text, column
from shebao.services.validation import parse_rows

from .bills import bill_event
from .models import Bill, BillKind, BillStatus, TaxInvoice, TaxInvoiceImport

ACCEPTED, UNCHANGED, REFUSED = "accepted", "unchanged", "refused"
REGISTERED = gettext_noop("已登记税务开票")
REGISTERED_EXPIRED = gettext_noop("已登记税务开票；该单据已过期，请核实缴费情况")
UNKNOWN_BILL = gettext_noop("单据号不存在")
OTHER_REGION = gettext_noop("该单据不属于本经办机构，请由单据所属经办机构导入")
REVOKED = gettext_noop("该单据已作废，不能登记开票")
REFUND_DOCUMENT = gettext_noop("该单据是退费单据，退付给单位的款项不开具税务发票")
AMOUNT_MISMATCH = gettext_noop("开票金额 %(a)s 元与单据应缴金额 %(t)s 元不符")
SAME_INVOICE = gettext_noop("该单据已登记此发票（%(w)s），未重复登记")
OTHER_INVOICE = gettext_noop("该单据已登记发票号码 %(i)s（开票日期 %(d)s），与本行发票号码不符")
INVOICE_ON_OTHER_BILL = gettext_noop("发票号码已登记在单据 %(n)s 上")
INVOICE_ON_OTHER_REGION = gettext_noop("发票号码已登记在其他经办机构的单据上")
IN_FUTURE = gettext_noop("开票日期晚于今天")
BEFORE_ISSUE = gettext_noop("开票日期早于单据开具日期 %(d)s")
IN_THIS_FILE = gettext_noop("本文件第 %(n)d 行")


class TaxInvoiceRow(RowModel):
    document_no: Text = column("单据号", aliases=["征集通知单号", "征集单号", "缴费单据号"])
    invoice_no: Text = column("发票号码", aliases=["发票号", "票据号码"])
    invoiced_on: DateValue = column("开票日期", kind="date", aliases=["开票时间"])
    amount: Money = column("金额", kind="money", aliases=["开票金额", "发票金额", "价税合计"])


#: The file's layout for the roster reader (a file, not a service: no case or review).
TAX_INVOICE_FILE = RosterFormat(title="税务开票信息", row=TaxInvoiceRow)


@dataclass
class TaxInvoiceLine:
    row: int
    document_no: str
    invoice_no: str
    invoiced_on: str
    amount: str
    outcome: str
    reason: str


def tax_invoice_import(
    *, region: Region, actor: User, data: bytes, filename: str, ip: str | None = None
) -> TaxInvoiceImport:
    """Read a tax invoice file and register its invoices on ``region``'s bills;
    ``InvalidValue`` if the file itself is unreadable (nothing is registered then)."""
    roster = read_roster(TAX_INVOICE_FILE, data, filename)
    parsed = parse_rows(spec=TAX_INVOICE_FILE, rows=roster.rows)
    with transaction.atomic():
        record = TaxInvoiceImport.begin(
            region=region, actor=actor, data=data, filename=filename, ip=ip
        )
        seen: dict[str, int] = {}
        lines: list[TaxInvoiceLine] = []
        for item in parsed:
            raw = item.raw
            line = TaxInvoiceLine(
                row=item.row,
                document_no=str(raw.get("document_no", "")),
                invoice_no=str(raw.get("invoice_no", "")),
                invoiced_on=str(raw.get("invoiced_on", "")),
                amount=str(raw.get("amount", "")),
                outcome=REFUSED,
                reason="",
            )
            if item.model is None:
                line.reason = "；".join(f"【{e.column}】{e.message}" for e in item.errors)
            else:
                line.outcome, line.reason = _register(
                    record, region, item.model, item.row, seen, actor, ip
                )
            lines.append(line)
        record.lines = [asdict(line) for line in lines]
        record.accepted = sum(1 for line in lines if line.outcome == ACCEPTED)
        record.unchanged = sum(1 for line in lines if line.outcome == UNCHANGED)
        record.refused = len(lines) - record.accepted - record.unchanged
        record.save(update_fields=["lines", "accepted", "unchanged", "refused"])
    return record


def _when(invoice: TaxInvoice, record: TaxInvoiceImport, seen: dict[str, int]) -> str:
    """Where an invoice was registered before: this file's row, or the earlier import's time."""
    if invoice.tax_import_id == record.pk:
        return _(IN_THIS_FILE) % {"n": seen.get(invoice.invoice_no, 0)}
    return f"{timezone.localtime(invoice.created_at):%Y-%m-%d %H:%M}"


def _register(
    record: TaxInvoiceImport,
    region: Region,
    row: Any,
    number: int,
    seen: dict[str, int],
    actor: User,
    ip: str | None,
) -> tuple[str, str]:
    """Register one line: (outcome, the reason shown for it)."""
    bill = (
        # of=self: PostgreSQL locks no row on the nullable side of the invoice's outer join
        Bill.objects.select_for_update(of=("self",))
        .select_related("tax_invoice")
        .filter(document_no=row.document_no)
        .first()
    )
    if bill is None:
        return REFUSED, _(UNKNOWN_BILL)
    if bill.region_id != region.pk:
        return REFUSED, _(OTHER_REGION)
    existing = getattr(bill, "tax_invoice", None)
    if existing is not None:
        if existing.invoice_no == row.invoice_no:
            return UNCHANGED, _(SAME_INVOICE) % {"w": _when(existing, record, seen)}
        return REFUSED, _(OTHER_INVOICE) % {
            "i": existing.invoice_no,
            "d": existing.invoiced_on.isoformat(),
        }
    if bill.kind == BillKind.REFUND:
        return REFUSED, _(REFUND_DOCUMENT)
    if bill.status == BillStatus.REVOKED:
        return REFUSED, _(REVOKED)
    if row.amount != bill.total_amount:
        return REFUSED, _(AMOUNT_MISMATCH) % {
            "a": format_money(row.amount),
            "t": format_money(bill.total_amount),
        }
    taken = (
        TaxInvoice.objects.filter(invoice_no=row.invoice_no)
        .values_list("bill__document_no", "bill__region_id")
        .first()
    )
    if taken is not None:
        if taken[1] != region.pk:
            return REFUSED, _(INVOICE_ON_OTHER_REGION)
        return REFUSED, _(INVOICE_ON_OTHER_BILL) % {"n": taken[0]}
    if row.invoiced_on > timezone.localdate():
        return REFUSED, _(IN_FUTURE)
    issued_on = timezone.localdate(bill.issued_at)
    if row.invoiced_on < issued_on:
        return REFUSED, _(BEFORE_ISSUE) % {"d": issued_on.isoformat()}
    TaxInvoice.objects.create(
        bill=bill,
        invoice_no=row.invoice_no,
        invoiced_on=row.invoiced_on,
        amount=row.amount,
        tax_import=record,
    )
    seen[row.invoice_no] = number
    bill.tax_invoiced = True
    bill.save(update_fields=["tax_invoiced"])
    bill_event(
        bill,
        event_type=EventType.BILL_TAX_INVOICE,
        before=bill.status,
        actor=actor,
        ip=ip,
        invoice_no=row.invoice_no,
        invoiced_on=row.invoiced_on.isoformat(),
        amount=str(row.amount),
        tax_import=record.pk,
        row=number,
    )
    if bill.status == BillStatus.EXPIRED:
        return ACCEPTED, _(REGISTERED_EXPIRED)
    return ACCEPTED, _(REGISTERED)


def tax_invoice_import_list(*, region: Region) -> QuerySet[TaxInvoiceImport]:
    """The region's tax invoice files, newest first."""
    return TaxInvoiceImport.objects.filter(region=region).select_related("uploaded_by")


def tax_invoice_import_get(*, region: Region, pk: int) -> TaxInvoiceImport:
    """Raises ``TaxInvoiceImport.DoesNotExist`` for another region's file."""
    return tax_invoice_import_list(region=region).get(pk=pk)
