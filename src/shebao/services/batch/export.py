"""Query exports as .xlsx: constant memory, formulas neutralised; every cell text but
money, which stays a number (shown #,##0.00) so a clerk can add it up in the sheet."""

from __future__ import annotations

import io
from collections.abc import Collection, Iterable
from decimal import Decimal

import xlsxwriter

from shebao.core.masking import Sensitive

from ..queries import QuerySpec, export_rows
from .errorbook import safe_cell


def query_workbook(
    spec: QuerySpec,
    objs: Iterable[object],
    *,
    subtitle: str = "",
    full: Collection[Sensitive] = (),
) -> bytes:
    """The rows as .xlsx, sensitive columns masked unless their kind is in ``full``."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": True})
    sheet = book.add_worksheet(spec.title[:31])
    title = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "bg_color": "#EEF2F8", "border": 1})
    text = book.add_format({"num_format": "@", "border": 1})
    money = book.add_format({"num_format": "#,##0.00", "border": 1})
    sheet.write_string(0, 0, spec.title, title)
    sheet.write_string(1, 0, subtitle)
    for col, column in enumerate(spec.columns):
        sheet.write_string(2, col, column.label, head)
        sheet.set_column(col, col, max(10, len(column.label) * 2 + 2))
    row = 3
    for cells in export_rows(spec, objs, full=full):
        for col, value in enumerate(cells):
            if isinstance(value, Decimal):
                sheet.write_number(row, col, float(value), money)
            else:
                sheet.write_string(row, col, safe_cell(value), text)
        row += 1
    book.close()
    return buffer.getvalue()
