"""Reading 报盘 uploads: .xlsx, .xls and CSV (UTF-8, UTF-8 with BOM, GBK), checked by content."""

import datetime as dt
import io
import zipfile

import pytest

from shebao.core.errors import InvalidValue
from shebao.services.batch.readers import read_roster
from shebao.services.validation import validate_rows
from tests import factories
from tests.batch.files import (
    CSV_HEADER,
    SUSPENSION,
    csv_bytes,
    filled_template,
    spec,
    xls,
    xlsx,
)


def good(**overrides):
    row = {
        "id_number": factories.id_number(dt.date(1990, 5, 17)),
        "name": "王小明",
        "ethnicity": "01 汉族",
        "work_start_date": "2024-03-01",
        "monthly_wage": "6000",
        "pension": "√",
        "unemployment": "√",
        "mobile": "13800138000",
    }
    row.update(overrides)
    return row


def reasons(result):
    return {item.row: [str(e) for e in item.errors] for item in result.failed}


def test_template_with_good_and_bad_rows_gives_row_numbers_and_reasons(unit):
    valid = factories.id_number(dt.date(1988, 9, 1))
    wrong = valid[:17] + ("0" if valid[17] != "0" else "1")
    rows = [
        good(),  # row 8
        good(id_number=wrong),  # 9: check digit
        good(id_number=valid, name="李四"),  # 10
        good(id_number=valid, name="李四"),  # 11: duplicate of row 10
        good(ethnicity="99 火星族"),  # 12
        good(id_number="420106900517123"),  # 13: 15 digits
        good(id_number=510725199301018000),  # 14: typed as a number in Excel
        good(name=""),  # 15
    ]
    data = filled_template(rows)
    roster = read_roster(spec(), data, "增员.xlsx")
    assert [n for n, _raw in roster.rows] == list(range(8, 16))
    result = validate_rows(spec=spec(), unit=unit, rows=roster.rows)
    assert [r.row for r in result.passed] == [8, 10]
    got = reasons(result)
    assert got[9] == [
        f"第 9 行【身份证号码】：身份证号码校验位错误：第 18 位应为 {valid[17]}，实际为 {wrong[17]}"
    ]
    assert got[11] == ["第 11 行【身份证号码】：与第 10 行的身份证号码重复"]
    assert got[12][0].startswith("第 12 行【民族】：“99 火星族”不在可选范围内（汉族、蒙古族")
    assert got[13] == [
        "第 13 行【身份证号码】：身份证号码为 15 位旧号码，请使用 18 位居民身份证号码（旧号码已于 2013 年停止使用）"
    ]
    assert got[14] == [
        "第 14 行【身份证号码】：身份证号码“5.10725E+17”被 Excel 转成了科学计数法，后几位已丢失；"
        "请把该列设为文本格式后重新输入完整的 18 位号码"
    ]
    assert got[15] == ["第 15 行【姓名】：不能为空"]


def test_every_problem_of_a_row_is_reported(unit):
    roster = read_roster(
        spec(),
        filled_template([good(mobile="123", work_start_date="2024-02-30", pension="x")]),
        "a.xlsx",
    )
    (item,) = validate_rows(spec=spec(), unit=unit, rows=roster.rows).failed
    assert {e.column for e in item.errors} == {
        "本次申报参工时间",
        "城镇职工养老保险",  # the screen's label: the template's " (A)" is a note of the file
        "联系电话 (手机)",
    }


def test_numbers_and_dates_from_excel_cells_become_what_excel_shows():
    data = filled_template(
        [
            good(
                unit_no=100000000,  # calamine returns 100000000.0
                monthly_wage=6543.21,
                mobile=13800138000,
                work_start_date=dt.datetime(2024, 3, 1),
            )
        ]
    )
    ((_n, raw),) = read_roster(spec(), data, "a.xlsx").rows
    assert raw["unit_no"] == "100000000"
    assert raw["monthly_wage"] == "6543.21"
    assert raw["mobile"] == "13800138000"
    assert raw["work_start_date"] == "2024-03-01"


def test_xls_written_by_xlwt(unit):
    ident = factories.id_number(dt.date(1985, 6, 2))
    grid = [
        ["在职职工增员申报表"],
        [],
        CSV_HEADER,
        [ident, "赵六", "汉族", dt.date(2024, 3, 1), 5000, "√", "√", 13800138000],
        [5.10725199301018e17, "钱七", "汉族", "2024-03-01", 5000, "√", "", "13800138001"],
    ]
    roster = read_roster(spec(), xls(grid), "花名册.xls")
    assert roster.kind == "xls" and roster.header_row == 3
    assert roster.rows[0] == (
        4,
        {
            "id_number": ident,
            "name": "赵六",
            "ethnicity": "汉族",
            "work_start_date": "2024-03-01",
            "monthly_wage": "5000",
            "pension": "√",
            "unemployment": "√",
            "mobile": "13800138000",
        },
    )
    result = validate_rows(spec=spec(), unit=unit, rows=roster.rows)
    assert [r.row for r in result.passed] == [4]
    assert "科学计数法" in str(result.failed[0].errors[0])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings(encoding):
    ident = factories.id_number()
    data = csv_bytes(
        [CSV_HEADER, [ident, "欧阳娜娜", "汉族", "2024-03-01", "5000", "√", "", "13800138000"]],
        encoding,
    )
    roster = read_roster(spec(), data, "roster.csv")
    assert roster.kind == "csv"
    assert roster.rows == [
        (
            2,
            {
                "id_number": ident,
                "name": "欧阳娜娜",
                "ethnicity": "汉族",
                "work_start_date": "2024-03-01",
                "monthly_wage": "5000",
                "pension": "√",
                "mobile": "13800138000",
            },
        )
    ]


def test_excel_unicode_text_is_utf16_and_tab_separated():
    ident = factories.id_number()
    lines = [CSV_HEADER, [ident, "林一", "汉族", "2024-03-01", "5000", "√", "√", "13800138000"]]
    data = "\r\n".join("\t".join(line) for line in lines).encode("utf-16")
    ((number, raw),) = read_roster(spec(), data, "花名册.txt").rows
    assert number == 2 and raw["id_number"] == ident and raw["unemployment"] == "√"


def test_manual_style_header_example_row_instruction_and_footer_are_skipped():
    ident = factories.id_number()
    grid = [
        ["在职职工增员申报表"],
        ["管理单位或独立缴费单位名称(章):"],
        [
            "序号", "单位编号", "单位名称", "身份证号码", "姓名", "民族", "本次申报参工时间",
            "月缴费工资", "参保险种/城镇职工养老保险 (A)", "参保险种/失业保险 (√)",
            "参保险种/工伤保险 (√)", "联系电话（手机）",
        ],
        # the manual's own example row, with its masked ID number
        ["1", "100000000", "武汉**公司", "510725*****8319", "张三", "01 汉族", "1993-01-01",
         "1000", "√", "√", "√", "13000000000"],
        ["以上一行填写示例请从下一行开始按示例填写"],
        ["2", "", "", ident, "孙八", "01 汉族", "2024-03-01", "3000", "√", "", "", "13900139000"],
        [],
        ["合 计：养老 1 人。 失业 0 人。 工伤 0 人。"],
        ["说明 1. 月缴费工资必须经职工本人签字确认，签字表由申报单位留存备查。"],
        ["2. 补缴需另填报《职工基本养老保险费补缴申报明细表》。"],
        ["* 以上事项填写真实，若与实际情况不符，本单位愿意承担相关责任。"],
        ["单位负责人：", "", "单位经办人："],
    ]  # fmt: skip
    roster = read_roster(spec(), csv_bytes(grid, "gbk"), "增员.csv")
    assert roster.header_row == 3
    assert [n for n, _raw in roster.rows] == [6]
    assert roster.rows[0][1]["mobile"] == "13900139000"  # full-width （手机） matched


def test_example_row_left_in_a_file_without_instruction_is_skipped():
    example = {c.name: c.example for c in spec().row.columns()}
    header = [c.label for c in spec().row.columns()]
    grid = [header, [example[c.name] for c in spec().row.columns()], ["", "", "110100198506020015"]]
    roster = read_roster(spec(), xlsx(grid), "a.xlsx")
    assert [n for n, _raw in roster.rows] == [3]


def test_real_rows_that_resemble_the_example_are_kept():
    roster = read_roster(
        spec(), filled_template([good(name="张三", ethnicity="01 汉族")]), "a.xlsx"
    )
    assert len(roster.rows) == 1


def test_suspension_roster_with_two_row_template_header():
    ident = factories.id_number()
    data = filled_template(
        [
            {
                "id_number": ident,
                "name": "周九",
                "pension": "√",
                "suspension_date": "2024-05-31",
                "reason": "6325 退休减员",
            }
        ],
        SUSPENSION,
    )
    ((number, raw),) = read_roster(spec(SUSPENSION), data, "减员.xlsx").rows
    assert number == 8
    assert raw == {
        "id_number": ident,
        "name": "周九",
        "pension": "√",
        "suspension_date": "2024-05-31",
        "reason": "6325 退休减员",
    }


def test_missing_required_columns_listed_in_one_message():
    grid = [
        ["民族", "本次申报参工时间", "月缴费工资", "联系电话"],
        ["汉族", "2024-03-01", "1", "1"],
    ]
    with pytest.raises(InvalidValue) as exc:
        read_roster(spec(), csv_bytes(grid), "a.csv")
    assert str(exc.value) == "报盘文件缺少必填列：身份证号码、姓名"


def test_no_header_at_all():
    with pytest.raises(InvalidValue, match="没有找到表头"):
        read_roster(spec(), csv_bytes([["a", "b"], ["1", "2"]]), "a.csv")


def test_unknown_extra_columns_are_ignored():
    ident = factories.id_number()
    grid = [
        [*CSV_HEADER, "部门"],
        [ident, "吴十", "汉族", "2024-03-01", "1", "√", "", "13800138000", "财务"],
    ]
    ((_n, raw),) = read_roster(spec(), csv_bytes(grid), "a.csv").rows
    assert "部门" not in raw and len(raw) == 7


def test_text_renamed_xlsx_is_refused_by_content():
    text = csv_bytes([CSV_HEADER, ["1"] * 8])
    with pytest.raises(InvalidValue) as exc:
        read_roster(spec(), text, "报盘.xlsx")
    assert "内容不是 Excel 工作簿" in str(exc.value)
    assert ".xlsx、.xls 或 .csv" in str(exc.value)


def test_other_binary_and_zip_files_are_refused():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    for data, name in [
        (archive.getvalue(), "a.xlsx"),
        (b"\x89PNG\r\n\x1a\n\0\0", "a.csv"),
        (b"", "a.csv"),
    ]:
        with pytest.raises(InvalidValue, match=r"\.xlsx、\.xls 或 \.csv"):
            read_roster(spec(), data, name)


def test_broken_xls_is_refused():
    with pytest.raises(InvalidValue, match="无法读取"):
        read_roster(spec(), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "a.xls")


def test_xlsx_renamed_csv_is_read_as_xlsx():
    ident = factories.id_number()
    roster = read_roster(spec(), filled_template([good(id_number=ident)]), "roster.csv")
    assert roster.kind == "xlsx" and roster.rows[0][1]["id_number"] == ident


def test_size_limit(settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    with pytest.raises(InvalidValue, match="不能超过 1 MB"):
        read_roster(spec(), b"x" * (1024 * 1024 + 1), "a.csv")
