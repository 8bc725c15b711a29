"""The failed-rows workbook: the template's layout, then the original row number and reasons."""

import datetime as dt
import io

import openpyxl

from shebao.cases.models import CaseRow
from shebao.services.batch.errorbook import failed_rows_xlsx
from shebao.services.batch.readers import read_roster
from shebao.services.validation import validate_rows
from tests import factories
from tests.batch.files import filled_template, spec


def rows_of(data):
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_failed_rows_with_reasons_and_formulas_neutralised(unit):
    ident = factories.id_number(dt.date(1991, 2, 3))
    roster_rows = [
        {"id_number": ident, "name": "=HYPERLINK(\"http://x\")", "ethnicity": "汉族",
         "work_start_date": "2024-03-01", "monthly_wage": "-5", "pension": "√", "mobile": "13800138000"},
        {"id_number": ident[:17], "name": "郑一", "ethnicity": "汉族", "work_start_date": "2024-03-01",
         "monthly_wage": "5000", "unemployment": "√", "mobile": "@13800138000"},
    ]  # fmt: skip
    result = validate_rows(spec=spec(), unit=unit, rows=list(zip((8, 9), roster_rows, strict=True)))
    assert len(result.failed) == 2

    data = failed_rows_xlsx(spec(), result.failed)
    got = rows_of(data)
    template = rows_of(filled_template([]))
    # The template's title lines, two header rows, example and instruction, in its places.
    assert got[0][0] == template[0][0] + "（校验不通过数据）"

    def blank(rows):  # an empty cell reads None or "" alike
        return [[c if c is not None else "" for c in r] for r in rows]

    assert blank(r[: len(template[3])] for r in got[1:6]) == blank(template[1:6])
    assert got[6][0].startswith(template[6][0].removesuffix("（不要删除示例和本行说明文字）"))
    header = got[3]
    assert header[-2:] == ["原行号", "校验不通过原因"] and header[0] == "序号"
    assert header[3] == "身份证号码" and got[4][8] == "城镇职工养老保险 (A)"
    first, second = got[7], got[8]
    assert (first[0], second[0]) == ("1", "2") and (first[-2], second[-2]) == ("8", "9")
    assert first[4] == '\'=HYPERLINK("http://x")'  # text, never a formula
    assert first[7] == "'-5"
    assert second[11] == "'@13800138000"
    assert first[-1].startswith("【姓名】姓名“=HYPERLINK")
    assert "；【月缴费工资】金额不能为负数" in first[-1]
    assert second[-1].startswith("【身份证号码】身份证号码应为 18 位，实际为 17 位")


def test_case_rows_round_trip_through_the_reader(unit, operator):
    from shebao.cases import services as cases

    case = cases.case_start(service_code="hb_employee_enrolment", unit=unit, operator=operator)
    row = CaseRow.objects.create(
        case=case,
        row_no=12,
        raw={"id_number": "110100198506020016", "name": "冯二", "pension": True},
        errors=[
            {"column": "身份证号码", "message": "校验位错误"},
            {"column": "", "message": "整行"},
        ],
    )
    data = failed_rows_xlsx(spec(), [row])
    got = rows_of(data)
    assert got[7][-2] == "12" and got[7][8] == "√"
    assert got[7][-1] == "【身份证号码】校验位错误；整行"
    # Fixed in Excel and uploaded again as it is: the extra columns are ignored.
    roster = read_roster(spec(), data, "校验不通过.xlsx")
    assert roster.rows == [(8, {"id_number": "110100198506020016", "name": "冯二", "pension": "√"})]
    for cell in openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]["D"]:
        assert cell.value is None or cell.data_type == "s"
