"""Revoking (§3.3.27), cancelling (§3.3.28 / §3.3.29) and expiring documents: what a
document covered goes back to ``declared``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, cast

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shebao.audit.types import EventType
from shebao.core.errors import InvalidValue
from shebao.core.money import format_money

from ..models import (
    Arrears,
    BaseAdjustment,
    Bill,
    BillStatus,
    CollectionType,
    DeclarationStatus,
    MonthlyDeclaration,
    Refund,
)
from .common import (
    NOT_A_PROJECT_BILL,
    NOT_CANCELLABLE,
    NOT_REVOCABLE,
    PAID_OUT,
    PARTLY_PAID,
    TAX_INVOICED,
    bill_event,
)


def revoke_refusal(bill: Bill) -> str:
    """Why §3.3.27 cannot revoke ``bill`` (R-REF-04: wrong or expired, and unpaid; a 退费单据
    already paid out to the unit is neither), or ''."""
    if bill.status == BillStatus.PAID_OUT:
        payout = getattr(bill, "payout", None)
        paid_on = payout.paid_on.isoformat() if payout is not None else ""
        return _(PAID_OUT) % {"n": bill.document_no, "d": paid_on}
    if bill.status not in (BillStatus.VALID, BillStatus.EXPIRED):
        return _(NOT_REVOCABLE) % {"n": bill.document_no, "s": bill.get_status_display()}
    if bill.received_amount > 0:
        return _(PARTLY_PAID) % {"n": bill.document_no, "a": format_money(bill.received_amount)}
    if bill.tax_invoiced:
        return _(TAX_INVOICED) % {"n": bill.document_no}
    return ""


def cancel_refusal(bill: Bill) -> str:
    """Why §3.3.28 / §3.3.29 cannot cancel ``bill`` (R-REF-05: 有效的未缴费单据（税务未开票）)."""
    if bill.collection_type != CollectionType.PROJECT:
        return _(NOT_A_PROJECT_BILL) % {"n": bill.document_no}
    if bill.status != BillStatus.VALID:
        return _(NOT_CANCELLABLE) % {"n": bill.document_no, "s": bill.get_status_display()}
    if bill.received_amount > 0:
        return _(PARTLY_PAID) % {"n": bill.document_no, "a": format_money(bill.received_amount)}
    if bill.tax_invoiced:
        return _(TAX_INVOICED) % {"n": bill.document_no}
    return ""


def _give_back(model: Any, ids: Iterable[int]) -> list[int]:
    """Billed sources back to ``declared`` (locked in pk order); returns their ids."""
    rows = list(
        model.objects.select_for_update()
        .filter(pk__in=list(ids), status=DeclarationStatus.BILLED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    model.objects.filter(pk__in=rows).update(status=DeclarationStatus.DECLARED)
    return rows


def _void(
    bill: Bill, *, event_type: str, serial_no: str, actor: User | None
) -> dict[str, list[int]]:
    before = bill.status
    bill.status = BillStatus.REVOKED
    bill.revoked_by = serial_no
    bill.revoked_at = timezone.now()
    bill.save(update_fields=["status", "revoked_by", "revoked_at"])
    lines = list(bill.lines.all())
    returned = {
        "declarations": _give_back(
            MonthlyDeclaration, (line.declaration_id for line in lines if line.declaration_id)
        ),
        "arrears": _give_back(Arrears, {line.arrears_id for line in lines if line.arrears_id}),
        "adjustments": _give_back(
            BaseAdjustment,
            BaseAdjustment.objects.filter(bill_lines__bill=bill).values_list("pk", flat=True),
        ),
        "refunds": _give_back(Refund, {line.refund_id for line in lines if line.refund_id}),
    }
    # fees this bill worked out are worked out again by the next one (R-BP-09)
    reassess = {line.arrears_id for line in lines if line.fees_assessed_on}
    Arrears.objects.filter(pk__in=[a for a in returned["arrears"] if a in reassess]).update(
        fees_on_billing=True
    )
    bill_event(
        bill,
        event_type=event_type,
        before=before,
        actor=actor,
        serial_no=serial_no,
        **cast(dict[str, Any], {k: v for k, v in returned.items() if v or k == "declarations"}),
    )
    return returned


def bill_revoke(*, bill: Bill, serial_no: str, actor: User | None) -> dict[str, list[int]]:
    """§3.3.27: void a locked document; what it covered goes back to ``declared``.

    Returns the ids given back, by source (declarations, arrears, adjustments, refunds).
    """
    refusal = revoke_refusal(bill)
    if refusal:
        raise InvalidValue(refusal)
    return _void(bill, event_type=EventType.BILL_REVOKE, serial_no=serial_no, actor=actor)


def bill_cancel(*, bill: Bill, serial_no: str, actor: User | None) -> None:
    """§3.3.28 / §3.3.29: cancel a locked, valid, unpaid, uninvoiced project premium bill."""
    refusal = cancel_refusal(bill)
    if refusal:
        raise InvalidValue(refusal)
    _void(bill, event_type=EventType.BILL_CANCEL, serial_no=serial_no, actor=actor)


@transaction.atomic
def bill_expire_overdue(*, today: dt.date | None = None) -> int:
    """Mark valid, unpaid bills past their due date 已过期 (a daily task); returns how many.

    Only ``valid`` ones: a paid or paid-out (已退付) document has nothing left to expire."""
    today = today or timezone.localdate()
    overdue = list(
        Bill.objects.select_for_update().filter(
            status=BillStatus.VALID, received_amount=0, due_date__lt=today
        )
    )
    for bill in overdue:
        bill.status = BillStatus.EXPIRED
        bill.save(update_fields=["status"])
        bill_event(bill, event_type=EventType.BILL_EXPIRE, before=BillStatus.VALID, actor=None)
    return len(overdue)
