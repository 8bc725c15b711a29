"""【模板下载】: the roster template (.xlsx) of a spec, laid out like the manual's.

Sheet 1 is the 申报表 itself: title, the 管理单位 lines, a header with group columns
(参保险种 over its three ticks), the example row and the instruction line, then empty rows
pre-formatted as text so Excel never turns an ID number into ``5.10725E+17`` or a date
into a serial number. Drop-downs offer √ and the coded lists.

The notes (说明, the declaration and signature lines) go on a second sheet, 填写说明,
not under the data area: people insert and paste thousands of rows, and a footer sitting
in the middle of the data is the first thing that gets overwritten or read as a person.
The reader still skips a footer if someone adds one (hand-made files copy the paper form).
"""

from __future__ import annotations

import io
import re
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from shebao.core.language import official_language

from ..roster import RosterFormat, roster_format
from ..rows import Column
from ..spec import ServiceSpec, Template

#: Data rows formatted as text cell by cell (the whole column also gets a text style).
TEXT_ROWS = 2000
#: Drop-downs reach this far down.
VALIDATION_ROWS = 100_000
CODES_SHEET = "代码表"
NOTES_SHEET = "填写说明"
INLINE_LIST_MAX = 250  # Excel's limit for a comma-separated list is 255 characters

THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
EXAMPLE_FONT = Font(color="808080", italic=True)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
TEXT = "@"

KIND_HELP = {
    "text": "文本",
    "date": "日期，格式 YYYY-MM-DD，例如 2021-03-12",
    "tick": "勾选填 √，不勾选留空",
    "choice": "从下拉列表中选择",
    "money": "金额（元），最多两位小数",
}


@official_language
def template_xlsx(spec: ServiceSpec[Any] | RosterFormat) -> bytes:
    """The roster template of a spec (or of a bare file layout) as .xlsx bytes."""
    layout = roster_format(spec)
    template = layout.template or Template(title=layout.title)
    columns = layout.columns()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _sheet_title(template.title)
    codes = book.create_sheet(CODES_SHEET)
    first_data = _layout(sheet, template, columns)
    _validations(sheet, codes, columns, first_data)
    codes.sheet_state = "hidden"
    _notes(book.create_sheet(NOTES_SHEET, 1), layout, template, columns)
    book.active = 0
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def coded_choices(col: Column) -> list[str]:
    """Choice values as the example writes them: "01 汉族" when the example has a code."""
    match = re.match(r"^(\d+)\s", col.example)
    if not match:
        return list(col.choices)
    width = len(match.group(1))
    return [
        f"{col.codes.get(name) or f'{i:0{width}d}'} {name}"
        for i, name in enumerate(col.choices, start=1)
    ]


def _sheet_title(title: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "", title)[:31] or "报盘"


def _layout(sheet: Worksheet, template: Template, columns: list[Column]) -> int:
    """Title, header lines, the (two-row) header, example and instruction; returns the first data row."""
    last = len(columns) + 1
    last_letter = get_column_letter(last)
    sheet.cell(1, 1, template.title).font = Font(bold=True, size=16)
    sheet.cell(1, 1).alignment = CENTRE
    sheet.merge_cells(f"A1:{last_letter}1")
    sheet.row_dimensions[1].height = 32
    row = 2
    for line in template.header_lines:
        sheet.cell(row, 1, line).alignment = LEFT
        sheet.merge_cells(f"A{row}:{last_letter}{row}")
        row += 1

    top, leaf = row, row + 1
    for first_row, first_col, last_row, last_col, text in head_spans(columns):
        _head(sheet, top + first_row, first_col + 1, text)
        if (first_row, first_col) != (last_row, last_col):
            sheet.merge_cells(
                start_row=top + first_row,
                start_column=first_col + 1,
                end_row=top + last_row,
                end_column=last_col + 1,
            )
    sheet.row_dimensions[top].height = 22
    sheet.row_dimensions[leaf].height = 30

    example = leaf + 1
    for pos, value in enumerate(["1", *[c.example for c in columns]], start=1):
        cell = sheet.cell(example, pos, value)
        cell.number_format = TEXT
        cell.font = EXAMPLE_FONT
        cell.border = BOX
        cell.alignment = CENTRE
    instruction = example + 1
    note = sheet.cell(instruction, 1, template.instruction + _("（不要删除示例和本行说明文字）"))
    note.font = Font(color="C00000", bold=True)
    note.alignment = LEFT
    sheet.merge_cells(f"A{instruction}:{last_letter}{instruction}")

    first_data = instruction + 1
    widths = [6, *[_width(c) for c in columns]]
    for pos, width in enumerate(widths, start=1):
        letter = get_column_letter(pos)
        sheet.column_dimensions[letter].width = width
        sheet.column_dimensions[letter].number_format = TEXT  # new cells typed anywhere
        for r in range(first_data, first_data + TEXT_ROWS):
            sheet.cell(r, pos).number_format = TEXT
    sheet.freeze_panes = sheet.cell(example, 2)
    sheet.print_title_rows = f"{top}:{leaf}"
    return first_data


def _label(col: Column) -> str:
    return col.header  # the manual's own header, e.g. "城镇职工养老保险 (A)"


def head_spans(
    columns: list[Column], extra: tuple[str, ...] = ()
) -> list[tuple[int, int, int, int, str]]:
    """The template's two header rows as (first row, first column, last row, last column,
    text), 0-based from the first header row and column A: 序号, then each column (a group
    such as 参保险种 spans its ticks above their labels), then ``extra`` columns (the
    failed-rows workbook's 原行号 and reasons), which the reader ignores."""
    spans = [(0, 0, 1, 0, "序号")]
    pos = 0
    while pos < len(columns):
        col = columns[pos]
        if col.group:
            span = 1
            while pos + span < len(columns) and columns[pos + span].group == col.group:
                span += 1
            spans.append((0, pos + 1, 0, pos + span, col.group))
            spans += [
                (1, pos + 1 + k, 1, pos + 1 + k, _label(columns[pos + k])) for k in range(span)
            ]
            pos += span
        else:
            spans.append((0, pos + 1, 1, pos + 1, _label(col)))
            pos += 1
    spans += [
        (0, len(columns) + 1 + k, 1, len(columns) + 1 + k, text) for k, text in enumerate(extra)
    ]
    return spans


def _head(sheet: Worksheet, row: int, column: int, text: str) -> None:
    cell = sheet.cell(row, column, text)
    cell.font = Font(bold=True)
    cell.alignment = CENTRE
    cell.fill = HEAD_FILL
    cell.border = BOX


def _width(col: Column) -> float:
    def size(text: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

    longest = max(size(_label(col)), size(col.example), *(size(c) for c in coded_choices(col)[:60]))
    if col.name == "id_number" or col.kind == "date":
        longest = max(longest, 20)
    return min(max(longest + 2, 8), 36)


def _validations(sheet: Worksheet, codes: Worksheet, columns: list[Column], first: int) -> None:
    code_column = 0
    for pos, col in enumerate(columns, start=2):
        letter = get_column_letter(pos)
        cells = f"{letter}{first}:{letter}{first + VALIDATION_ROWS - 1}"
        if col.kind == "tick":
            rule = DataValidation(type="list", formula1='"√"', allow_blank=True)
            rule.error = _("勾选请填 √，不勾选请留空")
        elif col.kind == "choice" and col.choices:
            values = coded_choices(col)
            inline = ",".join(values)
            if len(inline) <= INLINE_LIST_MAX and not any("," in v for v in values):
                rule = DataValidation(type="list", formula1=f'"{inline}"', allow_blank=True)
            else:
                code_column += 1
                code_letter = get_column_letter(code_column)
                codes.cell(1, code_column, col.label)
                for r, value in enumerate(values, start=2):
                    codes.cell(r, code_column, value)
                end = len(values) + 1
                rule = DataValidation(
                    type="list",
                    formula1=f"'{CODES_SHEET}'!${code_letter}$2:${code_letter}${end}",
                    allow_blank=True,
                )
            rule.error = _("请从下拉列表中选择%(c)s") % {"c": col.label}
        else:
            continue
        rule.errorTitle = col.label
        rule.showErrorMessage = True
        rule.prompt = KIND_HELP[col.kind]
        rule.showInputMessage = True
        sheet.add_data_validation(rule)
        rule.add(cells)


def _notes(
    sheet: Worksheet, layout: RosterFormat, template: Template, columns: list[Column]
) -> None:
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 44
    sheet.column_dimensions["D"].width = 24
    sheet.cell(1, 1, f"{template.title} {NOTES_SHEET}").font = Font(bold=True, size=14)
    lines = [
        template.instruction + _("；示例行和说明行不要删除，系统会自动跳过。"),
        _("所有单元格均为文本格式，身份证号码、日期请直接输入，不要改为数字或日期格式。"),
        _("下表列出每一列是否必填及填写要求；勾选类的列填 √，不勾选留空。"),
        *template.notes,
        template.footer,
        _(
            "单位负责人：          单位经办人：          联系电话：          填报日期：    年  月  日"
        ),
    ]
    row = 3
    for line in lines:
        cell = sheet.cell(row, 1, line)
        cell.alignment = LEFT
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        sheet.row_dimensions[row].height = 32 if len(line) > 60 else 18
        row += 1
    row += 1
    for pos, text in enumerate((_("列名"), _("是否必填"), _("填写要求"), _("示例")), start=1):
        _head(sheet, row, pos, text)
    for col in columns:
        row += 1
        name = f"{col.group}/{col.header}" if col.group else col.header
        need = _("必填") if col.required else _("选填")
        rule = KIND_HELP.get(col.kind, "")
        if col.kind == "choice":
            rule += _("（%(n)d 项）") % {"n": len(col.choices)}
        for pos, value in enumerate((name, need, col.help or rule, col.example), start=1):
            cell = sheet.cell(row, pos, value)
            cell.border = BOX
            cell.alignment = LEFT
            cell.number_format = TEXT
