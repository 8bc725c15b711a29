"""The 申报险种 ticks on the 申报表 (issue #12 leftovers): a row that ticks no type declares
every type the unit is insured for, and the form says which with √ in their columns, on
step 3, the case page and the PDF; a row that ticks some prints those. The unit of these
tests pays pension and unemployment (WE-01/02), not work injury."""

import datetime as dt
import re

import pytest
from django.test import Client

from shebao.cases import services as cases
from shebao.documents.pdf import case_report_html
from shebao.documents.reports import case_report
from shebao.registry.choices import InsuranceType, UnitInsuranceStatus

from .arrears_helpers import add_rows
from .conftest import MONTHLY, draft
from .test_arrears_unit_wide import hire
from .test_money_pages import we01_staff

PENSION, UNEMPLOYMENT, INJURY = "城镇职工基本养老保险(√)", "失业保险(√)", "工伤保险(√)"


def ticks(case):
    report = case_report(case)
    labels = [c.label for c in report.columns[1:]]
    cells = [c.text for c in report.rows[0].cells]
    values = dict(zip(labels, cells, strict=True))
    return values[PENSION], values[UNEMPLOYMENT], values[INJURY]


def tick_cells(html):
    """The tick cells of the 申报表's first row, as printed."""
    table = re.search(r'<table class="report__table.*?</table>', html, re.S)
    assert table, "no 申报表 table"
    row = re.search(r"<tbody>\s*<tr.*?</tr>", table.group(0), re.S).group(0)
    return [
        " ".join(re.sub(r"<[^>]+>", "", c).split())
        for c in re.findall(r'<td class="[^"]*report__cell--tick[^"]*".*?</td>', row, re.S)
    ]


@pytest.fixture
def client(operator):
    c = Client()
    c.force_login(operator)
    return c


def test_a_declaration_ticking_no_type_prints_every_type_it_declares(
    policy, unit, operator, client
):
    we01_staff(unit)
    case = draft(MONTHLY, unit, operator)
    assert cases.case_row_add(case=case, raw={"period": "202103"}).passed
    cases.case_step_set(case=case, step=3)

    assert ticks(case) == ("√", "√", "")
    step3 = client.get(f"/cases/{case.pk}/step/3/").content.decode()
    assert tick_cells(step3) == ["√", "√", ""]

    case = cases.case_submit(case=case, actor=operator)
    assert tick_cells(client.get(f"/cases/{case.pk}/").content.decode()) == ["√", "√", ""]
    assert tick_cells(case_report_html(case)) == ["√", "√", ""]  # the PDF's source


def test_a_printed_declaration_keeps_the_types_it_declared(policy, unit, operator):
    """Suspending unemployment later does not rewrite the form of March's declaration."""
    we01_staff(unit)
    case = draft(MONTHLY, unit, operator)
    assert cases.case_row_add(case=case, raw={"period": "202103"}).passed
    case = cases.case_submit(case=case, actor=operator)
    unit.insurances.filter(insurance_type=InsuranceType.UNEMPLOYMENT).update(
        status=UnitInsuranceStatus.SUSPENDED
    )

    assert ticks(case) == ("√", "√", "")


def test_a_declaration_ticking_one_type_prints_that_one(policy, unit, operator):
    we01_staff(unit)
    case = draft(MONTHLY, unit, operator)
    assert cases.case_row_add(case=case, raw={"period": "202103", "unemployment": "√"}).passed

    assert ticks(case) == ("", "√", "")


def test_a_unit_wide_back_payment_ticking_no_type_prints_the_types_it_books(
    policy, unit, operator, on
):
    on(dt.date(2021, 8, 13))
    for name in ("张三", "李四"):
        hire(unit, name)
    case, (stored,) = add_rows(
        "hb_unit_whole_back_payment",
        unit,
        operator,
        {"start_period": "202102", "end_period": "202102"},
    )
    assert stored.passed, stored.errors

    assert ticks(case) == ("√", "√", "")
