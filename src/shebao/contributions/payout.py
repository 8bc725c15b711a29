"""退付登记: the agency records that a 退费单据 was paid out to the unit's receiving account.

A 退费单据 (差额退费 / 多缴退费) never takes an arrival (R-REF-01: the agency pays it to
the unit). Until now nothing said that it had been paid: this registers it, once, for the
document's whole amount, with the bank's serial number and the day it was paid (not in the
future, not before the document was issued). The bill is locked (``select_for_update``)
so two clerks cannot both register it; the document becomes 已退付 (``BillStatus.PAID_OUT``),
which §3.3.27 does not revoke and the nightly expiry does not touch, and the refunds and
退差 lines it covers show as 已退付 with that date (``paid_out_on``). Audited by a
bill audit event with the clerk and the IP, in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import DateField, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.audit.types import EventType
from shebao.core.errors import InvalidValue
from shebao.core.money import format_money
from shebao.policy.models import Region

from .bills import bill_event
from .models import Bill, BillKind, BillStatus, Payment, RefundPayout

UNKNOWN_DOCUMENT = gettext_noop("单据 %(n)s 不存在或不属于本经办机构")
NOT_A_REFUND = gettext_noop(
    "单据 %(n)s 是应缴单据，由单位缴费，到账请通过到账文件导入登记，不能登记退付"
)
ALREADY_PAID_OUT = gettext_noop("退费单据 %(n)s 已于 %(d)s 退付（银行流水号 %(s)s），请勿重复退付")
NOT_PAYABLE_OUT = gettext_noop("退费单据 %(n)s 当前状态为“%(s)s”，只有有效的退费单据可以登记退付")
WRONG_AMOUNT = gettext_noop(
    "退付金额 %(a)s 元与退费单据 %(n)s 的应退金额 %(t)s 元不符：退费单据须一次足额退付，"
    "不能部分退付"
)
IN_THE_FUTURE = gettext_noop("退付日期 %(d)s 晚于今天（%(t)s），请填写实际退付的日期")
BEFORE_ISSUE = gettext_noop("退付日期 %(d)s 早于退费单据的开具日期 %(i)s")
DUPLICATE_SERIAL = gettext_noop("银行流水号 %(s)s 已登记过（单据 %(n)s），请核对银行回单")
NO_SERIAL = gettext_noop("请填写银行流水号")
NOT_PAID_OUT = gettext_noop("退费单据 %(n)s 当前状态为“%(s)s”，没有可撤销的退付登记")
NO_REASON = gettext_noop("请填写撤销退付登记的原因")


def refund_payout_refusal(bill: Bill) -> str:
    """Why ``bill`` cannot be registered as paid out (its kind or status), or ''."""
    if bill.kind != BillKind.REFUND:
        return _(NOT_A_REFUND) % {"n": bill.document_no}
    if bill.status == BillStatus.PAID_OUT:
        payout = RefundPayout.objects.filter(bill=bill).first()
        return _(ALREADY_PAID_OUT) % {
            "n": bill.document_no,
            "d": payout.paid_on.isoformat() if payout else "",
            "s": payout.bank_serial_no if payout else "",
        }
    if bill.status != BillStatus.VALID:
        return _(NOT_PAYABLE_OUT) % {"n": bill.document_no, "s": bill.get_status_display()}
    return ""


def _serial_taken(bank_serial_no: str) -> str:
    """The document an earlier payout or arrival booked this bank serial number for, or ''."""
    earlier = (
        RefundPayout.objects.filter(bank_serial_no=bank_serial_no)
        .values_list("bill__document_no", flat=True)
        .first()
    ) or (
        Payment.objects.filter(bank_serial_no=bank_serial_no)
        .values_list("bill__document_no", flat=True)
        .first()
    )
    return earlier or ""


def refund_payout_register(
    *,
    region: Region,
    document_no: str,
    paid_on: dt.date,
    bank_serial_no: str,
    amount: Decimal,
    actor: User,
    ip: str | None = None,
) -> RefundPayout:
    """Register that ``region`` paid the 退费单据 ``document_no`` out; ``InvalidValue``
    (nothing changed) for another region's or a payable document, one not valid, a second
    registration, a partial amount, a date in the future or before issue, a used serial."""
    bank_serial_no = bank_serial_no.strip()
    if not bank_serial_no:
        raise InvalidValue(_(NO_SERIAL))
    with transaction.atomic():
        bill = (
            Bill.objects.select_for_update().filter(document_no=document_no, region=region).first()
        )
        if bill is None:
            raise InvalidValue(_(UNKNOWN_DOCUMENT) % {"n": document_no})
        refusal = refund_payout_refusal(bill)
        if refusal:
            raise InvalidValue(refusal)
        if amount != bill.total_amount:
            raise InvalidValue(
                _(WRONG_AMOUNT)
                % {
                    "a": format_money(amount),
                    "n": bill.document_no,
                    "t": format_money(bill.total_amount),
                }
            )
        today = timezone.localdate()
        if paid_on > today:
            raise InvalidValue(
                _(IN_THE_FUTURE) % {"d": paid_on.isoformat(), "t": today.isoformat()}
            )
        issued_on = timezone.localdate(bill.issued_at)
        if paid_on < issued_on:
            raise InvalidValue(
                _(BEFORE_ISSUE) % {"d": paid_on.isoformat(), "i": issued_on.isoformat()}
            )
        taken = _serial_taken(bank_serial_no)
        if taken:
            raise InvalidValue(_(DUPLICATE_SERIAL) % {"s": bank_serial_no, "n": taken})
        try:
            with transaction.atomic():
                payout = RefundPayout.objects.create(
                    bill=bill,
                    bank_serial_no=bank_serial_no,
                    paid_on=paid_on,
                    amount=amount,
                    actor=actor,
                    ip=ip,
                )
        except IntegrityError:  # the same serial registered by another clerk meanwhile
            raise InvalidValue(
                _(DUPLICATE_SERIAL) % {"s": bank_serial_no, "n": _serial_taken(bank_serial_no)}
            )
        before = bill.status
        bill.status = BillStatus.PAID_OUT
        bill.save(update_fields=["status"])
        bill_event(
            bill,
            event_type=EventType.BILL_PAYOUT,
            before=before,
            actor=actor,
            ip=ip,
            amount=f"{amount:.2f}",
            bank_serial_no=bank_serial_no,
            paid_on=paid_on.isoformat(),
            payout=payout.pk,
        )
    return payout


def refund_payout_cancel(
    *, region: Region, document_no: str, reason: str, actor: User, ip: str | None = None
) -> Bill:
    """Undo a wrong 退付登记 (a typo in the serial, the wrong document): the document is
    有效 again and can be registered anew. The payout's figures and the reason stay in the
    bill audit event; ``InvalidValue`` (nothing changed) without a reason or a payout."""
    reason = reason.strip()
    if not reason:
        raise InvalidValue(_(NO_REASON))
    with transaction.atomic():
        bill = (
            Bill.objects.select_for_update().filter(document_no=document_no, region=region).first()
        )
        if bill is None:
            raise InvalidValue(_(UNKNOWN_DOCUMENT) % {"n": document_no})
        payout = RefundPayout.objects.filter(bill=bill).first()
        if bill.status != BillStatus.PAID_OUT or payout is None:
            raise InvalidValue(
                _(NOT_PAID_OUT) % {"n": bill.document_no, "s": bill.get_status_display()}
            )
        bill.status = BillStatus.VALID
        bill.save(update_fields=["status"])
        bill_event(
            bill,
            event_type=EventType.BILL_PAYOUT_CANCEL,
            before=BillStatus.PAID_OUT,
            actor=actor,
            ip=ip,
            reason=reason,
            amount=f"{payout.amount:.2f}",
            bank_serial_no=payout.bank_serial_no,
            paid_on=payout.paid_on.isoformat(),
            registered_by=payout.actor_id,
        )
        payout.delete()
    return bill


def refund_documents(*, region: Region, status: str = BillStatus.VALID) -> QuerySet[Bill]:
    """The region's 退费单据 of one status (有效: waiting to be paid out), oldest first."""
    return (
        Bill.objects.filter(region=region, kind=BillKind.REFUND, status=status)
        .select_related("unit", "bank_account", "payout")
        .order_by("issued_at", "document_no")
    )


def refund_document_get(*, region: Region, document_no: str) -> Bill:
    """Any document of the region (the page explains why a payable one is refused);
    ``Bill.DoesNotExist`` for another region's."""
    return Bill.objects.select_related("unit", "bank_account").get(
        region=region, document_no=document_no
    )


def paid_out_on(through: str) -> Subquery:
    """Annotation: the day the 退费单据 covering a row was paid out (None if not yet);
    ``through`` is the bill line's reference to the row (``refund`` or ``adjustments``)."""
    return Subquery(
        RefundPayout.objects.filter(**{f"bill__lines__{through}": OuterRef("pk")}).values(
            "paid_on"
        )[:1],
        output_field=DateField(),
    )
