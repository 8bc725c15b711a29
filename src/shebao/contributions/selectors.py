"""Reads of contributions, always scoped to the acting unit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, Max, OuterRef, QuerySet, Sum

from shebao.core.period import Period
from shebao.policy.selectors import contribution_year_periods
from shebao.registry.models import Unit

from .models import (
    HOLDING,
    Bill,
    BillLine,
    BillLineSource,
    BillStatus,
    ContributionDetail,
    DeclarationStatus,
    MonthlyDeclaration,
    UnitBankAccount,
)


def receiving_account(unit: Unit) -> UnitBankAccount | None:
    """单位收款账户 refunds are paid to (R-REF-01): the latest one on record."""
    return (
        UnitBankAccount.objects.filter(unit=unit, is_receiving=True).order_by("-created_at").first()
    )


@dataclass(frozen=True)
class DeclarationMoney:
    """Whether the money of billed declarations arrived: ``arrived`` holds the ids whose
    amount is in, ``unpaid`` maps the others to the bill still waiting for it."""

    arrived: frozenset[int]
    unpaid: dict[int, Bill] = field(default_factory=dict)


def declaration_money(*, unit: Unit, declaration_ids: Iterable[int]) -> DeclarationMoney:
    """Which of the unit's billed declarations were paid (§3.3.35 refunds only those).

    A declaration is paid when its bill is 已足额到账. Of a 未足额到账 bill the received
    amount covers its lines oldest first (period, then type) and a line counts only when
    covered whole, so a partial payment never makes more money refundable than arrived.
    """
    ids = set(declaration_ids)
    lines = (
        BillLine.objects.filter(
            source=BillLineSource.DECLARATION, declaration_id__in=ids, bill__unit=unit
        )
        .exclude(bill__status=BillStatus.REVOKED)
        .select_related("bill")
    )
    arrived: set[int] = set()
    unpaid: dict[int, Bill] = {}
    partial: dict[int, Bill] = {}
    for line in lines:
        assert line.declaration_id is not None
        if line.bill.status == BillStatus.PAID:
            arrived.add(line.declaration_id)
        elif line.bill.status == BillStatus.PARTIAL:
            partial[line.bill_id] = line.bill
        else:
            unpaid[line.declaration_id] = line.bill
    covered = BillLine.objects.filter(bill_id__in=list(partial)).order_by(
        "bill_id", "period", "insurance_type", "pk"
    )
    left: dict[int, Decimal] = {pk: bill.received_amount for pk, bill in partial.items()}
    for line in covered:
        left[line.bill_id] -= line.total
        if line.declaration_id not in ids:
            continue
        if left[line.bill_id] >= 0:
            arrived.add(line.declaration_id)
        else:
            unpaid[line.declaration_id] = partial[line.bill_id]
    return DeclarationMoney(arrived=frozenset(arrived), unpaid=unpaid)


def declaration_list(
    *, unit: Unit, statuses: tuple[str, ...] = HOLDING
) -> QuerySet[MonthlyDeclaration]:
    return MonthlyDeclaration.objects.filter(unit=unit, status__in=statuses).order_by(
        "-period", "insurance_type"
    )


def cancellable_declarations(*, unit: Unit) -> QuerySet[MonthlyDeclaration]:
    """待撤销列表: declared, no 应缴认定单 yet (R-REF-03)."""
    return declaration_list(unit=unit, statuses=(DeclarationStatus.DECLARED,))


def declarations_of_year(*, unit: Unit, year: int) -> QuerySet[MonthlyDeclaration]:
    """The unit's declarations held in 申报年度 ``year`` (e.g. 2020: 202007-202106)."""
    start, end = contribution_year_periods(year, region=unit.region)
    return declaration_list(unit=unit).filter(period__gte=str(start), period__lte=str(end))


def last_declared_periods(*, unit: Unit) -> dict[str, str]:
    """最大缴费期号 per insurance type."""
    rows = (
        declaration_list(unit=unit).values("insurance_type").annotate(last=Max("period")).order_by()
    )
    return {r["insurance_type"]: r["last"] for r in rows}


@dataclass(frozen=True)
class TypeComparison:
    """One insurance type of 上期 (previous period) against 本期."""

    insurance_type: str
    previous_headcount: int
    headcount: int
    added: int
    removed: int
    previous_base_total: Decimal
    base_total: Decimal

    @property
    def base_change(self) -> Decimal:
        return self.base_total - self.previous_base_total


def period_comparison(*, unit: Unit, period: Period) -> list[TypeComparison]:
    """Persons and base totals of ``period`` against the period before, per type: how many
    persons were added or dropped. Set-based: four aggregate queries."""
    previous = period + -1
    details = ContributionDetail.objects.filter(unit=unit)
    cur = details.filter(period=str(period))
    prev = details.filter(period=str(previous))

    def totals(qs: QuerySet[ContributionDetail]) -> dict[str, tuple[int, Decimal]]:
        rows = qs.values("insurance_type").annotate(n=Count("id"), base=Sum("base")).order_by()
        return {r["insurance_type"]: (r["n"], r["base"] or Decimal(0)) for r in rows}

    def missing_from(
        qs: QuerySet[ContributionDetail], other: QuerySet[ContributionDetail]
    ) -> dict[str, int]:
        there = other.filter(
            person_id=OuterRef("person_id"), insurance_type=OuterRef("insurance_type")
        )
        rows = (
            qs.annotate(there=Exists(there))
            .filter(there=False)
            .values("insurance_type")
            .annotate(n=Count("id"))
            .order_by()
        )
        return {r["insurance_type"]: r["n"] for r in rows}

    now, before = totals(cur), totals(prev)
    added, removed = missing_from(cur, prev), missing_from(prev, cur)
    return [
        TypeComparison(
            insurance_type=t,
            previous_headcount=before.get(t, (0, Decimal(0)))[0],
            headcount=now.get(t, (0, Decimal(0)))[0],
            added=added.get(t, 0),
            removed=removed.get(t, 0),
            previous_base_total=before.get(t, (0, Decimal(0)))[1],
            base_total=now.get(t, (0, Decimal(0)))[1],
        )
        for t in sorted(set(now) | set(before))
    ]
