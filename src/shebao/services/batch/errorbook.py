"""The failed-rows workbook: the rows that did not pass, in the template's layout, with reasons.

The user fixes the rows in Excel and uploads the file again as it is (issue #12 §1): the
same title lines, two header rows, example and instruction line as 【模板下载】
(``template.head_spans``), the rows from the 序号 column on, and two extra columns after the
template's, 原行号 and 校验不通过原因, which the reader ignores on upload. Every cell is written as
text; a value starting with ``= + - @`` is prefixed with ``'`` so no spreadsheet ever runs
it as a formula (CSV injection), and the reader takes the ``'`` off again.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

import xlsxwriter
from django.utils.translation import gettext as _

from shebao.core.language import official_language

from ..roster import RosterFormat, roster_format
from ..rows import Column
from ..spec import RowError, ServiceSpec
from .cells import FORMULA_CHARS, cell_text, tick_text
from .template import head_spans

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
    return f"{col.group}/{col.header}" if col.group else col.header


def _header(sheet: Any, top: int, spans: list[tuple[int, int, int, int, str]], head: Any) -> None:
    """The template's two header rows, merged like it. In constant-memory mode a row is
    final once the next is written, so the cells go row by row and the merges are
    registered after (``merge_range`` would write both rows span by span)."""
    cells: dict[tuple[int, int], str] = {}
    for first_row, first_col, last_row, last_col, label in spans:
        for r in range(first_row, last_row + 1):
            for c in range(first_col, last_col + 1):
                cells[(r, c)] = label if (r, c) == (first_row, first_col) else ""
    for (r, c), label in sorted(cells.items()):
        sheet.write_string(top + r, c, label, head)
    for first_row, first_col, last_row, last_col, _label in spans:
        if (first_row, first_col) != (last_row, last_col):
            sheet.merge.append([top + first_row, first_col, top + last_row, last_col])


@official_language
def failed_rows_xlsx(
    spec: ServiceSpec[Any] | RosterFormat, rows: Iterable[_ValidatedLike | _CaseRowLike]
) -> bytes:
    """An .xlsx of ``rows`` (ValidatedRow or CaseRow) with 原行号 and 校验不通过原因 columns."""
    layout = roster_format(spec)
    columns = layout.columns()
    template = layout.template
    title = (template.title if template else layout.title) + _("（校验不通过数据）")
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
    example_format = book.add_format(
        {"num_format": "@", "font_color": "#808080", "italic": True, "border": 1}
    )
    reason_format = book.add_format({"num_format": "@", "font_color": "#C00000"})
    last = len(columns) + 2  # 序号, the columns, 原行号, reasons
    sheet.set_column(0, 0, 6, text)
    for pos, col in enumerate(columns, start=1):
        sheet.set_column(pos, pos, 20 if col.name == "id_number" else 14, text)
    sheet.set_column(last - 1, last - 1, 8, text)
    sheet.set_column(last, last, 60, reason_format)

    lines = [title, *(template.header_lines if template else ())]
    sheet.merge_range(0, 0, 0, last, lines[0], book.add_format({"bold": True, "font_size": 14}))
    for line, value in enumerate(lines[1:], start=1):
        sheet.merge_range(line, 0, line, last, value)
    top = len(lines)
    _header(sheet, top, head_spans(columns, (ROW_NO, REASONS)), head)
    sheet.set_row(top + 1, 30)
    example = top + 2
    for pos, value in enumerate(["1", *(c.example for c in columns)]):
        sheet.write_string(example, pos, value, example_format)
    instruction = (template.instruction if template else "以上一行为填写示例") + _(
        "（不要删除示例和本行说明文字；改正后可直接上传本文件）"
    )
    sheet.merge_range(
        example + 1, 0, example + 1, last, instruction, book.add_format({"font_color": "#C00000"})
    )
    sheet.freeze_panes(example, 1)

    line = example + 2
    for serial, item in enumerate(rows, start=1):
        number = item.row if hasattr(item, "row") else item.row_no
        raw = item.raw or {}
        sheet.write_string(line, 0, str(serial), text)
        for pos, col in enumerate(columns, start=1):
            cell = raw.get(col.name)
            if cell is not None and cell != "":
                sheet.write_string(line, pos, safe_cell(cell, col.kind), text)
        sheet.write_string(line, last - 1, str(number), text)
        sheet.write_string(line, last, safe_cell(reasons_text(item.errors)), reason_format)
        line += 1
    book.close()
    return out.getvalue()
