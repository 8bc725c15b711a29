"""【模板下载】: the .xlsx looks like the manual's 在职职工增员申报表 / 在职职工减员申报表."""

import io

import openpyxl
import pytest

from shebao.core.errors import InvalidValue
from shebao.registry.choices import ETHNICITY_CODED, SUSPENSION_REASONS
from shebao.services.batch.readers import read_roster
from shebao.services.batch.template import template_xlsx
from tests.batch.files import ENROLMENT, SUSPENSION, filled_template, spec


def open_template(code):
    return openpyxl.load_workbook(io.BytesIO(template_xlsx(spec(code))))


def merged(sheet):
    return {str(r) for r in sheet.merged_cells.ranges}


def test_enrolment_title_header_lines_and_two_row_header():
    sheet = open_template(ENROLMENT).worksheets[0]
    assert sheet.title == "在职职工增员申报表"
    assert sheet["A1"].value == "在职职工增员申报表"
    assert sheet["A1"].font.bold and sheet["A1"].alignment.horizontal == "center"
    assert "A1:O1" in merged(sheet)  # the manual's 12 columns, then 证件类型, 性别, 出生日期
    assert sheet["A2"].value == "管理单位或独立缴费单位名称(章):"
    assert sheet["A3"].value == "管理单位或独立缴费单位编号:"

    top = [sheet.cell(4, c).value for c in range(1, 13)]
    leaf = [sheet.cell(5, c).value for c in range(1, 13)]
    assert top == [
        "序号", "单位编号", "单位名称", "身份证号码", "姓名", "民族", "本次申报参工时间",
        "月缴费工资", "参保险种", None, None, "联系电话 (手机)",
    ]  # fmt: skip
    assert leaf[8:11] == ["城镇职工养老保险 (A)", "失业保险 (√)", "工伤保险 (√)"]
    appended = [sheet.cell(4, c).value for c in range(13, 16)]
    assert appended == ["证件类型", "性别", "出生日期"]  # issue #15 §1, optional
    ranges = merged(sheet)
    assert "I4:K4" in ranges  # 参保险种 over its three leaf columns
    assert {"A4:A5", "D4:D5", "L4:L5"} <= ranges  # the others span both header rows


def test_example_row_then_instruction_line():
    sheet = open_template(ENROLMENT).worksheets[0]
    example = [sheet.cell(6, c).value for c in range(1, 13)]
    assert example == [
        "1", "100000000", "武汉**公司", "110100198506020015", "张三", "01 汉族", "1993-01-01",
        "1000", "√", "√", "√", "13000000000",
    ]  # fmt: skip
    assert sheet["A7"].value.startswith("以上一行填写示例请从下一行开始按示例填写")
    assert "A7:O7" in merged(sheet)


def test_every_column_is_text_so_excel_keeps_id_numbers_and_dates():
    sheet = open_template(ENROLMENT).worksheets[0]
    for column in "ABCDEFGHIJKL":
        assert sheet[f"{column}6"].number_format == "@"
        assert sheet[f"{column}8"].number_format == "@"
        assert sheet[f"{column}1500"].number_format == "@"
        assert sheet.column_dimensions[column].number_format == "@"
    assert sheet.column_dimensions["D"].width >= 20  # an 18-digit ID fits
    assert sheet.freeze_panes == "B6"


def validations(sheet):
    return {str(dv.sqref).split(":")[0]: dv for dv in sheet.data_validations.dataValidation}


def test_drop_downs_tick_and_the_ethnicities_on_a_hidden_sheet():
    book = open_template(ENROLMENT)
    sheet = book.worksheets[0]
    rules = validations(sheet)
    for column in "IJK":
        assert rules[f"{column}8"].formula1 == '"√"'
        assert str(rules[f"{column}8"].sqref).endswith("100007")
    ethnicity = rules["F8"]
    assert ethnicity.type == "list"
    assert ethnicity.formula1 == "'代码表'!$A$2:$A$59"
    codes = book["代码表"]
    assert codes.sheet_state == "hidden"
    values = [codes.cell(r, 1).value for r in range(2, 60)]
    assert values == ETHNICITY_CODED
    assert values[0] == "01 汉族" and values[55] == "56 基诺族"
    assert values[56:] == ["97 其他", "98 外国血统中国籍人士"]  # GB/T 3304
    assert "D8" not in rules  # free text columns have no list


def test_suspension_template_reason_list_inline():
    book = open_template(SUSPENSION)
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "在职职工减员申报表"
    assert sheet.cell(4, 7).value == "停保险种"
    assert [sheet.cell(5, c).value for c in (7, 8, 9)] == [
        "城镇企业职工养老保险(√)",
        "失业保险(√)",
        "工伤保险(√)",
    ]
    assert sheet.cell(4, 10).value == "停保(减员)日期"
    reason = validations(sheet)["K8"]
    assert reason.formula1 == '"' + ",".join(SUSPENSION_REASONS) + '"'


def test_notes_and_footer_on_the_second_sheet():
    book = open_template(ENROLMENT)
    assert book.sheetnames[:2] == ["在职职工增员申报表", "填写说明"]
    texts = [c.value for row in book["填写说明"].iter_rows() for c in row if c.value]
    joined = "\n".join(texts)
    assert "1. 月缴费工资必须经职工本人签字确认，签字表由申报单位留存备查。" in joined
    assert "四舍五入到十元" in joined
    assert "* 以上事项填写真实，若与实际情况不符，本单位愿意承担相关责任。" in joined
    assert "参保险种/城镇职工养老保险 (A)" in texts  # the column table


def test_untouched_template_has_no_data_rows():
    with pytest.raises(InvalidValue, match="没有数据"):
        read_roster(spec(ENROLMENT), template_xlsx(spec(ENROLMENT)), "在职职工增员申报表.xlsx")


def test_filled_template_reads_back_below_the_example():
    data = filled_template([{"id_number": "110100198506020015", "name": "李四", "pension": "√"}])
    roster = read_roster(spec(ENROLMENT), data, "在职职工增员申报表.xlsx")
    assert roster.header_row == 5
    assert roster.rows == [(8, {"id_number": "110100198506020015", "name": "李四", "pension": "√"})]
