"""Refusing hostile rosters from what they declare, before any grid is built.

calamine builds a dense grid from the first to the farthest cell, so one cell at
XFD1048576 makes it allocate 17 billion cells and the process aborts; a small .xlsx can
also hold a gigabyte of shared strings. Everything here looks at sizes and cell references
only, streaming the archive in bounded chunks, so a file is refused in well under a second
and with a few MB of memory, in the web process and in the worker alike. No database access.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator

import olefile
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.errors import InvalidValue

#: Data rows a roster may have (more: split the file), and the header rows above them.
MAX_ROWS = 200_000
ROW_SLACK = 65  # header search rows, example and footer lines
#: Columns a roster sheet may reach (our widest template has under 30).
MAX_COLUMNS = 256
#: Cells of a sheet's grid, first to farthest cell.
MAX_CELLS = 10_000_000
#: Parts of an .xlsx archive (a workbook of a few sheets has about 15).
MAX_MEMBERS = 500
#: A part expanding more than this many times is a zip bomb (real sheets: under 20).
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024  # small parts may compress well without harm
#: Any part other than a worksheet (shared strings, styles ...) is read whole by calamine.
MAX_PART_BYTES = 64 * 1024 * 1024
#: Longest CSV line in characters (a roster line is under 1 KB).
MAX_CSV_LINE = 16 * 1024
CHUNK = 1024 * 1024

TOO_MANY_ROWS = gettext_noop(
    "报盘文件最多 %(m)d 行，当前工作表“%(s)s”有 %(n)d 行；请分成多个文件上传"
)
AREA_TOO_BIG = gettext_noop(
    "工作表“%(s)s”的数据区域过大（%(h)d 行 × %(w)d 列）：请删除表格右侧或下方多余的内容后重新上传"
)
TOO_MANY_MEMBERS = gettext_noop(
    "报盘文件包含 %(n)d 个部件，超过 %(m)d 个的上限：请删除多余的工作表后重新上传"
)
UNPACKED_TOO_BIG = gettext_noop(
    "报盘文件解压后有 %(n)d MB，超过 %(m)d MB 的上限：请删除多余的内容，或分成多个文件上传"
)
PART_TOO_BIG = gettext_noop("报盘文件中的“%(p)s”解压后有 %(n)d MB，超过 %(m)d MB 的上限，已拒绝")
BOMB = gettext_noop(
    "报盘文件中的“%(p)s”压缩比异常（%(r)d 倍，上限 %(m)d 倍），疑似压缩炸弹，已拒绝"
)
DAMAGED = gettext_noop(
    "无法读取该 Excel 2007 (.xlsx) 文件，文件可能已损坏；请用 Excel 打开后另存为 .xlsx 再上传"
)
CELL_TOO_LONG = gettext_noop(
    "第 %(r)d 行【%(c)s】的内容有 %(n)d 个字符，超过 %(m)d 个字符的上限；请检查是否填错了列"
)
CSV_LINE_TOO_LONG = gettext_noop(
    "CSV 文件第 %(n)d 行过长（超过 %(m)d 个字符）：请检查是否缺少换行，或另存为 .xlsx 后上传"
)
CSV_TOO_MANY_ROWS = gettext_noop(
    "报盘文件最多 %(m)d 行，当前 CSV 文件有 %(n)d 行；请分成多个文件上传"
)
CSV_TOO_MANY_COLUMNS = gettext_noop(
    "CSV 文件第 %(n)d 行有 %(c)d 列，超过 %(m)d 列的上限：请删除多余的分隔符"
)

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref\s*=\s*["\']([^"\']*)["\']')
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})$")
# Cell and row references; the literal prefix keeps the scan at memchr speed. Only refs
# that could break a limit are collected: rows of 6+ digits, columns of 2+ letters.
_FAR_ROW = re.compile(rb'r="[A-Z]{0,3}(\d{6,})"')
_WIDE_COL = re.compile(rb'r="([A-Z]{2,})\d')
_ROW_TAG = re.compile(rb'<row r="(\d+)"')
_ANY_ROW = re.compile(rb'r="[A-Z]{0,3}(\d+)"')
_ANY_ROW_ANY = re.compile(rb'\sr\s*=\s*["\'][A-Z]{0,3}(\d+)["\']')
# The same with spaces around "=", used only when a chunk has such a spelling.
_FAR_ROW_ANY = re.compile(rb'\sr\s*=\s*["\'][A-Z]{0,3}(\d{6,})["\']')
_WIDE_COL_ANY = re.compile(rb'\sr\s*=\s*["\']([A-Z]{2,})\d')
# A cell with content (neither <c .../> nor <c ...></c>): the styled empty rows a template
# carries below its data do not count.
_VALUED = re.compile(rb'<c\s+r\s*=\s*["\'][A-Z]{1,3}(\d+)["\'](?:[^>]*[^/])?>(?!</c>)')
_NORMALISE = bytes.maketrans(b"'\t\n\r", b'"   ')
_RELATION = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTR = re.compile(rb'([\w:]+)\s*=\s*["\']([^"\']*)["\']')


def column_number(letters: str) -> int:
    """ "A" -> 1, "Z" -> 26, "XFD" -> 16384."""
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def check_grid(sheet: str, rows: int, columns: int) -> None:
    """Refuse a sheet whose grid (A1 to its farthest cell) is too big to build."""
    if rows > MAX_ROWS + ROW_SLACK:
        raise InvalidValue(_(TOO_MANY_ROWS) % {"m": MAX_ROWS, "s": sheet, "n": rows})
    if columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
        raise InvalidValue(_(AREA_TOO_BIG) % {"s": sheet, "h": rows, "w": columns})


def check_cell(text: str, *, row: int, column: str) -> None:
    """No name or address is thousands of characters long: such a cell is never stored."""
    limit = settings.IMPORT_MAX_CELL_CHARS
    if len(text) > limit:
        raise InvalidValue(_(CELL_TOO_LONG) % {"r": row, "c": column, "n": len(text), "m": limit})


# -- .xlsx ------------------------------------------------------------------------------


def check_xlsx(data: bytes) -> int:
    """Sizes, ratios and the farthest cell of every worksheet, from the zip alone; returns
    the farthest row with a value of any visible worksheet (the reader skips hidden ones)."""
    lines = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            _check_members(members)
            sheets = _worksheets(archive)
            for info in members:
                if info.is_dir():
                    continue
                sheet = sheets.get(info.filename)
                if sheet is None:
                    _drain(archive, info)  # the true size: zipfile stops at the declared one
                else:
                    name, hidden = sheet
                    reached = _scan_sheet(archive, info, name)
                    lines = lines if hidden else max(lines, reached)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,
        OSError,
    ):
        raise InvalidValue(_(DAMAGED))
    except RuntimeError:  # an encrypted member: calamine says so precisely
        return lines
    return lines


def _check_members(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise InvalidValue(_(TOO_MANY_MEMBERS) % {"n": len(members), "m": MAX_MEMBERS})
    limit = settings.IMPORT_MAX_UNPACKED_BYTES
    total = sum(info.file_size for info in members)
    if total > limit:
        raise InvalidValue(_(UNPACKED_TOO_BIG) % {"n": _mb(total), "m": _mb(limit)})
    for info in members:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise InvalidValue(_(BOMB) % {"p": info.filename, "r": ratio, "m": MAX_RATIO})


def _worksheets(archive: zipfile.ZipFile) -> dict[str, tuple[str, bool]]:
    """Worksheet part -> (sheet name, hidden), from the workbook and its relationships."""
    rels = _small_part(archive, "xl/_rels/workbook.xml.rels")
    targets: dict[bytes, str] = {}
    for tag in _RELATION.findall(rels):
        attrs = dict(_ATTR.findall(tag))
        target = attrs.get(b"Target", b"").decode("utf-8", "replace")
        if attrs.get(b"Type", b"").endswith(b"/worksheet") and target:
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[attrs.get(b"Id", b"")] = path.replace("/./", "/")
    names: dict[str, tuple[str, bool]] = {}
    for tag in _SHEET.findall(_small_part(archive, "xl/workbook.xml")):
        attrs = {key.split(b":")[-1]: value for key, value in _ATTR.findall(tag)}
        path = targets.get(attrs.get(b"id", b""))
        if path:
            name = attrs.get(b"name", b"").decode("utf-8", "replace")
            names[path] = (name, attrs.get(b"state", b"visible") != b"visible")
    # Parts under worksheets/ that no relationship names are still scanned.
    for info in archive.infolist():
        if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
            names.setdefault(info.filename, (info.filename.rsplit("/", 1)[-1], False))
    return names


def _small_part(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return b""
    if info.file_size > MAX_PART_BYTES:
        raise InvalidValue(
            _(PART_TOO_BIG) % {"p": name, "n": _mb(info.file_size), "m": _mb(MAX_PART_BYTES)}
        )
    with archive.open(info) as handle:
        return handle.read(MAX_PART_BYTES)


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    with archive.open(info) as handle:
        while chunk := handle.read(CHUNK):
            yield chunk


def _drain(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    if info.file_size > MAX_PART_BYTES:
        raise InvalidValue(
            _(PART_TOO_BIG)
            % {"p": info.filename, "n": _mb(info.file_size), "m": _mb(MAX_PART_BYTES)}
        )
    for _chunk in _chunks(archive, info):
        pass  # zipfile checks the CRC and stops at the declared size


def _scan_sheet(archive: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str) -> int:
    """The declared <dimension>, then every cell reference, chunk by chunk; returns the
    farthest row holding a value (or, if the cells carry no reference, the farthest row)."""
    rows = columns = tags = valued = 0
    carry = b""
    first = True
    for chunk in _chunks(archive, info):
        text = carry + chunk
        cut = text.rfind(b"<")
        text, carry = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
        if first:
            _check_dimension(text, sheet)
            first = False
        tags += text.count(b"<row ") + text.count(b"<row>")
        rows, columns = _far_refs(text, max(rows, tags), columns)
        check_grid(sheet, rows, columns)
        valued = max(valued, _last_valued(text))
    if carry:
        rows, columns = _far_refs(carry, rows, columns)
        check_grid(sheet, rows, columns)
        valued = max(valued, _last_valued(carry))
    return valued or rows


def _last_valued(text: bytes) -> int:
    """The row of the last cell with content in ``text`` (rows come in order: look at the
    tail first)."""
    for start in (max(0, len(text) - 64 * 1024), 0):
        found = 0
        for match in _VALUED.finditer(text, start):
            found = int(match.group(1))
        if found or start == 0:
            return found
    return 0


def _check_dimension(head: bytes, sheet: str) -> None:
    found = _DIMENSION.search(head, 0, 64 * 1024)
    if found is None:
        return
    last = found.group(1).decode("ascii", "replace").split(":")[-1].upper()
    ref = _REF.match(last)
    if ref:
        check_grid(sheet, int(ref.group(2)), column_number(ref.group(1)))


def _far_refs(text: bytes, rows: int, columns: int) -> tuple[int, int]:
    """The farthest row and column so far: exact for rows from 100,000 and columns from AA;
    nearer rows come from the <row> tags, or from every reference once the sheet is wide."""
    text = text.translate(_NORMALISE)  # r='1' -> r="1"; tabs and line breaks -> spaces
    odd = b" =" in text or b"= " in text
    wide = (_WIDE_COL_ANY if odd else _WIDE_COL).findall(text)
    if wide:
        columns = max(columns, max(map(column_number, map(bytes.decode, set(wide)))))
    if columns > MAX_CELLS // 100_000:  # rare: every row number matters for the area
        numbers = (_ANY_ROW_ANY if odd else _ANY_ROW).findall(text)
    else:
        numbers = (_FAR_ROW_ANY if odd else _FAR_ROW).findall(text) + _ROW_TAG.findall(text)
    if numbers:
        rows = max(rows, max(map(int, numbers)))
    return rows, columns


def _mb(size: int) -> int:
    return -(-size // (1024 * 1024))


# -- .xls ------------------------------------------------------------------------------

#: BIFF8 records holding one cell, its row and column in the first four bytes.
_CELL_RECORDS = frozenset({0x0006, 0x00D6, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E})
_MULTI_RECORDS = frozenset({0x00BD, 0x00BE})  # MULRK, MULBLANK: row, first col .. last col
_BOF, _EOF, _BOUNDSHEET, _FILEPASS, _DIMENSIONS = 0x0809, 0x000A, 0x0085, 0x002F, 0x0200
XLS_DAMAGED = gettext_noop(
    "无法读取该 Excel 97-2003 (.xls) 文件，文件可能已损坏；请用 Excel 打开后另存为 .xlsx 再上传"
)


def check_xls(data: bytes) -> int:
    """The farthest cell of every sheet, from the BIFF records' headers (calamine builds the
    grid from the first to the farthest cell; a BIFF8 sheet may reach 65536 x 256); returns
    the farthest row of any sheet."""
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
            if name is None:
                return 0  # calamine says what is wrong
            stream = ole.openstream(name).read()
    except (OSError, ValueError, IndexError, struct.error):
        raise InvalidValue(_(XLS_DAMAGED))
    return _scan_biff(stream)


def _scan_biff(stream: bytes) -> int:
    names: dict[int, str] = {}
    sheet = ""
    rows = columns = farthest = 0
    pos, end = 0, len(stream) - 4
    unpack = struct.unpack_from
    while pos <= end:
        kind, size = unpack("<HH", stream, pos)
        body = pos + 4
        if kind in _CELL_RECORDS and size >= 4:
            row, col = unpack("<HH", stream, body)
            rows, columns = max(rows, row + 1), max(columns, col + 1)
        elif kind in _MULTI_RECORDS and size >= 6:
            row = unpack("<H", stream, body)[0]
            last = unpack("<H", stream, body + size - 2)[0]
            rows, columns = max(rows, row + 1), max(columns, last + 1)
        elif kind == _DIMENSIONS and size >= 12:
            # rows first..last+1 (u32 each), then columns first..last+1 (u16 each)
            check_grid(sheet, unpack("<I", stream, body + 4)[0], unpack("<H", stream, body + 10)[0])
        elif kind == _BOF:
            check_grid(sheet, rows, columns)
            farthest = max(farthest, rows)
            sheet, rows, columns = names.get(pos, sheet), 0, 0
        elif kind == _BOUNDSHEET and size >= 8:
            names[unpack("<I", stream, body)[0]] = _sheet_name(stream[body + 6 : body + size])
        elif kind == _FILEPASS:
            return farthest  # encrypted: calamine asks for the password to be removed
        pos = body + size
    check_grid(sheet, rows, columns)
    return max(farthest, rows)


def _sheet_name(raw: bytes) -> str:
    """BOUNDSHEET's short string: length, a flag (1: UTF-16LE), the characters."""
    if len(raw) < 2:
        return ""
    length, wide = raw[0], raw[1] & 1
    text = raw[2 : 2 + length * (2 if wide else 1)]
    return text.decode("utf-16-le" if wide else "latin-1", "replace")


# -- .csv -------------------------------------------------------------------------------


def check_csv(text: str) -> int:
    """Line length, column count and row count, before the csv module sees the text;
    returns the number of lines."""
    line_no = 0
    start = 0
    length = len(text)
    while start < length:
        end = text.find("\n", start)
        end = length if end < 0 else end
        line_no += 1
        if end - start > MAX_CSV_LINE:
            raise InvalidValue(_(CSV_LINE_TOO_LONG) % {"n": line_no, "m": MAX_CSV_LINE})
        line = text[start:end]
        separators = max(line.count(","), line.count("\t"))
        if separators >= MAX_COLUMNS:
            raise InvalidValue(
                _(CSV_TOO_MANY_COLUMNS) % {"n": line_no, "c": separators + 1, "m": MAX_COLUMNS}
            )
        start = end + 1
    if line_no > MAX_ROWS + ROW_SLACK:
        raise InvalidValue(_(CSV_TOO_MANY_ROWS) % {"m": MAX_ROWS, "n": line_no})
    return line_no
