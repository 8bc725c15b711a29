"""Reading bills and 待征集信息 (declared data without a document yet)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from shebao.registry.choices import InsuranceType
from shebao.registry.models import Project, Unit

from ..models import (
    PAYABLE,
    REFUND_COLLECTION_TYPES,
    Bill,
    BillKind,
    CollectionType,
    DeclarationStatus,
    MonthlyDeclaration,
)


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


def pending_whole(
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


def outstanding_total(*, unit: Unit) -> Decimal:
    """未缴金额 of the unit's payable 应缴 documents (退费 documents are paid out)."""
    totals = bill_list(unit=unit, statuses=PAYABLE, kind=BillKind.PAYMENT).aggregate(
        t=Sum("total_amount"), r=Sum("received_amount")
    )
    return (totals["t"] or Decimal(0)) - (totals["r"] or Decimal(0))
