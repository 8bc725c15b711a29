"""Bills (征集通知单 / 应缴认定单) and refund documents (退费单据): issue, revoke, cancel, expire.

A document is issued from declared data that has no document yet (R-REF-06, 待征集信息),
one 征集类型 at a time:

========== ========================= ======= ==========================================
征集类型    source                    收支类型 lines
========== ========================= ======= ==========================================
正常应缴    ``MonthlyDeclaration``     应缴     one per declaration (period, type)
补缴        ``Arrears``                应缴     one per record and type, its period span
差额补缴    ``BaseAdjustment`` (> 0)   应缴     one per period and type (补差 of §3.3.21)
差额退费    ``BaseAdjustment`` (< 0)   退费     one per period and type (退差 of §3.3.21)
多缴退费    ``Refund``                 退费     one per refund and type (§3.3.35)
========== ========================= ======= ==========================================

Amounts on a document are never negative: ``kind`` says the direction. A 退费 document
(退差 amounts turned positive) names the receiving account it is paid out to (R-REF-01)
and never takes an arrival. Issuing moves the sources to ``billed`` — which is what stops
the cancellation of a declaration (R-REF-03) or the rollback of its case — and revoking the
document gives them back (R-REF-04). A unit-wide back-payment's interest and late fees are
worked out when its bill is issued (R-BP-09) and again by the next bill after a revocation.
Project premium bills (§3.3.24 / §3.3.25) are cancelled only while valid, unpaid and not
invoiced by the tax authority (R-REF-05). Every change writes a ``BillEvent`` in the
caller's transaction. The sources are locked (``select_for_update``) and re-checked, so two
cases never bill the same row; callers lock the bill they change.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, F, Max, Min, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from shebao.core.errors import InvalidValue
from shebao.core.models import next_values
from shebao.core.period import Period
from shebao.registry.choices import InsuranceType
from shebao.registry.models import Project, Unit

from . import arrears as arrears_policy
from .models import (
    PAYABLE,
    REFUND_COLLECTION_TYPES,
    Arrears,
    ArrearsLine,
    BaseAdjustment,
    Bill,
    BillEvent,
    BillKind,
    BillLine,
    BillLineSource,
    BillStatus,
    CollectionType,
    DeclarationStatus,
    MonthlyDeclaration,
    Refund,
    RefundLine,
    UnitBankAccount,
)
from .selectors import receiving_account

__all__ = [
    "BILL_VALIDITY_DAYS",
    "ISSUED_BY_3_3_26",
    "PendingItem",
    "bill_cancel",
    "bill_event",
    "bill_expire_overdue",
    "bill_get",
    "bill_issue",
    "bill_issue_for_adjustments",
    "bill_issue_for_arrears",
    "bill_issue_for_declarations",
    "bill_issue_for_project",
    "bill_issue_for_refunds",
    "bill_list",
    "bill_period",
    "bill_revoke",
    "bill_subject",
    "cancel_refusal",
    "item_codes",
    "ledger_name",
    "outstanding_total",
    "pending_declarations",
    "pending_items",
    "revoke_refusal",
]

#: 单据有效期. The manual says bills expire (§3.3.27 已过有效期) but not when: an
#: assumption of 30 days after issue, until the region states its own.
BILL_VALIDITY_DAYS = 30
DOCUMENT_NO_COUNTER = "bill_document_no"
ZERO = Decimal("0.00")

#: The 征集类型 §3.3.26 issues (project premiums come from §3.3.24 / §3.3.25).
ISSUED_BY_3_3_26 = (
    CollectionType.NORMAL,
    CollectionType.BACK_PAYMENT,
    CollectionType.DIFFERENCE,
    CollectionType.DIFFERENCE_REFUND,
    CollectionType.OVERPAYMENT_REFUND,
)
#: 待征集编号 prefix of each 征集类型: D12 a declaration, A3 a back-payment, B7 / T7 the
#: 补差 / 退差 lines of wage change 7, R5 a refund.
CODE_PREFIX = {
    CollectionType.NORMAL: "D",
    CollectionType.BACK_PAYMENT: "A",
    CollectionType.DIFFERENCE: "B",
    CollectionType.DIFFERENCE_REFUND: "T",
    CollectionType.OVERPAYMENT_REFUND: "R",
}

NOTHING_TO_BILL = "没有待征集的已申报数据"
PAID_OUT = "退费单据 %(n)s 已于 %(d)s 退付至单位收款账户，不能撤销"
NOT_REVOCABLE = "单据 %(n)s 当前状态为“%(s)s”，只有未缴费的有效或已过期单据可以撤销"
PARTLY_PAID = "单据 %(n)s 已到账 %(a)s 元，不能撤销"
TAX_INVOICED = "单据 %(n)s 税务已开票，不能撤销"
NOT_CANCELLABLE = "单据 %(n)s 当前状态为“%(s)s”，只能取消有效的未缴费单据"
NOT_A_PROJECT_BILL = "单据 %(n)s 不是项目工伤保险费单据"
DECLARATIONS_CHANGED = "待征集数据刚被其他办件修改，本办件未生效，请刷新后重新办理"
NO_RECEIVING_ACCOUNT = "本单位没有登记收款账户，退费须退至单位收款账户，请先到经办机构登记"
ACCOUNTS_DIFFER = "所选多缴退费的退款账户不同，请按待征集编号分别开具退费单据"
NOT_ISSUED_HERE = "征集类型“%(t)s”的单据不在此开具"


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
    kind: str | None = None,
) -> QuerySet[Bill]:
    """The acting unit's documents; another unit's is simply not there."""
    qs = Bill.objects.filter(unit=unit).select_related("region", "project", "bank_account")
    if statuses is not None:
        qs = qs.filter(status__in=list(statuses))
    if collection_type:
        qs = qs.filter(collection_type=collection_type)
    if project is not None:
        qs = qs.filter(project=project)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-issued_at", "-document_no")


def bill_get(*, unit: Unit, document_no: str) -> Bill:
    """Raises ``Bill.DoesNotExist`` for an unknown number or another unit's bill."""
    return bill_list(unit=unit).get(document_no=document_no)


def ledger_name(bill: Bill) -> str:
    """账套类型 as the manual prints it; bills, their PDF and 单据核验 all print it (工伤保险征收统筹 for project premiums)."""
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
    """单据所属期: one period, or first-last."""
    if bill.period_from == bill.period_to:
        return bill.period_from
    return f"{bill.period_from}-{bill.period_to}"


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


@dataclass(frozen=True)
class PendingItem:
    """One row of 待征集信息: declared data without a document, picked by its ``code``.

    ``ids`` are what the issue function takes: the declaration, back-payment or refund,
    or the difference lines of one wage change. Amounts are positive on a 退费 item too.
    ``fees_on_billing``: the interest and late fees are worked out when the bill is issued.
    """

    code: str
    collection_type: str
    ids: tuple[int, ...]
    insurance_types: tuple[str, ...]
    period_from: str
    period_to: str
    headcount: int
    unit_amount: Decimal
    individual_amount: Decimal
    interest: Decimal
    late_fee: Decimal
    serial_no: str
    fees_on_billing: bool = False
    #: 暂按: the published year whose 记账利率 stands in for an unpublished one's
    interest_provisional: int | None = None

    @property
    def kind(self) -> str:
        return (
            BillKind.REFUND if self.collection_type in REFUND_COLLECTION_TYPES else BillKind.PAYMENT
        )

    @property
    def total(self) -> Decimal:
        return self.unit_amount + self.individual_amount + self.interest + self.late_fee


def item_codes(text: str | None) -> list[str]:
    """'a3, B7、r5' -> ['A3', 'B7', 'R5'] (待征集编号 as typed)."""
    return [c.upper() for c in re.split(r"[\s,，、;；]+", text or "") if c]


def _pending_whole(
    model: Any, line_model: Any, fk: str, unit: Unit, period_to: str | None
) -> tuple[list[Any], dict[int, set[str]]]:
    """The unit's declared records billed whole (arrears, refunds) ending by ``period_to``,
    oldest first, and the insurance types of each one's lines (one DISTINCT query)."""
    qs = model.objects.filter(unit=unit, status=DeclarationStatus.DECLARED)
    if period_to:
        qs = qs.filter(end_period__lte=period_to)
    records = list(qs.order_by("start_period", "pk"))
    types: dict[int, set[str]] = defaultdict(set)
    pairs = (
        line_model.objects.filter(**{f"{fk}__in": [r.pk for r in records]})
        .values_list(fk, "insurance_type")
        .order_by()
        .distinct()
    )
    for owner, kind in pairs:
        types[owner].add(kind)
    return records, types


def _declaration_items(
    unit: Unit, period_to: str | None, insurance_type: str | None
) -> list[PendingItem]:
    return [
        PendingItem(
            code=f"D{d.pk}",
            collection_type=CollectionType.NORMAL,
            ids=(d.pk,),
            insurance_types=(d.insurance_type,),
            period_from=d.period,
            period_to=d.period,
            headcount=d.headcount,
            unit_amount=d.unit_amount,
            individual_amount=d.individual_amount,
            interest=ZERO,
            late_fee=ZERO,
            serial_no=d.serial_no,
        )
        for d in pending_declarations(unit=unit, period_to=period_to, insurance_type=insurance_type)
    ]


def _arrears_items(
    unit: Unit, period_to: str | None, insurance_type: str | None
) -> list[PendingItem]:
    """Back-payments are billed whole: a 险种类型 takes the records of that type alone."""
    records, types = _pending_whole(Arrears, ArrearsLine, "arrears_id", unit, period_to)
    heads: dict[int, tuple[int, int | None]] = {
        row[0]: (row[1], row[2])
        for row in ArrearsLine.objects.filter(arrears__in=records)
        .values("arrears_id")
        .annotate(n=Count("person_id", distinct=True), used=Max("interest_provisional"))
        .values_list("arrears_id", "n", "used")
        .order_by()
    }
    return [
        PendingItem(
            code=f"A{a.pk}",
            collection_type=CollectionType.BACK_PAYMENT,
            ids=(a.pk,),
            insurance_types=tuple(sorted(types[a.pk])),
            period_from=a.start_period,
            period_to=a.end_period,
            headcount=heads.get(a.pk, (0, None))[0],
            unit_amount=a.unit_amount,
            individual_amount=a.individual_amount,
            interest=a.interest,
            late_fee=a.late_fee,
            serial_no=a.serial_no,
            fees_on_billing=a.fees_on_billing,
            interest_provisional=heads.get(a.pk, (0, None))[1],
        )
        for a in records
        if types[a.pk] and (not insurance_type or types[a.pk] == {insurance_type})
    ]


def _adjustment_items(
    unit: Unit, period_to: str | None, insurance_type: str | None, *, refund: bool
) -> list[PendingItem]:
    """补差 (or 退差) lines of each wage change, as one pick; 退差 amounts turned positive."""
    qs = BaseAdjustment.objects.filter(unit=unit, status=DeclarationStatus.DECLARED).alias(
        diff=F("unit_diff") + F("individual_diff")
    )
    qs = qs.filter(diff__lt=0) if refund else qs.filter(diff__gt=0)
    if period_to:
        qs = qs.filter(period__lte=period_to)
    if insurance_type:
        qs = qs.filter(insurance_type=insurance_type)
    groups: dict[int, list[BaseAdjustment]] = defaultdict(list)
    for a in qs.order_by("wage_change_id", "period", "insurance_type"):
        groups[a.wage_change_id].append(a)
    sign = Decimal(-1) if refund else Decimal(1)
    collection = CollectionType.DIFFERENCE_REFUND if refund else CollectionType.DIFFERENCE
    return [
        PendingItem(
            code=f"{CODE_PREFIX[collection]}{change}",
            collection_type=collection,
            ids=tuple(a.pk for a in lines),
            insurance_types=tuple(sorted({a.insurance_type for a in lines})),
            period_from=min(a.period for a in lines),
            period_to=max(a.period for a in lines),
            headcount=len({a.person_id for a in lines}),
            unit_amount=sign * sum((a.unit_diff for a in lines), ZERO),
            individual_amount=sign * sum((a.individual_diff for a in lines), ZERO),
            interest=ZERO,
            late_fee=ZERO,
            serial_no=lines[0].serial_no,
        )
        for change, lines in groups.items()
    ]


def _refund_items(
    unit: Unit, period_to: str | None, insurance_type: str | None
) -> list[PendingItem]:
    """Approved §3.3.35 refunds, whole; a 险种类型 takes the refunds of that type alone."""
    records, types = _pending_whole(Refund, RefundLine, "refund_id", unit, period_to)
    return [
        PendingItem(
            code=f"R{r.pk}",
            collection_type=CollectionType.OVERPAYMENT_REFUND,
            ids=(r.pk,),
            insurance_types=tuple(sorted(types[r.pk])),
            period_from=r.start_period,
            period_to=r.end_period,
            headcount=1,
            unit_amount=r.unit_amount,
            individual_amount=r.individual_amount,
            interest=ZERO,
            late_fee=ZERO,
            serial_no=r.serial_no,
        )
        for r in records
        if types[r.pk] and (not insurance_type or types[r.pk] == {insurance_type})
    ]


def pending_items(
    *,
    unit: Unit,
    collection_type: str | None = None,
    period_to: str | None = None,
    insurance_type: str | None = None,
) -> list[PendingItem]:
    """待征集信息 of one 征集类型 (or all of them), up to 费款所属期止, of one type or all."""
    wanted = [collection_type] if collection_type else list(ISSUED_BY_3_3_26)
    items: list[PendingItem] = []
    for kind in wanted:
        if kind == CollectionType.NORMAL:
            items += _declaration_items(unit, period_to, insurance_type)
        elif kind == CollectionType.BACK_PAYMENT:
            items += _arrears_items(unit, period_to, insurance_type)
        elif kind in (CollectionType.DIFFERENCE, CollectionType.DIFFERENCE_REFUND):
            refund = kind == CollectionType.DIFFERENCE_REFUND
            items += _adjustment_items(unit, period_to, insurance_type, refund=refund)
        elif kind == CollectionType.OVERPAYMENT_REFUND:
            items += _refund_items(unit, period_to, insurance_type)
    return items


# -- issue -------------------------------------------------------------------------------


def _document_no(today: dt.date) -> str:
    """征集通知单号: YYYYMM and a 10-digit number from a counter (16 digits, never reused)."""
    (n,) = next_values(DOCUMENT_NO_COUNTER)
    return f"{today:%Y%m}{n:010d}"


def _new_bill(
    *,
    unit: Unit,
    collection_type: str,
    periods: Iterable[str],
    serial_no: str,
    kind: str = BillKind.PAYMENT,
    **fields: Any,
) -> Bill:
    today = timezone.localdate()
    shown = sorted(periods)
    return Bill.objects.create(
        document_no=_document_no(today),
        unit=unit,
        region=unit.region,
        kind=kind,
        collection_type=collection_type,
        period_from=shown[0],
        period_to=shown[-1],
        due_date=today + dt.timedelta(days=BILL_VALIDITY_DAYS),
        serial_no=serial_no,
        **fields,
    )


def _bill_of_lines(
    *,
    unit: Unit,
    collection_type: str,
    lines: list[BillLine],
    serial_no: str,
    bank_account: UnitBankAccount | None = None,
) -> Bill:
    """A document whose amounts, period span and type are those of ``lines`` (then saved)."""

    def total(name: str) -> Decimal:
        return sum((getattr(line, name) for line in lines), ZERO)

    types = {line.insurance_type for line in lines}
    parts = {n: total(n) for n in ("unit_amount", "individual_amount", "interest", "late_fee")}
    kind = BillKind.REFUND if collection_type in REFUND_COLLECTION_TYPES else BillKind.PAYMENT
    bill = _new_bill(
        unit=unit,
        collection_type=collection_type,
        kind=kind,
        periods=[p for line in lines for p in (line.period, line.period_to or line.period)],
        serial_no=serial_no,
        insurance_type=types.pop() if len(types) == 1 else "",
        total_amount=sum(parts.values(), ZERO),
        bank_account=bank_account,
        **parts,
    )
    for line in lines:
        line.bill = bill
    BillLine.objects.bulk_create(lines)
    return bill


def _cents(value: Any) -> Decimal:
    """An aggregate in yuan (SQLite sums come back with float noise)."""
    return Decimal(value or 0).quantize(Decimal("0.01"))


def _locked(model: Any, *, unit: Unit, ids: Sequence[int]) -> list[Any]:
    """The rows, locked in pk order; all must still be the unit's and ``declared``."""
    rows = list(
        model.objects.select_for_update().filter(pk__in=list(ids), unit=unit).order_by("pk")
    )
    if not rows:
        raise InvalidValue(_(NOTHING_TO_BILL))
    if len(rows) != len(set(ids)) or any(r.status != DeclarationStatus.DECLARED for r in rows):
        raise InvalidValue(_(DECLARATIONS_CHANGED))
    return rows


def _issued(
    bill: Bill,
    *,
    rows: Sequence[Any],
    source: str,
    actor: User | None,
    serial_no: str,
    **detail: Any,
) -> Bill:
    """The rows a new bill covers become ``billed``; the issue is audited with their ids
    under ``source`` (``declarations``, ``arrears`` …) and ``detail``."""
    type(rows[0]).objects.filter(pk__in=[r.pk for r in rows]).update(
        status=DeclarationStatus.BILLED
    )
    detail[source] = [r.pk for r in rows]
    bill_event(bill, action="issue", before="", actor=actor, serial_no=serial_no, **detail)
    return bill


def bill_issue_for_declarations(
    *, unit: Unit, declaration_ids: Sequence[int], serial_no: str, actor: User | None
) -> Bill:
    """§3.3.26 正常应缴: one 应缴认定单 for the declared rows, which become ``billed``.

    The rows are locked and must all still be declared and unbilled: a cancellation or
    another bill in between stops this one (``InvalidValue``), never bills a row twice.
    """
    locked = _locked(MonthlyDeclaration, unit=unit, ids=declaration_ids)
    bill = _bill_of_lines(
        unit=unit,
        collection_type=CollectionType.NORMAL,
        serial_no=serial_no,
        lines=[
            BillLine(
                source=BillLineSource.DECLARATION,
                declaration=d,
                insurance_type=d.insurance_type,
                period=d.period,
                headcount=d.headcount,
                base_total=d.base_total,
                unit_amount=d.unit_amount,
                individual_amount=d.individual_amount,
            )
            for d in locked
        ],
    )
    return _issued(bill, rows=locked, source="declarations", actor=actor, serial_no=serial_no)


def bill_issue_for_arrears(
    *, unit: Unit, arrears_ids: Sequence[int], serial_no: str, actor: User | None
) -> Bill:
    """§3.3.26 补缴: one 应缴认定单 for approved back-payments, which become ``billed``.

    A record whose fees wait for the bill (R-BP-09) gets its interest and late fees worked
    out now, for today (``arrears.calculation_date``); one line per record and type, over
    the record's span, with unit, individual, interest and late fee.
    """
    locked = _locked(Arrears, unit=unit, ids=arrears_ids)
    on = arrears_policy.calculation_date()
    assessed = set()
    for record in locked:
        if record.fees_on_billing:
            arrears_policy.arrears_fees_assess(arrears=record, on=on)
            assessed.add(record.pk)
    sums = (
        ArrearsLine.objects.filter(arrears__in=locked)
        .values("arrears_id", "insurance_type")
        .annotate(
            first=Min("period"),
            last=Max("period"),
            heads=Count("person_id", distinct=True),
            base=Sum("base"),
            unit_amount=Sum("unit_amount"),
            individual=Sum("individual_amount"),
            interest=Sum("interest"),
            late_fee=Sum("late_fee"),
        )
        .order_by("arrears_id", "insurance_type")
    )
    lines = [
        BillLine(
            source=BillLineSource.ARREARS,
            arrears_id=s["arrears_id"],
            insurance_type=s["insurance_type"],
            period=s["first"],
            period_to=s["last"],
            headcount=s["heads"],
            base_total=_cents(s["base"]),
            unit_amount=_cents(s["unit_amount"]),
            individual_amount=_cents(s["individual"]),
            interest=_cents(s["interest"]),
            late_fee=_cents(s["late_fee"]),
            fees_assessed_on=on if s["arrears_id"] in assessed else None,
        )
        for s in sums
    ]
    if not lines:
        raise InvalidValue(_(NOTHING_TO_BILL))
    bill = _bill_of_lines(
        unit=unit, collection_type=CollectionType.BACK_PAYMENT, lines=lines, serial_no=serial_no
    )
    return _issued(
        bill,
        rows=locked,
        source="arrears",
        actor=actor,
        serial_no=serial_no,
        fees_assessed=sorted(assessed),
    )


def bill_issue_for_adjustments(
    *,
    unit: Unit,
    adjustment_ids: Sequence[int],
    refund: bool,
    serial_no: str,
    actor: User | None,
) -> Bill:
    """§3.3.26 差额补缴 (补差 lines) or 差额退费 (退差 lines, a 退费 document to the
    unit's receiving account): one line per period and type, the base column holding the
    sum of the base differences; amounts positive on both."""
    locked = _locked(BaseAdjustment, unit=unit, ids=adjustment_ids)
    if any(a.is_refund != refund or not a.total_diff for a in locked):
        raise InvalidValue(_(DECLARATIONS_CHANGED))
    account = None
    if refund:
        account = receiving_account(unit)
        if account is None:
            raise InvalidValue(_(NO_RECEIVING_ACCOUNT))
    sign = Decimal(-1) if refund else Decimal(1)
    groups: dict[tuple[str, str], list[BaseAdjustment]] = defaultdict(list)
    for a in locked:
        groups[(a.period, a.insurance_type)].append(a)
    keys = sorted(groups)
    lines = [
        BillLine(
            source=BillLineSource.ADJUSTMENT,
            insurance_type=kind,
            period=period,
            headcount=len({a.person_id for a in groups[(period, kind)]}),
            base_total=sum((abs(a.new_base - a.old_base) for a in groups[(period, kind)]), ZERO),
            unit_amount=sign * sum((a.unit_diff for a in groups[(period, kind)]), ZERO),
            individual_amount=sign * sum((a.individual_diff for a in groups[(period, kind)]), ZERO),
        )
        for period, kind in keys
    ]
    collection = CollectionType.DIFFERENCE_REFUND if refund else CollectionType.DIFFERENCE
    bill = _bill_of_lines(
        unit=unit,
        collection_type=collection,
        lines=lines,
        serial_no=serial_no,
        bank_account=account,
    )
    through = BillLine.adjustments.through
    through.objects.bulk_create(
        through(billline_id=line.pk, baseadjustment_id=a.pk)
        for line, key in zip(lines, keys, strict=True)
        for a in groups[key]
    )
    return _issued(bill, rows=locked, source="adjustments", actor=actor, serial_no=serial_no)


def bill_issue_for_refunds(
    *, unit: Unit, refund_ids: Sequence[int], serial_no: str, actor: User | None
) -> Bill:
    """§3.3.26 多缴退费: one 退费单据 for approved §3.3.35 refunds, to the receiving account
    each was approved for (R-REF-01; refunds to different accounts go on separate
    documents). One line per refund and type; the refunds become ``billed``."""
    locked = _locked(Refund, unit=unit, ids=refund_ids)
    accounts = {r.bank_account_id for r in locked}
    if len(accounts) != 1:
        raise InvalidValue(_(ACCOUNTS_DIFFER))
    sums = (
        RefundLine.objects.filter(refund__in=locked)
        .values("refund_id", "insurance_type")
        .annotate(
            first=Min("period"),
            last=Max("period"),
            base=Sum("base"),
            unit_amount=Sum(F("unit_to_account") + F("unit_to_pooling")),
            individual=Sum(F("individual_to_account") + F("individual_to_pooling")),
        )
        .order_by("refund_id", "insurance_type")
    )
    lines = [
        BillLine(
            source=BillLineSource.REFUND,
            refund_id=s["refund_id"],
            insurance_type=s["insurance_type"],
            period=s["first"],
            period_to=s["last"],
            headcount=1,
            base_total=_cents(s["base"]),
            unit_amount=_cents(s["unit_amount"]),
            individual_amount=_cents(s["individual"]),
        )
        for s in sums
    ]
    if not lines:
        raise InvalidValue(_(NOTHING_TO_BILL))
    bill = _bill_of_lines(
        unit=unit,
        collection_type=CollectionType.OVERPAYMENT_REFUND,
        lines=lines,
        serial_no=serial_no,
        bank_account=locked[0].bank_account,
    )
    return _issued(bill, rows=locked, source="refunds", actor=actor, serial_no=serial_no)


def bill_issue(
    *,
    unit: Unit,
    collection_type: str,
    items: Sequence[PendingItem],
    serial_no: str,
    actor: User | None,
) -> Bill:
    """§3.3.26: one document of ``collection_type`` for the picked 待征集信息."""
    ids = [i for item in items if item.collection_type == collection_type for i in item.ids]
    if collection_type == CollectionType.NORMAL:
        return bill_issue_for_declarations(
            unit=unit, declaration_ids=ids, serial_no=serial_no, actor=actor
        )
    if collection_type == CollectionType.BACK_PAYMENT:
        return bill_issue_for_arrears(unit=unit, arrears_ids=ids, serial_no=serial_no, actor=actor)
    if collection_type in (CollectionType.DIFFERENCE, CollectionType.DIFFERENCE_REFUND):
        return bill_issue_for_adjustments(
            unit=unit,
            adjustment_ids=ids,
            refund=collection_type == CollectionType.DIFFERENCE_REFUND,
            serial_no=serial_no,
            actor=actor,
        )
    if collection_type == CollectionType.OVERPAYMENT_REFUND:
        return bill_issue_for_refunds(unit=unit, refund_ids=ids, serial_no=serial_no, actor=actor)
    raise InvalidValue(_(NOT_ISSUED_HERE) % {"t": CollectionType(collection_type).label})


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
        source=BillLineSource.PROJECT,
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
    """Why §3.3.27 cannot revoke ``bill`` (R-REF-04: wrong or expired, and unpaid; a 退费单据
    already paid out to the unit is neither), or ''."""
    if bill.status == BillStatus.PAID_OUT:
        payout = getattr(bill, "payout", None)
        paid_on = payout.paid_on.isoformat() if payout is not None else ""
        return _(PAID_OUT) % {"n": bill.document_no, "d": paid_on}
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


def _void(bill: Bill, *, action: str, serial_no: str, actor: User | None) -> dict[str, list[int]]:
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
        action=action,
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
    return _void(bill, action="revoke", serial_no=serial_no, actor=actor)


def bill_cancel(*, bill: Bill, serial_no: str, actor: User | None) -> None:
    """§3.3.28 / §3.3.29: cancel a locked, valid, unpaid, uninvoiced project premium bill."""
    refusal = cancel_refusal(bill)
    if refusal:
        raise InvalidValue(refusal)
    _void(bill, action="cancel", serial_no=serial_no, actor=actor)


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
        bill_event(bill, action="expire", before=BillStatus.VALID, actor=None)
    return len(overdue)


def outstanding_total(*, unit: Unit) -> Decimal:
    """未缴金额 of the unit's payable 应缴 documents (退费 documents are paid out)."""
    totals = bill_list(unit=unit, statuses=PAYABLE, kind=BillKind.PAYMENT).aggregate(
        t=Sum("total_amount"), r=Sum("received_amount")
    )
    return (totals["t"] or Decimal(0)) - (totals["r"] or Decimal(0))
