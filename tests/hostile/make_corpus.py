"""Build the hostile corpus: small files that declare or expand to something huge.

Run ``python tests/hostile/make_corpus.py`` to (re)write ``tests/hostile/corpus/``; every
file comes out byte for byte the same (fixed zip timestamps, no random data), so the
committed files can be checked against this script (``tests/hostile/test_corpus.py``).
Files too big to commit (a 10 MB CSV line) are in ``GENERATED``, built at test time.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

CORPUS = Path(__file__).resolve().parent / "corpus"
EPOCH = (2026, 1, 1, 0, 0, 0)
HEADER = (
    "身份证号码",
    "姓名",
    "民族",
    "本次申报参工时间",
    "月缴费工资",
    "城镇职工养老保险 (A)",
    "联系电话 (手机)",
)

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    "{sheets}"
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=9)
    return out.getvalue()


def _header_row() -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{escape(label)}</t></is></c>'
        for i, label in enumerate(HEADER)
    )
    return f'<row r="1">{cells}</row>'


def sheet_xml(rows: str, *, dimension: str | None = "A1:E2") -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{NS}">'
        f"{dim}<sheetData>{rows}</sheetData></worksheet>"
    ).encode()


def workbook(sheets: list[bytes], shared: bytes | None = None) -> bytes:
    """A minimal .xlsx: the given worksheet XML parts, and a shared-strings part if any."""
    names = "".join(
        f'<sheet name="Sheet{n}" sheetId="{n}" r:id="rId{n}"/>' for n in range(1, len(sheets) + 1)
    )
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{REL_TYPE}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    if shared is not None:
        rels += (
            f'<Relationship Id="rId{len(sheets) + 1}" Type="{REL_TYPE}/sharedStrings" '
            'Target="sharedStrings.xml"/>'
        )
    members = [
        (
            "[Content_Types].xml",
            CONTENT_TYPES.format(
                sheets="".join(SHEET_TYPE.format(n=n) for n in range(1, len(sheets) + 1))
            ).encode(),
        ),
        ("_rels/.rels", ROOT_RELS.encode()),
        (
            "xl/workbook.xml",
            (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<workbook xmlns="{NS}" xmlns:r="{REL_NS}"><sheets>{names}</sheets></workbook>'
            ).encode(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                f'relationships">{rels}</Relationships>'
            ).encode(),
        ),
    ]
    members += [(f"xl/worksheets/sheet{n}.xml", s) for n, s in enumerate(sheets, start=1)]
    if shared is not None:
        members.append(("xl/sharedStrings.xml", shared))
    return _zip(members)


def xlsx_far_cell() -> bytes:
    """One data cell at XFD1048576, the sheet's dimension declaring the whole grid."""
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return workbook([sheet_xml(_header_row() + far, dimension="A1:XFD1048576")])


def xlsx_far_cell_no_dimension() -> bytes:
    """The same cell with no <dimension>: only the cell references tell."""
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return workbook([sheet_xml(_header_row() + far, dimension=None)])


def xlsx_lying_dimension() -> bytes:
    """A small declared dimension, with the far cell anyway."""
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return workbook([sheet_xml(_header_row() + far, dimension="A1:E2")])


def xlsx_shared_string_bomb() -> bytes:
    """A 128 MiB shared string (expands over 1000 times)."""
    size = 128 * 1024 * 1024
    head = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}" count="1" uniqueCount="1"><si><t>'
    )
    tail = b"</t></si></sst>"
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"A" * (1024 * 1024)
    deflated = compressor.compress(head.encode())
    for _ in range(size // len(chunk)):
        deflated += compressor.compress(chunk)
    deflated += compressor.compress(tail) + compressor.flush()
    raw_size = len(head.encode()) + size + len(tail)
    crc = zlib.crc32(head.encode())
    for _ in range(size // len(chunk)):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    row = '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    base = workbook([sheet_xml(_header_row() + row)])
    return _append_raw_member(base, "xl/sharedStrings.xml", deflated, raw_size, crc)


def _append_raw_member(archive: bytes, name: str, deflated: bytes, size: int, crc: int) -> bytes:
    """Add an already deflated member (building 256 MiB in memory to zip it is not needed)."""
    out = io.BytesIO(archive)
    with zipfile.ZipFile(out, "a") as target:
        info = zipfile.ZipInfo(name, date_time=EPOCH)
        info.compress_type = zipfile.ZIP_DEFLATED
        # Write the local header and data by hand, then let zipfile write the directory.
        target.fp.seek(target.start_dir)  # type: ignore[union-attr]
        info.header_offset = target.start_dir
        info.CRC, info.compress_size, info.file_size = crc, len(deflated), size
        target.fp.write(info.FileHeader(zip64=False))  # type: ignore[union-attr]
        target.fp.write(deflated)  # type: ignore[union-attr]
        target.start_dir = target.fp.tell()  # type: ignore[union-attr]
        target.filelist.append(info)
        target.NameToInfo[name] = info
        target._didModify = True
    return out.getvalue()


def xlsx_huge_cell() -> bytes:
    """One 64 MiB inline-string cell in row 2 (compresses to about 64 KB)."""
    row = '<row r="2"><c r="B2" t="inlineStr"><is><t>' + "张" * (64 * 1024 * 1024 // 3)
    row += "</t></is></c></row>"
    return workbook([sheet_xml(_header_row() + row)])


def xlsx_long_cell() -> bytes:
    """A 20,000-character name that does not compress well (no zip-bomb ratio)."""
    name = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(20_000))
    row = f'<row r="2"><c r="B2" t="inlineStr"><is><t>{name}</t></is></c></row>'
    return workbook([sheet_xml(_header_row() + row)])


def xlsx_huge_dimension() -> bytes:
    """Only the declared <dimension> is huge; the cells are few."""
    return workbook([sheet_xml(_header_row(), dimension="A1:ZZZ9999999")])


def xlsx_many_sheets() -> bytes:
    """520 tiny worksheets (a many-members archive)."""
    tiny = f'<worksheet xmlns="{NS}"><sheetData/></worksheet>'.encode()
    return workbook([tiny] * 520)


def xlsx_truncated() -> bytes:
    """A sound workbook cut in the middle (an interrupted upload)."""
    whole = workbook([sheet_xml(_header_row() + '<row r="2"><c r="A2"><v>1</v></c></row>')])
    return whole[: len(whole) // 2]


def xls_far_cell() -> bytes:
    """An .xls with one cell at the last row and column BIFF8 allows (65536 x 256)."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    for i, label in enumerate(HEADER):
        sheet.write(0, i, label)
    sheet.write(65535, 255, "x")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xls_truncated() -> bytes:
    """A sound .xls cut in the middle."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    for i, label in enumerate(HEADER):
        sheet.write(0, i, label)
    out = io.BytesIO()
    book.save(out)
    whole = out.getvalue()
    return whole[: len(whole) // 2]


def csv_long_line() -> bytes:
    """A 10 MiB line in a CSV file (a real roster line is under 1 KB)."""
    return (",".join(HEADER) + "\r\n" + "1," + "A" * (10 * 1024 * 1024) + "\r\n").encode()


def csv_many_columns() -> bytes:
    """20,000 columns in one row (a short line: only the column count gives it away)."""
    return (",".join(HEADER) + "\r\n" + "," * 20_000 + "x\r\n").encode()


def id_number(stem: str) -> str:
    """An 18-digit ID number with its ISO 7064 check character."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(stem, weights, strict=True))
    return stem + "10X98765432"[total % 11]


def csv_gbk_ok() -> bytes:
    """A sound roster saved by Excel as CSV in GBK: accepted, the control case."""
    lines = [",".join(HEADER)]
    for n in range(3):
        lines.append(
            f"{id_number(f'42010219900{n + 1}0{n + 1}001')},王{'一二三'[n]}明,汉族,"
            f"2024-03-01,5000,√,1381234567{n}"
        )
    return ("\r\n".join(lines) + "\r\n").encode("gbk")


def png(width: int, height: int) -> bytes:
    """A black-and-white PNG of ``width`` x ``height`` (1 bit a pixel: it stays small)."""
    line = b"\x00" + b"\x55" * ((width + 7) // 8)  # filter byte + 1-bit greyscale
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(line) for _ in range(height)) + compressor.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def png_header_only(width: int, height: int) -> bytes:
    """The header of a ``width`` x ``height`` PNG with one line of data: tiny on disk, what it
    declares decodes to gigabytes."""
    line = b"\x00" + b"\x55" * ((width + 7) // 8)
    full = png(1, 1)  # signature, IHDR, IDAT, IEND of a 1 x 1 image, rebuilt below

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        return struct.pack(">I", len(body)) + kind + body + crc

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        full[:8]
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(line, 9))
        + chunk(b"IEND", b"")
    )


def png_30000() -> bytes:
    return png_header_only(30000, 30000)


def png_12000() -> bytes:
    return png(12000, 12000)


def png_small() -> bytes:
    return png(16, 16)


def png_truncated() -> bytes:
    """A 64 x 64 PNG cut short in its data."""
    whole = png(64, 64)
    return whole[: len(whole) - 20]


def not_a_zip() -> bytes:
    return b"PK\x03\x04 this is not a zip archive at all " * 8


def zip_named_xls() -> bytes:
    """A plain zip archive of a text file, named .xls."""
    return _zip([("readme.txt", b"not a workbook\n" * 10)])


def exe_named_xlsx() -> bytes:
    """The start of a Windows executable, named .xlsx."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48 + b"PE\x00\x00"


def html_named_xlsx() -> bytes:
    """An HTML page saved as .xlsx (some systems export "Excel" this way)."""
    return (
        "<html><head><meta charset='utf-8'></head><body><table><tr><td>身份证号码</td>"
        "<td>姓名</td></tr><tr><td><script>alert(1)</script></td></tr></table></body></html>"
    ).encode()


#: file name -> builder; the name's extension is what the upload claims.
FILES: dict[str, Callable[[], bytes]] = {
    "far-cell-dimension.xlsx": xlsx_far_cell,
    "far-cell-no-dimension.xlsx": xlsx_far_cell_no_dimension,
    "far-cell-lying-dimension.xlsx": xlsx_lying_dimension,
    "huge-dimension.xlsx": xlsx_huge_dimension,
    "shared-string-bomb.xlsx": xlsx_shared_string_bomb,
    "huge-cell-64mib.xlsx": xlsx_huge_cell,
    "long-cell-20000.xlsx": xlsx_long_cell,
    "many-sheets.xlsx": xlsx_many_sheets,
    "truncated.xlsx": xlsx_truncated,
    "far-cell.xls": xls_far_cell,
    "truncated.xls": xls_truncated,
    "many-columns-20000.csv": csv_many_columns,
    "gbk-roster-ok.csv": csv_gbk_ok,
    "png-30000x30000.png": png_30000,
    "png-12000x12000.png": png_12000,
    "png-truncated.png": png_truncated,
    "png-named-roster.xlsx": png_small,
    "png-named-jpg.jpg": png_30000,
    "not-a-zip.xlsx": not_a_zip,
    "zip-named.xls": zip_named_xls,
    "exe-named.xlsx": exe_named_xlsx,
    "html-named.xlsx": html_named_xlsx,
}
#: Too big to commit: built when the tests run.
GENERATED: dict[str, Callable[[], bytes]] = {
    "long-line-10mib.csv": csv_long_line,
}


def build(name: str) -> bytes:
    return {**FILES, **GENERATED}[name]()


def main() -> None:
    CORPUS.mkdir(exist_ok=True)
    for stale in CORPUS.iterdir():
        if stale.name not in FILES:
            stale.unlink()
    for name in FILES:
        data = build(name)
        (CORPUS / name).write_bytes(data)
        print(f"{name:34} {len(data):>9,} bytes")


if __name__ == "__main__":
    main()
