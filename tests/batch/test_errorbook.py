"""The failed-rows workbook: template columns, the original row number, a reasons column."""

import datetime as dt
import io

import openpyxl

from shebao.cases.models import CaseRow
from shebao.services.batch.errorbook import failed_rows_xlsx
from shebao.services.batch.readers import read_roster
from shebao.services.validation import validate_rows
from tests import factories
from tests.batch.files import spec


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

    got = rows_of(failed_rows_xlsx(spec(), result.failed))
    header = got[1]
    assert header[0] == "原行号" and header[-1] == "校验不通过原因"
    assert header[3] == "身份证号码" and header[8] == "参保险种/城镇职工养老保险 (A)"
    first, second = got[2], got[3]
    assert first[0] == "8" and second[0] == "9"
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
    assert got[2][0] == "12" and got[2][8] == "√"
    assert got[2][-1] == "【身份证号码】校验位错误；整行"
    # Fixed in Excel and uploaded again: the extra columns are ignored.
    roster = read_roster(spec(), data, "校验不通过.xlsx")
    assert roster.rows == [(3, {"id_number": "110100198506020016", "name": "冯二", "pension": "√"})]
    for cell in openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]["D"]:
        assert cell.value is None or cell.data_type == "s"
