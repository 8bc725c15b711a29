"""The money of documents issued through a case (§3.3.26 bills, §3.3.24/25 premiums):
what the ticked 待征集信息 would bill before submitting, what the bills hold after.

Lines go by insurance type (and by period when the case covers several), so the unit sees
on the confirmation page the same unit / person split the 应缴认定单 will print.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.registry.choices import InsuranceType
from shebao.registry.models import Unit
from shebao.services.money import MoneyLine, MoneySummary, money_lines

from ..bills import PendingItem, bill_list
from ..models import BillKind, BillLine

PICKED = gettext_noop("按所选的待征集信息计算，提交后生成单据")
FEES_LATER = gettext_noop("利息和滞纳金在开具单据时生成，以单据为准")


def _types(types: Iterable[str]) -> str:
    return "、".join(str(InsuranceType(t).label) for t in types)


def _span(period_from: str, period_to: str) -> str:
    return period_from if period_to in ("", period_from) else f"{period_from}-{period_to}"


def _title(kinds: set[str]) -> str:
    return _("退费金额") if kinds == {BillKind.REFUND} else _("应缴金额")


def pending_money(items: Sequence[PendingItem]) -> MoneySummary | None:
    """What issuing ``items`` bills: a line per type (per period and type over periods)."""
    if not items:
        return None
    spans = {_span(i.period_from, i.period_to) for i in items}
    lines = money_lines(
        MoneyLine(
            (f"{_span(i.period_from, i.period_to)} " if len(spans) > 1 else "")
            + _types(i.insurance_types),
            i.unit_amount,
            i.individual_amount,
            i.interest + i.late_fee,
            i.headcount,
        )
        for i in items
    )
    note = _(PICKED) + ("；" + _(FEES_LATER) if any(i.fees_on_billing for i in items) else "")
    return MoneySummary(lines=lines, title=_title({i.kind for i in items}), note=note)


def issued_money(
    unit: Unit, document_nos: Sequence[str], *, title: str = ""
) -> MoneySummary | None:
    """What the bills ``document_nos`` hold, per (period and) insurance type."""
    bills = list(bill_list(unit=unit).filter(document_no__in=document_nos))
    lines = list(BillLine.objects.filter(bill__in=bills).order_by("period", "insurance_type", "pk"))
    if not lines:
        return None
    spans = {_span(line.period, line.period_to) for line in lines}
    return MoneySummary(
        lines=money_lines(
            MoneyLine(
                (f"{_span(line.period, line.period_to)} " if len(spans) > 1 else "")
                + _types([line.insurance_type]),
                line.unit_amount,
                line.individual_amount,
                line.interest + line.late_fee,
                line.headcount or None,
            )
            for line in lines
        ),
        title=title or _title({b.kind for b in bills}),
    )


def revoked_money(
    spec: Any,
    *,
    unit: Unit,
    rows: list[Any],
    values: list[dict[str, Any]],
    effect: Mapping[str, Any] | None,
) -> MoneySummary | None:
    """§3.3.27: what the documents the rows name hold (and, revoked, held)."""
    numbers = [row.document_no for row in rows]
    return issued_money(unit, numbers, title=_("撤销的单据金额"))


__all__ = ["issued_money", "pending_money", "revoked_money"]
