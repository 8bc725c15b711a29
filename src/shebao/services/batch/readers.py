"""Reading an uploaded roster (报盘): .xlsx, .xls or .csv, into ``(row number, raw dict)`` rows.

The file type is decided by its content, never by its name. The header is found by its
labels (our template, the manual's own template and hand-made files all work); the example
row, the instruction line, blank rows and the footer (合计, 说明, signatures) are skipped.
Cells become the text a person sees in Excel, so a stored row re-validates the same way
later, and an 18-digit ID that Excel turned into a number arrives as ``5.10725E+17`` for
:mod:`shebao.core.ids` to explain. No database access here.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import python_calamine as calamine
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.errors import InvalidValue

from ..roster import RosterFormat, roster_format
from ..spec import ServiceSpec
from .gcpause import gc_paused
from .guard import DAMAGED, check_cell, check_csv, check_grid, check_xls, check_xlsx
from .labels import LabelIndex, normalise

XLSX, XLS, CSV = "xlsx", "xls", "csv"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEADER_SEARCH_ROWS = 15
INSTRUCTION_MARK = normalise("以上一行填写示例")
FOOTER_PREFIXES = tuple(
    normalise(p)
    for p in (
        "合计",
        "合 计",
        "总计",
        "说明",
        "填报说明",
        "填表说明",
        "以上事项",
        "以上填报",
        "单位负责人",
        "单位经办人",
        "经办人:",
        "填报日期",
        "制表",
        "注:",
    )
)
_FOOTER_FIRST_CHARS = frozenset(p[0] for p in FOOTER_PREFIXES) | {"*", " ", "\u3000"}
#: Characters that make a spreadsheet treat a cell as a formula; exports prefix them with '.
FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r")

ACCEPTED = gettext_noop("请上传 .xlsx、.xls 或 .csv（UTF-8 或 GBK 编码）格式的报盘文件")


@dataclass
class Roster:
    """The data rows of an upload, keyed by the row model's field names."""

    rows: list[tuple[int, dict[str, Any]]]
    header_row: int  # the (last) spreadsheet row of the header; data starts below it
    columns: list[str] = field(default_factory=list)  # field names found in the header
    kind: str = XLSX

    @property
    def total(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class Declared:
    """What a roster file declares before any grid is built: its type and the farthest line."""

    kind: str
    lines: int  # the farthest spreadsheet row or CSV line, header and footer included


def roster_guard(data: bytes, filename: str) -> Declared:
    """The cheap checks of a whole file, from its size, type and declared grid: cheap enough
    for the web request, which leaves the parse to the worker; a refusal raises InvalidValue."""
    if not data:
        raise InvalidValue(_("报盘文件是空的。") + _(ACCEPTED))
    check_size(len(data))
    kind = sniff(data, filename)
    if kind == XLSX:
        lines = check_xlsx(data)  # before calamine builds any grid
    elif kind == XLS:
        lines = check_xls(data)
    else:
        lines = check_csv(_csv_text(data))
    return Declared(kind=kind, lines=lines)


def check_size(size: int) -> None:
    """The file's size, checked before an upload is read into memory, and again by the guard."""
    if size > settings.IMPORT_MAX_BYTES:
        raise InvalidValue(
            _("报盘文件不能超过 %(m)d MB，当前文件为 %(s).1f MB")
            % {"m": settings.IMPORT_MAX_BYTES // (1024 * 1024), "s": size / (1024 * 1024)}
        )


def read_roster(
    spec: ServiceSpec[Any] | RosterFormat,
    data: bytes,
    filename: str,
    *,
    declared: Declared | None = None,
) -> Roster:
    """Read an upload laid out as ``spec`` (a service's roster or a bare file layout); any
    problem with the file as a whole raises InvalidValue.
    ``declared``: the guard's answer when the caller has run it already."""
    layout = roster_format(spec)
    kind = (declared or roster_guard(data, filename)).kind
    index = LabelIndex.of(layout.columns())
    with gc_paused():
        grids = [_csv_grid(_csv_text(data))] if kind == CSV else _workbook_grids(data, kind)
        grid, header = _pick_sheet(grids, index)
        roster = _rows(layout, grid, header)
        del grids, grid
    roster.kind = kind
    if not roster.rows:
        raise InvalidValue(_("报盘文件中没有数据：请从示例行下面一行开始，每行填写一个人"))
    return roster


# -- file type --------------------------------------------------------------------------


def sniff(data: bytes, filename: str) -> str:
    """xlsx (a zip holding xl/workbook.xml), xls (OLE2) or csv (text); anything else refused."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:  # cut short (an interrupted upload) or not a zip at all
            raise InvalidValue(_(DAMAGED))
        if "xl/workbook.xml" in names:
            return XLSX
        raise InvalidValue(_("该文件是压缩包或其他 Office 文档，不是 Excel 报盘。") + _(ACCEPTED))
    if data[:8] == OLE2_MAGIC:
        return XLS
    if ext in {"xlsx", "xlsm", "xls", "et"}:
        raise InvalidValue(
            _("文件扩展名为 .%(e)s，但内容不是 Excel 工作簿（可能已损坏，或只是改了扩展名）。")
            % {"e": ext}
            + _(ACCEPTED)
        )
    if _looks_binary(data[:4096]):
        raise InvalidValue(_("无法识别该文件的格式。") + _(ACCEPTED))
    return CSV


def _looks_binary(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False  # Excel's "Unicode text" export
    return any(b < 32 and b not in (9, 10, 13) for b in head)


# -- grids: lists of (row number, cells) -------------------------------------------------


Grid = list[list[Any]]  # row i is spreadsheet row i + 1


def _workbook_grids(data: bytes, kind: str) -> list[Grid]:
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        visible = [
            i
            for i, meta in enumerate(book.sheets_metadata)
            if meta.visible == calamine.SheetVisibleEnum.Visible
            and meta.typ == calamine.SheetTypeEnum.WorkSheet
        ]
        grids = []
        for i in visible or [0]:
            sheet = book.get_sheet_by_index(i)
            check_grid(sheet.name, sheet.total_height, sheet.total_width)
            grids.append(sheet.to_python(skip_empty_area=False))
        return grids
    except calamine.PasswordError:
        raise InvalidValue(_("该 Excel 文件设置了打开密码，请取消密码后重新上传"))
    except InvalidValue:
        raise
    except Exception:  # calamine raises several error types for damaged files
        name = "Excel 2007 (.xlsx)" if kind == XLSX else "Excel 97-2003 (.xls)"
        raise InvalidValue(
            _("无法读取该 %(k)s 文件，文件可能已损坏；请用 Excel 打开后另存为 .xlsx 再上传")
            % {"k": name}
        )


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    for encoding in ("utf-8", "gbk", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidValue(
        _("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GBK 编码的 CSV 文件，或 .xlsx 文件")
    )


def _csv_text(data: bytes) -> str:
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        raise InvalidValue(_("CSV 文件的编码不正确，请另存为 UTF-8 或 GBK 编码后重新上传"))
    if "\x00" in text:
        raise InvalidValue(_("无法识别该文件的格式。") + _(ACCEPTED))
    return text


def _csv_grid(text: str) -> Grid:
    head = text[:8192]  # Excel's "Unicode text" is tab-separated
    delimiter = "\t" if head.count("\t") > head.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    grid: Grid = []
    line = 0
    try:
        for record in reader:
            # Line numbers as an editor shows them; a quoted cell may span lines.
            start = line + 1
            while len(grid) < start - 1:
                grid.append([])
            grid.append(record)
            line = reader.line_num
    except csv.Error as exc:
        raise InvalidValue(_("CSV 文件第 %(n)d 行格式错误：%(e)s") % {"n": line + 1, "e": exc})
    return grid


# -- header ------------------------------------------------------------------------------


@dataclass
class Header:
    positions: dict[int, str]  # column index -> field name
    last_row: int  # index in the grid of the header's last row
    score: int


def _match_row(
    cells: Sequence[Any], index: LabelIndex, taken: set[str]
) -> tuple[dict[int, str], int]:
    found: dict[int, str] = {}
    unmatched = 0
    for pos, cell in enumerate(cells):
        if cell is None or cell == "" or not isinstance(cell, str):
            if cell not in (None, ""):
                unmatched += 1
            continue
        name = index.match(cell)
        if name is None or name in taken or name in found.values():
            unmatched += 1
            continue
        found[pos] = name
    return found, unmatched


def _find_header(grid: Grid, index: LabelIndex) -> Header | None:
    best: tuple[int, dict[int, str]] | None = None
    for i, cells in enumerate(grid[:HEADER_SEARCH_ROWS]):
        found, _unmatched = _match_row(cells, index, set())
        if found and (best is None or len(found) > len(best[1])):
            best = (i, found)
    if best is None:
        return None
    i, positions = best
    last = i
    # A two-row header: group names above their leaf columns (参保险种 / 城镇职工养老保险 ...).
    for j in (i + 1, i - 1):
        if 0 <= j < len(grid):
            extra, unmatched = _match_row(grid[j], index, set(positions.values()))
            extra = {p: n for p, n in extra.items() if p not in positions}
            if extra and len(extra) >= unmatched:
                positions.update(extra)
                last = max(last, j)
    return Header(positions, last, len(positions))


def _pick_sheet(grids: list[Grid], index: LabelIndex) -> tuple[Grid, Header | None]:
    best: tuple[Grid, Header | None] = (grids[0] if grids else [], None)
    for grid in grids:
        header = _find_header(grid, index)
        if header is not None and (best[1] is None or header.score > best[1].score):
            best = (grid, header)
    return best


# -- cells -------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """The text Excel shows for a cell: 100000.0 -> "100000", 5.10725199301018e+17 -> "5.10725E+17"."""
    kind = type(value)
    if kind is str:
        text: str = value.strip()
        if text[:1] == "'" and text[1:2] in FORMULA_CHARS:  # undo our own formula guard
            text = text[1:]
        return text
    if kind is float:
        if value.is_integer():
            # An 18-digit number has lost its last digits: show it the way Excel does.
            return f"{value:.5E}" if abs(value) >= 1e15 else str(int(value))
        return repr(value)
    if kind is int:
        return str(value)
    if kind is bool:
        return "TRUE" if value else "FALSE"
    if kind is dt.datetime:
        if value.time() == dt.time():
            return str(value.date().isoformat())
        return str(value.replace(microsecond=0))
    if kind is dt.date:
        return str(value.isoformat())
    if value is None:
        return ""
    return str(value).strip()


def tick_text(value: Any) -> str:
    if value is True:
        return "√"
    if value is False:
        return ""
    return cell_text(value)


CONVERTERS: dict[str, Callable[[Any], str]] = {"tick": tick_text}


# -- rows --------------------------------------------------------------------------------


def _missing(layout: RosterFormat, found: set[str]) -> list[str]:
    return [c.label for c in layout.columns() if c.required and c.name not in found]


def _is_footer(cells: Sequence[Any]) -> bool:
    for cell in cells:
        if cell is None or cell == "":
            continue
        if type(cell) is not str or cell[0] not in _FOOTER_FIRST_CHARS:
            return False
        return normalise(cell).startswith(FOOTER_PREFIXES)
    return False


def _is_instruction(cells: Sequence[Any]) -> bool:
    return any(type(c) is str and INSTRUCTION_MARK in normalise(c) for c in cells if c)


def _rows(layout: RosterFormat, grid: Grid, header: Header | None) -> Roster:
    columns = layout.columns()
    if header is None:
        labels = "、".join(c.label for c in columns if c.required)
        raise InvalidValue(
            _(
                "报盘文件前 %(n)d 行中没有找到表头，请使用【模板下载】得到的模板填写"
                "（表头应包含：%(l)s）"
            )
            % {"n": HEADER_SEARCH_ROWS, "l": labels}
        )
    missing = _missing(layout, set(header.positions.values()))
    if missing:
        raise InvalidValue(_("报盘文件缺少必填列：%(c)s") % {"c": "、".join(missing)})

    kinds = {c.name: c.kind for c in columns}
    mapped = sorted(
        (pos, name, CONVERTERS.get(kinds[name], cell_text))
        for pos, name in header.positions.items()
    )
    found = set(header.positions.values())
    examples = {c.name: cell_text(c.example) for c in columns if c.name in found and c.example}
    start = header.last_row + 1
    cell_limit = settings.IMPORT_MAX_CELL_CHARS
    column_labels = {c.name: c.label for c in columns}

    # The instruction line sits right below the example row; whatever lies between the
    # header and it is the example (the manual's own template masks the example ID).
    instruction = next(
        (i for i in range(start, min(start + 5, len(grid))) if _is_instruction(grid[i])), None
    )
    rows: list[tuple[int, dict[str, Any]]] = []
    for i in range(start, len(grid)):
        cells = grid[i]
        width = len(cells)
        values: dict[str, Any] = {}
        for pos, name, convert in mapped:
            if pos < width:
                value = cells[pos]
                if type(value) is str:  # the common case, inlined (as cell_text does it)
                    text = value.strip()
                    if text[:1] == "'" and text[1:2] in FORMULA_CHARS:
                        text = text[1:]
                elif value is None or value == "":
                    continue
                else:
                    text = convert(value)
                if text:
                    if len(text) > cell_limit:
                        check_cell(text, row=i + 1, column=column_labels[name])
                    values[name] = text
        if _is_footer(cells):
            break
        if not values:
            continue
        if instruction is not None and i <= instruction:
            if i == instruction or _like_example(values, examples, strict=False):
                continue
        elif _like_example(values, examples, strict=True):
            continue
        rows.append((i + 1, values))
    return Roster(
        rows=rows, header_row=header.last_row + 1, columns=[name for _p, name, _c in mapped]
    )


def _like_example(values: dict[str, Any], examples: dict[str, str], *, strict: bool) -> bool:
    if strict:  # every mapped cell as in the example (values holds the non-empty cells)
        return values == examples
    same = sum(1 for name, text in values.items() if examples.get(name) == text)
    return same >= 3 and same * 2 >= len(values)
