"""《社会保险费应缴认定单》 and 《社会保险费退费单》: the printed document, one presenter for
the HTML and the PDF.

``bill_document(bill)`` gathers what ``documents/bill.html`` prints, already formatted
(amounts with thousands separators and in capitals, 大写金额); the QR code holds the
document's public verification URL: the 征集通知单号 and its 校验码 (``documents.verify``),
which is printed under the code too. A 退费 document (``BillKind.REFUND``) prints the same
lines as amounts paid out, with the unit's receiving account (account number masked)
instead of a payment deadline note.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.contributions.bills import bill_period, bill_subject, ledger_name
from shebao.contributions.models import Bill, BillKind, BillLine, BillLineSource, CollectionType
from shebao.core.language import official_language
from shebao.core.masking import Sensitive, mask
from shebao.core.money import format_money, yuan_in_capitals
from shebao.registry.choices import InsuranceType

from .pdf import render_pdf
from .qr import qr_svg
from .verify import bill_check_code, verify_bill_url

BILL_TEMPLATE = "documents/bill.html"
NOTE = gettext_noop(
    "请于缴费截止日期前按应缴金额足额缴纳；逾期未缴的单据作废，需重新开具。"
    "本认定单金额为单位应缴和个人应缴合计，个人应缴部分由单位代扣代缴。"
)
REFUND_NOTE = gettext_noop(
    "本退费单金额由经办机构退付至上列单位收款账户，不作为缴费到账；"
    "个人退费部分由单位退还职工本人。单据有误或已过有效期的，可申请撤销后重新开具。"
)
PAYMENT_TITLE = gettext_noop("社会保险费应缴认定单")
REFUND_TITLE = gettext_noop("社会保险费退费单")
DIFFERENCE_TYPES = (CollectionType.DIFFERENCE, CollectionType.DIFFERENCE_REFUND)


@dataclass(frozen=True)
class BillDocumentLine:
    number: int
    period: str
    insurance_type: str
    headcount: str
    base_total: str
    unit_amount: str
    individual_amount: str
    interest: str
    late_fee: str
    total: str


@dataclass(frozen=True)
class BillDocument:
    title: str
    document_no: str
    unit_name: str
    unit_no: str
    subject_no: str
    subject_name: str
    region_name: str
    collection_type: str
    ledger: str
    period: str
    status: str
    refund: bool
    base_label: str
    unit_label: str
    individual_label: str
    capitals_label: str
    #: interest and late-fee columns (back-payments)
    fees: bool
    bank_name: str
    account_name: str
    account_no: str
    lines: tuple[BillDocumentLine, ...]
    unit_amount: str
    individual_amount: str
    interest: str
    late_fee: str
    total: str
    total_in_capitals: str
    due_date: dt.date
    issued_on: dt.date
    serial_no: str
    project: bool
    note: str
    check_code: str
    qr_payload: str
    qr_svg: str


def _money(amount: object) -> str:
    return format_money(amount)


def _line_period(line: BillLine) -> str:
    if line.period_to and line.period_to != line.period:
        return f"{line.period}-{line.period_to}"
    return line.period


def _base_label(bill: Bill) -> str:
    if bill.collection_type == CollectionType.PROJECT:
        return _("计费依据")
    if bill.collection_type in DIFFERENCE_TYPES:
        return _("缴费基数差额")
    return _("缴费基数总额")


def bill_document(bill: Bill, *, verify_base_url: str = "") -> BillDocument:
    subject_no, subject_name = bill_subject(bill)
    refund = bill.kind == BillKind.REFUND
    lines = tuple(
        BillDocumentLine(
            number=n,
            period=_line_period(line),
            insurance_type=str(InsuranceType(line.insurance_type).label),
            headcount="" if line.source == BillLineSource.PROJECT else str(line.headcount),
            base_total=_money(
                (line.basis or 0) if line.source == BillLineSource.PROJECT else line.base_total
            ),
            unit_amount=_money(line.unit_amount),
            individual_amount=_money(line.individual_amount),
            interest=_money(line.interest),
            late_fee=_money(line.late_fee),
            total=_money(line.total),
        )
        for n, line in enumerate(bill.lines.order_by("period", "insurance_type", "pk"), start=1)
    )
    account = bill.bank_account
    payload = verify_bill_url(bill.document_no, base_url=verify_base_url)
    return BillDocument(
        title=_(REFUND_TITLE) if refund else _(PAYMENT_TITLE),
        document_no=bill.document_no,
        unit_name=bill.unit.name,
        unit_no=bill.unit.unit_no,
        subject_no=subject_no,
        subject_name=subject_name,
        region_name=bill.region.name,
        collection_type=str(bill.get_collection_type_display()),
        ledger=ledger_name(bill),
        period=bill_period(bill),
        status=str(bill.get_status_display()),
        refund=refund,
        base_label=_base_label(bill),
        unit_label=_("单位退费") if refund else _("单位应缴"),
        individual_label=_("个人退费") if refund else _("个人应缴"),
        capitals_label=_("退费金额（大写）") if refund else _("应缴金额（大写）"),
        fees=bool(bill.interest or bill.late_fee)
        or bill.collection_type == CollectionType.BACK_PAYMENT,
        bank_name=account.bank_name if account else "",
        account_name=account.account_name if account else "",
        account_no=mask(account.account_no, Sensitive.ACCOUNT) if account else "",
        lines=lines,
        unit_amount=_money(bill.unit_amount),
        individual_amount=_money(bill.individual_amount),
        interest=_money(bill.interest),
        late_fee=_money(bill.late_fee),
        total=_money(bill.total_amount),
        total_in_capitals=yuan_in_capitals(bill.total_amount),
        due_date=bill.due_date,
        issued_on=timezone.localdate(bill.issued_at),
        serial_no=bill.serial_no,
        project=bill.collection_type == CollectionType.PROJECT,
        note=_(REFUND_NOTE) if refund else _(NOTE),
        check_code=bill_check_code(bill.document_no),
        qr_payload=payload,
        qr_svg=qr_svg(payload, css_class="bill__qr-code"),
    )


@official_language
def bill_html(bill: Bill, *, verify_base_url: str = "") -> str:
    return render_to_string(
        BILL_TEMPLATE, {"bill": bill_document(bill, verify_base_url=verify_base_url)}
    )


@official_language
def bill_pdf(bill: Bill, *, verify_base_url: str = "") -> bytes:
    """The bill as an A4 PDF with CJK fonts and its QR code."""
    return render_pdf(
        bill_html(bill, verify_base_url=verify_base_url), base_url="http://shebao.invalid/"
    )
