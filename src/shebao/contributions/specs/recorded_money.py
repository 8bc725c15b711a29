"""The money of back-payments (补缴) and refunds (退收) per insurance type, for
``ServiceSpec.money_summary``: before the effect from the lines the 申报表 works out
(``report_values`` puts them under ``money_lines``), after it from the records written.

Reading the records back matters for back-payments: interest and late fees run to the
day they are worked out, so a recomputation after approval would show other figures than
those the agency approved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from shebao.registry.choices import InsuranceType
from shebao.registry.models import Unit
from shebao.services.money import MoneyLine, MoneySummary, summary_from_values

from .. import arrears_calc
from ..models import ArrearsLine, RefundLine

ZERO = Decimal(0)


def type_label(insurance_type: str) -> str:
    return str(InsuranceType(insurance_type).label)


def calc_lines(lines: Iterable[arrears_calc.Line]) -> list[MoneyLine]:
    """``money_lines`` of a 申报表 row from its calculated back-payment lines."""
    return [
        MoneyLine(
            type_label(line.insurance_type),
            line.unit_amount,
            line.individual_amount,
            line.interest + line.late_fee,
        )
        for line in lines
    ]


def _summed(rows: Iterable[Mapping[str, Any]], title: str) -> MoneySummary | None:
    lines = tuple(
        MoneyLine(
            type_label(r["insurance_type"]),
            r["unit_sum"] or ZERO,
            r["person_sum"] or ZERO,
            r.get("other") or ZERO,
            r["persons"],
        )
        for r in rows
    )
    return MoneySummary(lines=lines, title=title) if lines else None


def arrears_money(
    spec: Any,
    *,
    unit: Unit,
    rows: list[Any],
    values: list[dict[str, Any]],
    effect: Mapping[str, Any] | None,
) -> MoneySummary | None:
    """补缴: the approved lines per type (one query), else the 申报表's worked-out lines."""
    title = _("补缴金额")
    if effect is None:
        return summary_from_values(values, title=title, label=_("本次申报"))
    found = (
        ArrearsLine.objects.filter(arrears_id__in=effect.get("arrears") or [])
        .values("insurance_type")
        .annotate(
            unit_sum=Sum("unit_amount"),
            person_sum=Sum("individual_amount"),
            interest_sum=Sum("interest"),
            late_fee_sum=Sum("late_fee"),
            persons=Count("person", distinct=True),
        )
        .order_by("insurance_type")
    )
    return _summed(
        ({**r, "other": (r["interest_sum"] or ZERO) + (r["late_fee_sum"] or ZERO)} for r in found),
        title,
    )


def refund_money(
    spec: Any,
    *,
    unit: Unit,
    rows: list[Any],
    values: list[dict[str, Any]],
    effect: Mapping[str, Any] | None,
) -> MoneySummary | None:
    """退收: the refunded lines per type once recorded, else the 申报表's lines."""
    title = _("退费金额")
    if effect is None:
        return summary_from_values(values, title=title, label=_("本次申报"))
    found = (
        RefundLine.objects.filter(refund_id__in=effect.get("refunds") or [])
        .values("insurance_type")
        .annotate(
            unit_account=Sum("unit_to_account"),
            unit_pooling=Sum("unit_to_pooling"),
            person_account=Sum("individual_to_account"),
            person_pooling=Sum("individual_to_pooling"),
            persons=Count("refund__person", distinct=True),
        )
        .order_by("insurance_type")
    )
    return _summed(
        (
            {
                "insurance_type": r["insurance_type"],
                "unit_sum": (r["unit_account"] or ZERO) + (r["unit_pooling"] or ZERO),
                "person_sum": (r["person_account"] or ZERO) + (r["person_pooling"] or ZERO),
                "persons": r["persons"],
            }
            for r in found
        ),
        title,
    )


__all__ = ["arrears_money", "calc_lines", "refund_money", "type_label"]
