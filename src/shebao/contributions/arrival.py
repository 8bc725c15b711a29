"""到账文件: the bank's payment arrivals, imported by the agency and matched to bills.

File format (.xlsx, .xls or .csv in UTF-8 or GBK; one header row, any column order,
further columns ignored):

=========== ===================== ==========================================
列名         示例                   说明
=========== ===================== ==========================================
单据号       2021030000000001       征集通知单号 of the bill paid
单位编号     100000123              the paying unit, checked against the bill
到账金额     4445.00                yuan, at most two decimals
到账日期     2021-03-20             YYYY-MM-DD (also 2021/3/20, 20210320)
银行流水号   BK20210320000001       unique per arrival; a line seen before is skipped
=========== ===================== ==========================================

Every line gets an outcome with a reason; none is dropped. Full amount -> the bill is
已足额到账; less -> 未足额到账 with the rest outstanding. Refused (nothing booked): an
unknown 单据号 (or another region's), a unit that is not the bill's, a 退费单据 (paid
out to the unit, never paid in), a bill already paid, revoked or expired, more than the outstanding amount, a 银行流水号 already imported
(which makes re-importing a file harmless). The whole file is one transaction.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
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
from .models import ArrivalImport, Bill, BillKind, BillStatus, Payment

ACCEPTED, REFUSED = "accepted", "refused"
FULL = gettext_noop("足额到账")
PARTIAL = gettext_noop("未足额到账，尚欠 %(r)s 元")
UNKNOWN_BILL = gettext_noop("单据号不存在")
WRONG_UNIT = gettext_noop("单位编号与单据不符（单据属于 %(u)s）")
ALREADY_PAID = gettext_noop("该单据已足额到账")
REFUND_DOCUMENT = gettext_noop(
    "该单据为退费单据，款项由经办机构退付至单位收款账户，不能作为缴费到账"
)
NOT_PAYABLE = gettext_noop("该单据%(s)s，不能入账")
OVERPAID = gettext_noop("到账金额 %(a)s 元超过未到账金额 %(r)s 元，请核实后人工处理")
ZERO = gettext_noop("到账金额必须大于 0")
DUPLICATE = gettext_noop("银行流水号已导入过（%(w)s），本行未重复入账")
IN_THIS_FILE = gettext_noop("第 %(n)d 行")


class ArrivalRow(RowModel):
    document_no: Text = column("单据号", aliases=["征集通知单号", "征集单号"])
    unit_no: Text = column("单位编号")
    amount: Money = column("到账金额", kind="money")
    arrived_on: DateValue = column("到账日期", kind="date", aliases=["到账时间"])
    bank_serial_no: Text = column("银行流水号", aliases=["交易流水号"])


#: The file's layout for the roster reader (a file, not a service: no case or review).
ARRIVAL_FILE = RosterFormat(title="到账文件", row=ArrivalRow)


@dataclass
class ArrivalLine:
    row: int
    document_no: str
    unit_no: str
    amount: str
    arrived_on: str
    bank_serial_no: str
    outcome: str
    reason: str


def arrival_import(
    *, region: Region, actor: User, data: bytes, filename: str, ip: str | None = None
) -> ArrivalImport:
    """Read and book an arrival file for ``region``'s bills; ``InvalidValue`` if the file
    itself is unreadable (nothing is booked then)."""
    roster = read_roster(ARRIVAL_FILE, data, filename)
    parsed = parse_rows(spec=ARRIVAL_FILE, rows=roster.rows)
    with transaction.atomic():
        record = ArrivalImport.begin(
            region=region, actor=actor, data=data, filename=filename, ip=ip
        )
        seen: dict[str, int] = {}
        lines: list[ArrivalLine] = []
        total = Decimal(0)
        for item in parsed:
            raw = item.raw
            line = ArrivalLine(
                row=item.row,
                document_no=str(raw.get("document_no", "")),
                unit_no=str(raw.get("unit_no", "")),
                amount=str(raw.get("amount", "")),
                arrived_on=str(raw.get("arrived_on", "")),
                bank_serial_no=str(raw.get("bank_serial_no", "")),
                outcome=REFUSED,
                reason="",
            )
            if item.model is None:
                line.reason = "；".join(f"【{e.column}】{e.message}" for e in item.errors)
            else:
                row: Any = item.model
                booked, line.reason = _book(record, region, row, seen, item.row, actor, ip)
                if booked:
                    line.outcome = ACCEPTED
                    total += row.amount
                seen.setdefault(row.bank_serial_no, item.row)
            lines.append(line)
        record.lines = [asdict(line) for line in lines]
        record.accepted = sum(1 for line in lines if line.outcome == ACCEPTED)
        record.refused = len(lines) - record.accepted
        record.accepted_amount = total
        record.save(update_fields=["lines", "accepted", "refused", "accepted_amount"])
    return record


def _book(
    record: ArrivalImport,
    region: Region,
    row: Any,
    seen: dict[str, int],
    number: int,
    actor: User,
    ip: str | None,
) -> tuple[bool, str]:
    """Book one line: (booked, the reason shown for it)."""
    if row.bank_serial_no in seen:
        return False, _(DUPLICATE) % {"w": _(IN_THIS_FILE) % {"n": seen[row.bank_serial_no]}}
    earlier = (
        Payment.objects.filter(bank_serial_no=row.bank_serial_no)
        .values_list("arrival_import__created_at", flat=True)
        .first()
    )
    if earlier is not None:
        return False, _(DUPLICATE) % {"w": f"{timezone.localtime(earlier):%Y-%m-%d %H:%M}"}
    if row.amount <= 0:
        return False, _(ZERO)
    bill = (
        Bill.objects.select_for_update()
        .select_related("unit")
        .filter(document_no=row.document_no, region=region)
        .first()
    )
    if bill is None:
        return False, _(UNKNOWN_BILL)
    if bill.unit.unit_no != row.unit_no:
        return False, _(WRONG_UNIT) % {"u": bill.unit.unit_no}
    if bill.kind != BillKind.PAYMENT:
        return False, _(REFUND_DOCUMENT)
    if bill.status == BillStatus.PAID:
        return False, _(ALREADY_PAID)
    if bill.status not in (BillStatus.VALID, BillStatus.PARTIAL):
        return False, _(NOT_PAYABLE) % {"s": bill.get_status_display()}
    if row.amount > bill.outstanding:
        return False, _(OVERPAID) % {
            "a": format_money(row.amount),
            "r": format_money(bill.outstanding),
        }
    Payment.objects.create(
        bill=bill,
        bank_serial_no=row.bank_serial_no,
        amount=row.amount,
        arrived_on=row.arrived_on,
        arrival_import=record,
    )
    before = bill.status
    bill.received_amount += row.amount
    bill.status = BillStatus.PAID if bill.outstanding == 0 else BillStatus.PARTIAL
    bill.save(update_fields=["received_amount", "status"])
    bill_event(
        bill,
        event_type=EventType.BILL_ARRIVAL,
        before=before,
        actor=actor,
        ip=ip,
        amount=str(row.amount),
        bank_serial_no=row.bank_serial_no,
        arrival_import=record.pk,
        row=number,
    )
    if bill.status == BillStatus.PAID:
        return True, _(FULL)
    return True, _(PARTIAL) % {"r": format_money(bill.outstanding)}


def arrival_import_list(*, region: Region) -> QuerySet[ArrivalImport]:
    """The region's arrival files, newest first."""
    return ArrivalImport.objects.filter(region=region).select_related("uploaded_by")


def arrival_import_get(*, region: Region, pk: int) -> ArrivalImport:
    """Raises ``ArrivalImport.DoesNotExist`` for another region's file."""
    return arrival_import_list(region=region).get(pk=pk)
