"""Reading an uploaded roster (报盘): .xlsx, .xls or .csv, into ``(row number, raw dict)`` rows.

The file type is decided by its content, never by its name; this module checks the file as a
whole and turns it into grids. Finding the header and the data rows in a grid is
:mod:`.table`'s; a cell's text (as a person sees it in Excel) is :mod:`.cells`'. No
database access here.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass
from typing import Any

import python_calamine as calamine
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.errors import InvalidValue

from ..roster import RosterFormat, roster_format
from ..spec import ServiceSpec
from .gcpause import gc_paused
from .guard import DAMAGED, check_csv, check_grid, check_xls, check_xlsx
from .labels import LabelIndex
from .table import Grid, Roster, pick_sheet, roster_rows

XLSX, XLS, CSV = "xlsx", "xls", "csv"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

ACCEPTED = gettext_noop("请上传 .xlsx、.xls 或 .csv（UTF-8 或 GBK 编码）格式的报盘文件")


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
        grid, header = pick_sheet(grids, index)
        roster = roster_rows(layout, grid, header)
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


__all__ = [
    "CSV",
    "XLS",
    "XLSX",
    "Declared",
    "Roster",
    "check_size",
    "read_roster",
    "roster_guard",
    "sniff",
]
