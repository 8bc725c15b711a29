"""The 征集类型 §3.3.26 issues, each a thin kind over the core (``core.issue``): where its
待征集信息 come from and how its lines are drafted from the locked sources.

========== ========================= ======= ==========================================
征集类型    source                    收支类型 lines
========== ========================= ======= ==========================================
正常应缴    ``MonthlyDeclaration``     应缴     one per declaration (period, type)
补缴        ``Arrears``                应缴     one per record and type, its period span
差额补缴    ``BaseAdjustment`` (> 0)   应缴     one per period and type (补差 of §3.3.21)
差额退费    ``BaseAdjustment`` (< 0)   退费     one per period and type (退差 of §3.3.21)
多缴退费    ``Refund``                 退费     one per refund and type (§3.3.35)
========== ========================= ======= ==========================================
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from functools import partial

from django.contrib.auth.models import User
from django.db.models import Count, F, Max, Min, Sum
from django.utils.translation import gettext as _

from shebao.core.errors import InvalidValue
from shebao.registry.models import Unit

from .. import arrears as arrears_policy
from ..models import (
    Arrears,
    ArrearsLine,
    BaseAdjustment,
    Bill,
    BillLine,
    BillLineSource,
    CollectionType,
    DeclarationStatus,
    MonthlyDeclaration,
    Refund,
    RefundLine,
)
from ..selectors import receiving_account
from .common import (
    ACCOUNTS_DIFFER,
    CODE_PREFIX,
    DECLARATIONS_CHANGED,
    ISSUED_BY_3_3_26,
    NO_RECEIVING_ACCOUNT,
    NOT_ISSUED_HERE,
    ZERO,
    cents,
)
from .core import Draft, IssueKind, issue
from .reads import PendingItem, pending_declarations, pending_whole

# -- 正常应缴: monthly declarations --------------------------------------------------------


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


def _declaration_draft(unit: Unit, locked: list[MonthlyDeclaration]) -> Draft:
    return Draft(
        collection_type=CollectionType.NORMAL,
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


# -- 补缴: back-payments ---------------------------------------------------------------------


def _arrears_items(
    unit: Unit, period_to: str | None, insurance_type: str | None
) -> list[PendingItem]:
    """Back-payments are billed whole: a 险种类型 takes the records of that type alone."""
    records, types = pending_whole(Arrears, ArrearsLine, "arrears_id", unit, period_to)
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


def _arrears_draft(unit: Unit, locked: list[Arrears]) -> Draft:
    """A record whose fees wait for the bill (R-BP-09) gets its interest and late fees worked
    out now, for today (``arrears.calculation_date``); one line per record and type, over
    the record's span, with unit, individual, interest and late fee."""
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
            base_total=cents(s["base"]),
            unit_amount=cents(s["unit_amount"]),
            individual_amount=cents(s["individual"]),
            interest=cents(s["interest"]),
            late_fee=cents(s["late_fee"]),
            fees_assessed_on=on if s["arrears_id"] in assessed else None,
        )
        for s in sums
    ]
    return Draft(
        collection_type=CollectionType.BACK_PAYMENT,
        lines=lines,
        detail={"fees_assessed": sorted(assessed)},
    )


# -- 差额补缴 / 差额退费: the 补差 / 退差 lines of wage changes ---------------------------------


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


def _adjustment_draft(unit: Unit, locked: list[BaseAdjustment], *, refund: bool) -> Draft:
    """One line per period and type, the base column holding the sum of the base
    differences; amounts positive on both, a 退差 document paid out to the unit's receiving
    account. The lines are linked to their adjustments once saved."""
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

    def link() -> None:
        through = BillLine.adjustments.through
        through.objects.bulk_create(
            through(billline_id=line.pk, baseadjustment_id=a.pk)
            for line, key in zip(lines, keys, strict=True)
            for a in groups[key]
        )

    return Draft(
        collection_type=CollectionType.DIFFERENCE_REFUND if refund else CollectionType.DIFFERENCE,
        lines=lines,
        bank_account=account,
        after_save=link,
    )


# -- 多缴退费: §3.3.35 refunds ----------------------------------------------------------------


def _refund_items(
    unit: Unit, period_to: str | None, insurance_type: str | None
) -> list[PendingItem]:
    """Approved §3.3.35 refunds, whole; a 险种类型 takes the refunds of that type alone."""
    records, types = pending_whole(Refund, RefundLine, "refund_id", unit, period_to)
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


def _refund_draft(unit: Unit, locked: list[Refund]) -> Draft:
    """To the receiving account each refund was approved for (R-REF-01; refunds to different
    accounts go on separate documents); one line per refund and type."""
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
            base_total=cents(s["base"]),
            unit_amount=cents(s["unit_amount"]),
            individual_amount=cents(s["individual"]),
        )
        for s in sums
    ]
    return Draft(
        collection_type=CollectionType.OVERPAYMENT_REFUND,
        lines=lines,
        bank_account=locked[0].bank_account,
    )


# -- the kinds, listed and issued ------------------------------------------------------------

KINDS: dict[str, IssueKind] = {
    CollectionType.NORMAL: IssueKind(
        MonthlyDeclaration, "declarations", _declaration_items, _declaration_draft
    ),
    CollectionType.BACK_PAYMENT: IssueKind(Arrears, "arrears", _arrears_items, _arrears_draft),
    CollectionType.DIFFERENCE: IssueKind(
        BaseAdjustment,
        "adjustments",
        partial(_adjustment_items, refund=False),
        partial(_adjustment_draft, refund=False),
    ),
    CollectionType.DIFFERENCE_REFUND: IssueKind(
        BaseAdjustment,
        "adjustments",
        partial(_adjustment_items, refund=True),
        partial(_adjustment_draft, refund=True),
    ),
    CollectionType.OVERPAYMENT_REFUND: IssueKind(Refund, "refunds", _refund_items, _refund_draft),
}


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
    for code in wanted:
        kind = KINDS.get(code)
        if kind is not None:
            items += kind.pending(unit, period_to, insurance_type)
    return items


def bill_issue(
    *,
    unit: Unit,
    collection_type: str,
    items: Sequence[PendingItem],
    serial_no: str,
    actor: User | None,
) -> Bill:
    """§3.3.26: one document of ``collection_type`` for the picked 待征集信息."""
    kind = KINDS.get(collection_type)
    if kind is None:
        raise InvalidValue(_(NOT_ISSUED_HERE) % {"t": CollectionType(collection_type).label})
    ids = [i for item in items if item.collection_type == collection_type for i in item.ids]
    return issue(kind, unit=unit, ids=ids, serial_no=serial_no, actor=actor)


def bill_issue_for_declarations(
    *, unit: Unit, declaration_ids: Sequence[int], serial_no: str, actor: User | None
) -> Bill:
    """§3.3.26 正常应缴: one 应缴认定单 for the declared rows, which become ``billed``."""
    kind = KINDS[CollectionType.NORMAL]
    return issue(kind, unit=unit, ids=declaration_ids, serial_no=serial_no, actor=actor)


def bill_issue_for_arrears(
    *, unit: Unit, arrears_ids: Sequence[int], serial_no: str, actor: User | None
) -> Bill:
    """§3.3.26 补缴: one 应缴认定单 for approved back-payments, which become ``billed``."""
    kind = KINDS[CollectionType.BACK_PAYMENT]
    return issue(kind, unit=unit, ids=arrears_ids, serial_no=serial_no, actor=actor)


def bill_issue_for_adjustments(
    *,
    unit: Unit,
    adjustment_ids: Sequence[int],
    refund: bool,
    serial_no: str,
    actor: User | None,
) -> Bill:
    """§3.3.26 差额补缴 (补差 lines) or 差额退费 (退差 lines, a 退费 document)."""
    kind = KINDS[CollectionType.DIFFERENCE_REFUND if refund else CollectionType.DIFFERENCE]
    return issue(kind, unit=unit, ids=adjustment_ids, serial_no=serial_no, actor=actor)


def bill_issue_for_refunds(
    *, unit: Unit, refund_ids: Sequence[int], serial_no: str, actor: User | None
) -> Bill:
    """§3.3.26 多缴退费: one 退费单据 for approved §3.3.35 refunds, which become ``billed``."""
    kind = KINDS[CollectionType.OVERPAYMENT_REFUND]
    return issue(kind, unit=unit, ids=refund_ids, serial_no=serial_no, actor=actor)
