"""The failed-rows workbook: the rows that did not pass, in the template's columns, with reasons.

The user fixes the rows in Excel and uploads the file again: the header is one row in the
manual's ``参保险种/城镇职工养老保险 (A)`` style, which the reader understands, and the
extra columns (原行号, 校验不通过原因) are ignored on upload. Every cell is written as
text; a value starting with ``= + - @`` is prefixed with ``'`` so no spreadsheet ever runs
it as a formula (CSV injection), and the reader takes the ``'`` off again.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

import xlsxwriter
from django.utils.translation import gettext as _

from ..rows import Column
from ..spec import RowError, ServiceSpec
from .readers import FORMULA_CHARS, cell_text, tick_text

ROW_NO = "原行号"
REASONS = "校验不通过原因"


class _ValidatedLike(Protocol):
    row: int
    raw: dict[str, Any]
    errors: list[RowError]


class _CaseRowLike(Protocol):
    row_no: int
    raw: dict[str, Any]
    errors: list[dict[str, str]]


def safe_cell(value: Any, kind: str = "text") -> str:
    """The cell's text, neutralised if a spreadsheet would read it as a formula."""
    if isinstance(value, str):
        text = value
    else:
        text = tick_text(value) if kind == "tick" else cell_text(value)
    if text.startswith(FORMULA_CHARS):
        return "'" + text
    return text


def reasons_text(errors: Iterable[RowError | Mapping[str, str]]) -> str:
    """All reasons of a row, each naming its column: "【姓名】不能为空；【民族】..."."""
    parts = []
    for error in errors:
        if isinstance(error, RowError):
            column, message = error.column, error.message
        else:
            column, message = error.get("column", ""), error.get("message", "")
        parts.append((f"【{column}】" if column else "") + message)
    return "；".join(parts)


def header_label(col: Column) -> str:
    return f"{col.group}/{col.label}" if col.group else col.label


def failed_rows_xlsx(
    spec: ServiceSpec[Any], rows: Iterable[_ValidatedLike | _CaseRowLike]
) -> bytes:
    """An .xlsx of ``rows`` (ValidatedRow or CaseRow) with a 校验不通过原因 column."""
    columns = spec.row.columns()
    title = (spec.template.title if spec.template else spec.title) + _("（校验不通过数据）")
    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    sheet = book.add_worksheet(_("校验不通过数据"))
    text = book.add_format({"num_format": "@"})
    head = book.add_format(
        {"bold": True, "bg_color": "#DDEBF7", "border": 1, "align": "center", "valign": "vcenter"}
    )
    head.set_text_wrap()
    reason_format = book.add_format({"num_format": "@", "font_color": "#C00000"})
    width = len(columns) + 2
    sheet.set_column(0, 0, 8, text)
    for pos, col in enumerate(columns, start=1):
        sheet.set_column(pos, pos, 20 if col.name == "id_number" else 14, text)
    sheet.set_column(width - 1, width - 1, 60, reason_format)

    sheet.write_string(0, 0, title, book.add_format({"bold": True, "font_size": 14}))
    labels = [ROW_NO, *(header_label(c) for c in columns), REASONS]
    for pos, label in enumerate(labels):
        sheet.write_string(1, pos, label, head)
    sheet.set_row(1, 30)
    sheet.freeze_panes(2, 1)

    line = 2
    for item in rows:
        number = item.row if hasattr(item, "row") else item.row_no  # type: ignore[union-attr]
        raw = item.raw or {}
        sheet.write_string(line, 0, str(number), text)
        for pos, col in enumerate(columns, start=1):
            value = raw.get(col.name)
            if value is not None and value != "":
                sheet.write_string(line, pos, safe_cell(value, col.kind), text)
        sheet.write_string(line, width - 1, safe_cell(reasons_text(item.errors)), reason_format)
        line += 1
    book.close()
    return out.getvalue()
