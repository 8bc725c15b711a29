"""Bills (征集通知单 / 应缴认定单): issue, revoke, cancel, expire; reads scoped to the unit.

A bill is issued from declared data that has no document yet (R-REF-06) and moves those
declarations to ``billed``, which is what stops their cancellation (R-REF-03); revoking the
bill gives them back (R-REF-04). Project premium bills (§3.3.24 / §3.3.25) are cancelled
only while valid, unpaid and not invoiced by the tax authority (R-REF-05). Every change
writes a ``BillEvent`` in the caller's transaction. Callers hold the locks: the functions
that change a bill take it from ``select_for_update``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from shebao.core.errors import InvalidValue
from shebao.core.models import next_values
from shebao.core.period import Period
from shebao.registry.models import Project, Unit

from .models import (
    PAYABLE,
    Bill,
    BillEvent,
    BillKind,
    BillLine,
    BillStatus,
    CollectionType,
    DeclarationStatus,
    MonthlyDeclaration,
)

__all__ = [
    "BILL_VALIDITY_DAYS",
    "bill_cancel",
    "bill_event",
    "bill_expire_overdue",
    "bill_get",
    "bill_issue_for_declarations",
    "bill_issue_for_project",
    "bill_list",
    "outstanding_total",
    "bill_revoke",
    "cancel_refusal",
    "pending_declarations",
    "revoke_refusal",
]

#: 单据有效期. The manual says bills expire (§3.3.27 已过有效期) but not when: an
#: assumption of 30 days after issue, until the region states its own.
BILL_VALIDITY_DAYS = 30
DOCUMENT_NO_COUNTER = "bill_document_no"

NOTHING_TO_BILL = "没有待征集的已申报数据"
NOT_REVOCABLE = "单据 %(n)s 当前状态为“%(s)s”，只有未缴费的有效或已过期单据可以撤销"
PARTLY_PAID = "单据 %(n)s 已到账 %(a)s 元，不能撤销"
TAX_INVOICED = "单据 %(n)s 税务已开票，不能撤销"
NOT_CANCELLABLE = "单据 %(n)s 当前状态为“%(s)s”，只能取消有效的未缴费单据"
NOT_A_PROJECT_BILL = "单据 %(n)s 不是项目工伤保险费单据"
DECLARATIONS_CHANGED = "待征集数据刚被其他办件修改，本办件未生效，请刷新后重新办理"


def bill_event(
    bill: Bill,
    *,
    action: str,
    before: str,
    actor: User | None,
    ip: str | None = None,
    **detail: Any,
) -> None:
    BillEvent.objects.create(
        bill=bill,
        action=action,
        from_status=before,
        to_status=bill.status,
        actor=actor,
        ip=ip,
        detail=detail,
    )


# -- reads -------------------------------------------------------------------------------


def bill_list(
    *,
    unit: Unit,
    statuses: Sequence[str] | None = None,
    collection_type: str | None = None,
    project: Project | None = None,
) -> QuerySet[Bill]:
    """The acting unit's bills; another unit's bill is simply not there."""
    qs = Bill.objects.filter(unit=unit).select_related("region", "project")
    if statuses is not None:
        qs = qs.filter(status__in=list(statuses))
    if collection_type:
        qs = qs.filter(collection_type=collection_type)
    if project is not None:
        qs = qs.filter(project=project)
    return qs.order_by("-issued_at", "-document_no")


def bill_get(*, unit: Unit, document_no: str) -> Bill:
    """Raises ``Bill.DoesNotExist`` for an unknown number or another unit's bill."""
    return bill_list(unit=unit).get(document_no=document_no)


def pending_declarations(
    *, unit: Unit, period_to: str | None = None, insurance_type: str | None = None
) -> QuerySet[MonthlyDeclaration]:
    """待征集信息 of 正常应缴: declared, no bill yet, up to 费款所属期止, of one type or all."""
    qs = MonthlyDeclaration.objects.filter(unit=unit, status=DeclarationStatus.DECLARED)
    if period_to:
        qs = qs.filter(period__lte=period_to)
    if insurance_type:
        qs = qs.filter(insurance_type=insurance_type)
    return qs.select_related("region").order_by("period", "insurance_type")


# -- issue -------------------------------------------------------------------------------


def _document_no(today: dt.date) -> str:
    """征集通知单号: YYYYMM and a 10-digit number from a counter (16 digits, never reused)."""
    (n,) = next_values(DOCUMENT_NO_COUNTER)
    return f"{today:%Y%m}{n:010d}"


def _new_bill(
    *, unit: Unit, collection_type: str, periods: Iterable[str], serial_no: str, **fields: Any
) -> Bill:
    today = timezone.localdate()
    shown = sorted(periods)
    return Bill.objects.create(
        document_no=_document_no(today),
        unit=unit,
        region=unit.region,
        kind=BillKind.PAYMENT,
        collection_type=collection_type,
        period_from=shown[0],
        period_to=shown[-1],
        due_date=today + dt.timedelta(days=BILL_VALIDITY_DAYS),
        serial_no=serial_no,
        **fields,
    )


def bill_issue_for_declarations(
    *, unit: Unit, declaration_ids: Sequence[int], serial_no: str, actor: User | None
) -> Bill:
    """§3.3.26: one 应缴认定单 for the given declared rows, which become ``billed``.

    The rows are locked and must all still be declared and unbilled: a cancellation or
    another bill in between stops this one (``InvalidValue``), never bills a row twice.
    """
    locked = list(
        MonthlyDeclaration.objects.select_for_update()
        .filter(pk__in=list(declaration_ids), unit=unit)
        .order_by("pk")
    )
    if not locked:
        raise InvalidValue(_(NOTHING_TO_BILL))
    if len(locked) != len(set(declaration_ids)) or any(
        d.status != DeclarationStatus.DECLARED for d in locked
    ):
        raise InvalidValue(_(DECLARATIONS_CHANGED))
    unit_amount = sum((d.unit_amount for d in locked), Decimal(0))
    individual = sum((d.individual_amount for d in locked), Decimal(0))
    types = {d.insurance_type for d in locked}
    bill = _new_bill(
        unit=unit,
        collection_type=CollectionType.NORMAL,
        periods=[d.period for d in locked],
        serial_no=serial_no,
        insurance_type=types.pop() if len(types) == 1 else "",
        unit_amount=unit_amount,
        individual_amount=individual,
        total_amount=unit_amount + individual,
    )
    BillLine.objects.bulk_create(
        BillLine(
            bill=bill,
            declaration=d,
            insurance_type=d.insurance_type,
            period=d.period,
            headcount=d.headcount,
            base_total=d.base_total,
            unit_amount=d.unit_amount,
            individual_amount=d.individual_amount,
        )
        for d in locked
    )
    MonthlyDeclaration.objects.filter(pk__in=[d.pk for d in locked]).update(
        status=DeclarationStatus.BILLED
    )
    bill_event(
        bill,
        action="issue",
        before="",
        actor=actor,
        serial_no=serial_no,
        declarations=[d.pk for d in locked],
    )
    return bill


def bill_issue_for_project(
    *,
    project: Project,
    amount: Decimal,
    basis: Decimal,
    rate: Decimal,
    insurance_type: str,
    serial_no: str,
    actor: User | None,
) -> Bill:
    """§3.3.24 / §3.3.25: the project's work-injury premium as a 项目工伤 bill (unit only)."""
    period = str(Period.of(timezone.localdate()))
    bill = _new_bill(
        unit=project.unit,
        collection_type=CollectionType.PROJECT,
        periods=[period],
        serial_no=serial_no,
        insurance_type=insurance_type,
        project=project,
        unit_amount=amount,
        individual_amount=Decimal(0),
        total_amount=amount,
    )
    BillLine.objects.create(
        bill=bill,
        insurance_type=insurance_type,
        period=period,
        unit_amount=amount,
        basis=basis,
        rate=rate,
    )
    bill_event(bill, action="issue", before="", actor=actor, serial_no=serial_no)
    return bill


# -- revoke, cancel, expire --------------------------------------------------------------


def revoke_refusal(bill: Bill) -> str:
    """Why §3.3.27 cannot revoke ``bill`` (R-REF-04: wrong or expired, and unpaid), or ''."""
    if bill.status not in (BillStatus.VALID, BillStatus.EXPIRED):
        return _(NOT_REVOCABLE) % {"n": bill.document_no, "s": bill.get_status_display()}
    if bill.received_amount > 0:
        return _(PARTLY_PAID) % {"n": bill.document_no, "a": f"{bill.received_amount:.2f}"}
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
        return _(PARTLY_PAID) % {"n": bill.document_no, "a": f"{bill.received_amount:.2f}"}
    if bill.tax_invoiced:
        return _(TAX_INVOICED) % {"n": bill.document_no}
    return ""


def _void(bill: Bill, *, action: str, serial_no: str, actor: User | None) -> list[int]:
    before = bill.status
    bill.status = BillStatus.REVOKED
    bill.revoked_by = serial_no
    bill.revoked_at = timezone.now()
    bill.save(update_fields=["status", "revoked_by", "revoked_at"])
    returned = list(
        bill.lines.filter(declaration__isnull=False).values_list("declaration_id", flat=True)
    )
    MonthlyDeclaration.objects.filter(pk__in=returned, status=DeclarationStatus.BILLED).update(
        status=DeclarationStatus.DECLARED
    )
    bill_event(
        bill, action=action, before=before, actor=actor, serial_no=serial_no, declarations=returned
    )
    return returned


def bill_revoke(*, bill: Bill, serial_no: str, actor: User | None) -> list[int]:
    """§3.3.27: void a locked bill; its declarations go back to ``declared``. Returns their ids."""
    refusal = revoke_refusal(bill)
    if refusal:
        raise InvalidValue(refusal)
    return _void(bill, action="revoke", serial_no=serial_no, actor=actor)


def bill_cancel(*, bill: Bill, serial_no: str, actor: User | None) -> None:
    """§3.3.28 / §3.3.29: cancel a locked, valid, unpaid, uninvoiced project premium bill."""
    refusal = cancel_refusal(bill)
    if refusal:
        raise InvalidValue(refusal)
    _void(bill, action="cancel", serial_no=serial_no, actor=actor)


@transaction.atomic
def bill_expire_overdue(*, today: dt.date | None = None) -> int:
    """Mark valid, unpaid bills past their due date 已过期 (a daily task); returns how many."""
    today = today or timezone.localdate()
    overdue = list(
        Bill.objects.select_for_update().filter(
            status=BillStatus.VALID, received_amount=0, due_date__lt=today
        )
    )
    for bill in overdue:
        bill.status = BillStatus.EXPIRED
        bill.save(update_fields=["status"])
        bill_event(bill, action="expire", before=BillStatus.VALID, actor=None)
    return len(overdue)


def outstanding_total(*, unit: Unit) -> Decimal:
    """未缴金额 of the unit's payable bills."""
    totals = bill_list(unit=unit, statuses=PAYABLE).aggregate(
        t=Sum("total_amount"), r=Sum("received_amount")
    )
    return (totals["t"] or Decimal(0)) - (totals["r"] or Decimal(0))
