"""What a money service confirms: amounts per insurance type, unit and person, and totals.

A spec answers ``money_summary`` with a ``MoneySummary``; the engine prints it the same way
on the wizard's confirmation (step 3), the result page, the case page and the 申报表 PDF
(``cases/_money.html``), so no service copies a template to show its money. Amounts are
``Decimal`` yuan; formatting is the template's (``{{ amount|money }}``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

ZERO = Decimal(0)


@dataclass(frozen=True)
class MoneyLine:
    """One line: an insurance type (or a 待征集 item), what the unit and the persons pay,
    and ``other`` (利息 and 滞纳金) when the service charges them."""

    label: str
    unit_amount: Decimal = ZERO
    person_amount: Decimal = ZERO
    other: Decimal = ZERO
    headcount: int | None = None

    @property
    def total(self) -> Decimal:
        return self.unit_amount + self.person_amount + self.other


@dataclass(frozen=True)
class MoneySummary:
    """The lines and their totals, with the words that say what the total is."""

    lines: tuple[MoneyLine, ...]
    #: What the total is (应缴金额, 退费金额…), translated; "" prints 应缴金额.
    title: str = ""
    #: e.g. 按当前参保和缴费基数试算，提交后以生成的应缴数据为准
    note: str = ""
    #: The heading of ``other``; "" prints 利息及滞纳金.
    other_label: str = ""

    @property
    def unit_total(self) -> Decimal:
        return sum((line.unit_amount for line in self.lines), ZERO)

    @property
    def person_total(self) -> Decimal:
        return sum((line.person_amount for line in self.lines), ZERO)

    @property
    def other_total(self) -> Decimal:
        return sum((line.other for line in self.lines), ZERO)

    @property
    def total(self) -> Decimal:
        return sum((line.total for line in self.lines), ZERO)

    @property
    def has_other(self) -> bool:
        return any(line.other for line in self.lines)

    @property
    def has_headcount(self) -> bool:
        return any(line.headcount is not None for line in self.lines)

    @property
    def headcount_total(self) -> int:
        return sum(line.headcount or 0 for line in self.lines)


def money_lines(lines: Iterable[MoneyLine]) -> tuple[MoneyLine, ...]:
    """Lines of the same label added together, in first-seen order (two rows of one type)."""
    merged: dict[str, MoneyLine] = {}
    for line in lines:
        seen = merged.get(line.label)
        if seen is None:
            merged[line.label] = line
            continue
        headcount = (
            None
            if seen.headcount is None and line.headcount is None
            else (seen.headcount or 0) + (line.headcount or 0)
        )
        merged[line.label] = MoneyLine(
            seen.label,
            seen.unit_amount + line.unit_amount,
            seen.person_amount + line.person_amount,
            seen.other + line.other,
            headcount,
        )
    return tuple(merged.values())


def _amount(value: Any) -> Decimal:
    if value in (None, ""):
        return ZERO
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return ZERO


#: ``report_computed`` names the default summary reads (unit, person, other, grand total).
UNIT_FIELDS = ("unit_amount", "premium")
PERSON_FIELDS = ("individual_amount",)
OTHER_FIELDS = ("interest", "late_fee")


def summary_from_values(
    values: Sequence[Mapping[str, Any]], *, title: str, label: str
) -> MoneySummary | None:
    """The lines a row's computed values carry under ``money_lines`` (by insurance type),
    else one line from the 申报表's computed columns: the default of services that work
    out unit / person amounts per row but not by insurance type (工伤保险费).

    Person amount: ``individual_amount``, else ``total`` less the unit's and the fees.
    None when no row has any of those columns.
    """
    typed = [line for v in values for line in v.get("money_lines") or ()]
    if typed:  # the rows' own lines by insurance type
        return MoneySummary(lines=money_lines(typed), title=title)
    names = {*UNIT_FIELDS, *PERSON_FIELDS, *OTHER_FIELDS, "total"}
    if not any(name in v for v in values for name in names):
        return None
    unit = person = other = ZERO
    for v in values:
        row_unit = sum((_amount(v.get(n)) for n in UNIT_FIELDS), ZERO)
        row_other = sum((_amount(v.get(n)) for n in OTHER_FIELDS), ZERO)
        if any(n in v for n in PERSON_FIELDS):
            row_person = sum((_amount(v.get(n)) for n in PERSON_FIELDS), ZERO)
        else:
            row_person = max(_amount(v.get("total")) - row_unit - row_other, ZERO)
        unit, person, other = unit + row_unit, person + row_person, other + row_other
    return MoneySummary(lines=(MoneyLine(label, unit, person, other, len(values)),), title=title)


__all__ = ["MoneyLine", "MoneySummary", "money_lines", "summary_from_values"]
