"""How declared rows look on screen: the spec's columns, values masked as the columns declare
(``column(..., sensitive=...)``), reasons per column.

Shared by the portal (校验结果, 办件记录) and the back office, so a reviewer sees the rows exactly
as the unit did.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError

from shebao.cases.models import CaseRow
from shebao.core.masking import mask
from shebao.services.rows import Column, DateValue, Tick
from shebao.services.spec import ServiceSpec

#: Columns the unit never types on screen: they are the greyed 单位基本信息 block.
UNIT_COLUMNS = frozenset({"unit_no", "unit_name"})

_TICK: TypeAdapter[bool] = TypeAdapter(Tick)
_DATE: TypeAdapter[dt.date] = TypeAdapter(DateValue)


def form_columns(spec: ServiceSpec) -> list[Column]:
    """The row's columns as the single-add form and the row tables show them."""
    return [c for c in spec.row.columns() if c.name not in UNIT_COLUMNS]


def tick_value(value: Any) -> bool | None:
    """True / False for what a tick cell holds, None if it is not a tick at all."""
    try:
        return _TICK.validate_python(value)
    except (ValidationError, ValueError):
        return None


def iso_date(value: Any) -> str:
    """``2021/3/12`` -> ``2021-03-12`` for a date input; "" when it is not a date."""
    if value in (None, ""):
        return ""
    try:
        return _DATE.validate_python(value).isoformat()
    except (ValidationError, ValueError):
        return ""


def cell_text(column: Column, value: Any, *, masked: bool = True) -> str:
    if value is None:
        return ""
    if column.kind == "tick":
        ticked = tick_value(value)
        return "√" if ticked else ("" if ticked is False else str(value))
    return mask(value, column.sensitive if masked else None)


@dataclass
class Cell:
    label: str
    text: str
    bad: bool = False
    name: str = ""
    sensitive: bool = False  # masked; a reviewer may reveal it (backoffice ``reveal``)


@dataclass
class SubTableView:
    """A sub-table of a row (工作经历) as a table under it: headers and cell texts."""

    name: str
    title: str
    headers: list[str]
    rows: list[list[str]]


@dataclass
class RowView:
    row_no: int
    passed: bool
    cells: list[Cell]
    errors: list[dict[str, str]] = field(default_factory=list)
    subtables: list[SubTableView] = field(default_factory=list)


def subtable_views(spec: ServiceSpec, values: dict[str, Any]) -> list[SubTableView]:
    """Each sub-table of the row, its sub-rows as typed or cleaned, masked like columns."""
    views = []
    for table in spec.row.subtables():
        columns = table.columns()
        subrows = values.get(table.name)
        rows = [
            [cell_text(c, sub.get(c.name)) for c in columns]
            for sub in (subrows if isinstance(subrows, list) else [])
            if isinstance(sub, dict)
        ]
        views.append(SubTableView(table.name, table.title, [c.label for c in columns], rows))
    return views


def row_view(spec: ServiceSpec, row: CaseRow, *, masked: bool = True) -> RowView:
    """A stored row for a table: the cleaned values when it passed, else what was typed."""
    values = row.cleaned if row.passed and row.cleaned else row.raw
    bad = {e.get("column", "") for e in row.errors}
    cells = [
        Cell(
            c.label,
            cell_text(c, values.get(c.name), masked=masked),
            c.label in bad,
            c.name,
            masked and c.sensitive is not None,
        )
        for c in form_columns(spec)
    ]
    return RowView(row.row_no, row.passed, cells, list(row.errors), subtable_views(spec, values))


def row_views(spec: ServiceSpec, rows: Any, *, masked: bool = True) -> list[RowView]:
    return [row_view(spec, r, masked=masked) for r in rows]
