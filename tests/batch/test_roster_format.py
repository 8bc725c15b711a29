"""A file layout (RosterFormat) is what the batch readers take: a service's, or a bare one."""

import io

import pytest
from openpyxl import load_workbook

from shebao.contributions.arrival import ARRIVAL_FILE, ArrivalRow
from shebao.core.errors import InvalidValue
from shebao.services.batch.readers import read_roster
from shebao.services.batch.template import template_xlsx
from shebao.services.roster import RosterFormat, roster_format
from shebao.services.validation import parse_rows
from tests.batch.files import csv_bytes, spec

ARRIVAL_CSV = csv_bytes(
    [
        ["单据号", "单位编号", "到账金额", "到账日期", "银行流水号"],
        ["2021030000000001", "100000123", "4445.00", "2021-03-20", "BK1"],
    ]
)


def test_a_service_exposes_its_roster_as_a_format():
    service = spec()
    layout = service.roster_format()
    assert layout == RosterFormat(title=service.title, row=service.row, template=service.template)
    assert roster_format(service) == layout
    assert roster_format(layout) is layout


def test_a_bare_format_is_read_and_parsed_like_a_service_roster():
    roster = read_roster(ARRIVAL_FILE, ARRIVAL_CSV, "arrivals.csv")
    [parsed] = parse_rows(spec=ARRIVAL_FILE, rows=roster.rows)
    assert isinstance(parsed.model, ArrivalRow) and not parsed.errors
    assert parsed.raw["bank_serial_no"] == "BK1"


def test_a_bare_format_names_its_missing_columns():
    data = csv_bytes(
        [["单据号", "单位编号", "到账金额", "到账日期"], ["1", "2", "3", "2021-03-20"]]
    )
    with pytest.raises(InvalidValue, match="银行流水号"):
        read_roster(ARRIVAL_FILE, data, "arrivals.csv")


def test_a_bare_format_gets_a_template_titled_after_it():
    book = load_workbook(io.BytesIO(template_xlsx(ARRIVAL_FILE)))
    texts = {str(c.value) for row in book.active.iter_rows() for c in row if c.value}
    assert "到账文件" in texts and "银行流水号" in texts
