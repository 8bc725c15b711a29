"""Hostile rosters are refused from what they declare, before calamine builds a grid.

Each file is small; what it declares or expands to is huge. Before the guard, the far cell
aborted the whole process (calamine allocating 1,048,576 x 16,384 cells) and the bombs
took tens of seconds and gigabytes.
"""

import pytest

from shebao.core.errors import InvalidValue
from shebao.services.batch import guard
from shebao.services.batch.readers import Declared, read_roster, roster_guard
from tests.batch.files import csv_bytes, filled_template, spec, xlsx
from tests.batch.files import xls as xls_file
from tests.hostile import make_corpus as corpus


def refusal(data: bytes, name: str) -> str:
    with pytest.raises(InvalidValue) as caught:
        read_roster(spec(), data, name)
    return str(caught.value)


@pytest.mark.parametrize(
    "build",
    [corpus.xlsx_far_cell, corpus.xlsx_far_cell_no_dimension, corpus.xlsx_lying_dimension],
)
def test_a_cell_at_xfd1048576_is_refused_from_its_reference(build):
    message = refusal(build(), "roster.xlsx")
    assert message == "报盘文件最多 200000 行，当前工作表“Sheet1”有 1048576 行；请分成多个文件上传"


def test_a_far_column_within_the_row_limit_is_refused_by_the_area():
    rows = corpus._header_row() + '<row r="3"><c r="XFD3"><v>1</v></c></row>'
    data = corpus.workbook([corpus.sheet_xml(rows, dimension=None)])
    assert refusal(data, "r.xlsx") == (
        "工作表“Sheet1”的数据区域过大（3 行 × 16384 列）：请删除表格右侧或下方多余的内容后重新上传"
    )


def test_single_quoted_references_are_read_too():
    rows = corpus._header_row() + "<row r='2'><c t='n' r='A900000'><v>1</v></c></row>"
    data = corpus.workbook([corpus.sheet_xml(rows, dimension=None)])
    assert "有 900000 行" in refusal(data, "r.xlsx")


def test_a_shared_string_bomb_is_refused_by_its_ratio():
    message = refusal(corpus.xlsx_shared_string_bomb(), "bomb.xlsx")
    assert message.startswith("报盘文件中的“xl/sharedStrings.xml”压缩比异常（")
    assert message.endswith("倍，上限 100 倍），疑似压缩炸弹，已拒绝")


def test_an_archive_bigger_than_the_unpacked_limit_is_refused(settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 4 * 1024
    data = filled_template([])
    assert refusal(data, "r.xlsx").startswith("报盘文件解压后有 1 MB，超过 1 MB 的上限")


def test_many_parts_are_refused():
    message = refusal(corpus.xlsx_many_sheets(), "many.xlsx")
    assert message == "报盘文件包含 524 个部件，超过 500 个的上限：请删除多余的工作表后重新上传"


def test_a_cell_longer_than_the_limit_refuses_the_file_naming_row_and_column():
    message = refusal(corpus.xlsx_long_cell(), "long.xlsx")
    assert message == (
        "第 2 行【姓名】的内容有 20000 个字符，超过 500 个字符的上限；请检查是否填错了列"
    )


def test_the_cell_limit_is_a_setting(settings):
    settings.IMPORT_MAX_CELL_CHARS = 2
    data = xlsx([corpus.HEADER, ["110101199003071234", "王小明", "汉族"]])
    assert refusal(data, "r.xlsx").startswith("第 2 行【身份证号码】的内容有 18 个字符")


def test_a_csv_line_too_long_is_refused_before_parsing():
    message = refusal(corpus.csv_long_line(), "long.csv")
    assert message == (
        "CSV 文件第 2 行过长（超过 16384 个字符）：请检查是否缺少换行，或另存为 .xlsx 后上传"
    )


def test_a_csv_with_thousands_of_columns_is_refused():
    wide = (",".join(corpus.HEADER) + "\r\n" + "," * 5000 + "x\r\n").encode()
    message = refusal(wide, "wide.csv")
    assert message == "CSV 文件第 2 行有 5001 列，超过 256 列的上限：请删除多余的分隔符"


def test_a_csv_with_too_many_lines_is_refused(monkeypatch):
    monkeypatch.setattr(guard, "MAX_ROWS", 3)
    data = csv_bytes([corpus.HEADER] + [["x"]] * 80)
    assert refusal(data, "r.csv") == "报盘文件最多 3 行，当前 CSV 文件有 81 行；请分成多个文件上传"


def test_a_damaged_member_is_refused_as_damaged():
    data = bytearray(filled_template([]))
    at = data.index(b"xl/worksheets/sheet1.xml") + 40  # inside the member's deflated data
    data[at : at + 8] = b"\x00" * 8
    message = refusal(bytes(data), "r.xlsx")
    assert "文件可能已损坏" in message


def test_an_ordinary_wide_template_still_reads():
    header = list(corpus.HEADER) + [f"备注{i}" for i in range(40)]  # columns up to AU
    row = ["110101199003071234", "王小明", "汉族", "2024-03-01", "5000", "√", "13800138000"]
    roster = read_roster(spec(), xlsx([header, row + ["x"] * 40]), "wide.xlsx")
    assert roster.total == 1


def test_an_xls_cell_at_the_last_biff8_row_and_column_is_refused_from_the_records():
    message = refusal(corpus.xls_far_cell(), "far.xls")
    assert (
        message == "报盘文件最多 200000 行，当前工作表“Sheet1”有 65536 行；请分成多个文件上传"
        or (
            message
            == "工作表“Sheet1”的数据区域过大（65536 行 × 256 列）：请删除表格右侧或下方多余的内容后重新上传"
        )
    )


def test_an_ordinary_xls_still_reads():
    row = ["110101199003071234", "王小明", "汉族", "2024-03-01", "5000", "√", "13800138000"]
    roster = read_roster(spec(), xls_file([list(corpus.HEADER), row]), "r.xls")
    assert roster.total == 1 and roster.kind == "xls"


def test_the_declared_lines_count_rows_with_values_on_visible_sheets():
    """What decides, unparsed, whether a roster goes to the worker: the template's styled
    empty rows (to row 2007) and its hidden code table do not count."""
    data = filled_template([{"name": f"张{n}"} for n in range(30)])
    assert roster_guard(data, "r.xlsx") == Declared(kind="xlsx", lines=7 + 30)
    text = "身份证号码,姓名\n" + "".join(f"1,张{n}\n" for n in range(30))
    assert roster_guard(text.encode("gbk"), "r.csv") == Declared(kind="csv", lines=31)
