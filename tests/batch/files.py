"""Building roster files the way people make them: our template, .xls, CSV in UTF-8 or GBK."""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Sequence
from typing import Any

import openpyxl
import xlwt

from shebao.services.batch.template import template_xlsx
from shebao.services.registry import registry

ENROLMENT = "hb_employee_enrolment"
SUSPENSION = "hb_employee_insurance_suspension"

CSV_HEADER = [
    "身份证号码",
    "姓名",
    "民族",
    "本次申报参工时间",
    "月缴费工资",
    "城镇职工养老保险",
    "失业保险",
    "联系电话",
]


def spec(code: str = ENROLMENT) -> Any:
    return registry[code]


def first_data_row(sheet: Any) -> int:
    for row in range(1, 20):
        value = sheet.cell(row, 1).value
        if isinstance(value, str) and value.startswith("以上一行填写示例"):
            return row + 1
    raise AssertionError("no instruction line")


@functools.cache
def template(code: str) -> bytes:
    return template_xlsx(spec(code))


def filled_template(rows: Sequence[dict[str, Any]], code: str = ENROLMENT) -> bytes:
    """Our downloaded template with ``rows`` ({field name: value}) typed below the example."""
    the_spec = spec(code)
    book = openpyxl.load_workbook(io.BytesIO(template(code)))
    sheet = book.worksheets[0]
    start = first_data_row(sheet)
    columns = the_spec.row.columns()
    for i, values in enumerate(rows):
        sheet.cell(start + i, 1, str(i + 1))
        for pos, col in enumerate(columns, start=2):
            if col.name in values:
                sheet.cell(start + i, pos, values[col.name])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xls(grid: Sequence[Sequence[Any]]) -> bytes:
    """An Excel 97-2003 workbook (OLE2) with ``grid`` from A1."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write(r, c, value, date_style)
            elif value not in (None, ""):
                sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(grid: Sequence[Sequence[Any]], encoding: str = "utf-8") -> bytes:
    text = "\r\n".join(",".join(str(v) for v in row) for row in grid) + "\r\n"
    return text.encode(encoding)


def xlsx(grid: Sequence[Sequence[Any]]) -> bytes:
    """A plain workbook with ``grid`` from A1 (a hand-made file)."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in grid:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
