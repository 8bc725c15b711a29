"""The engine draws the new services: info tables above the single form, the 申报表 with the
computed base and 保底/封顶 columns, on screen and as PDF."""

import datetime as dt
from decimal import Decimal

from django.test import Client

from shebao.cases import services as cases
from shebao.contributions.models import ContributionBase
from tests import factories

from .conftest import ANNUAL, MONTHLY, draft, upload_commitment


def test_monthly_single_tab_shows_the_unit_types_and_last_period(policy, unit, operator):
    p = factories.person(name="张三")
    factories.enrol(p, unit, start=dt.date(2019, 1, 1))
    ContributionBase.objects.create(
        person=p,
        unit=unit,
        year=2020,
        declared_wage=Decimal("8888"),
        base=Decimal("8890"),
        start_period="202007",
        end_period="202106",
    )
    case = draft(MONTHLY, unit, operator)
    assert cases.case_row_add(case=case, raw={"period": "202103"}).passed
    cases.case_submit(case=case, actor=operator)
    client = Client()
    client.force_login(operator)
    fresh = draft(MONTHLY, unit, operator)
    html = client.get(f"/cases/{fresh.pk}/step/2/?tab=single").content.decode()
    assert "单位参保险种" in html and "最大缴费期号" in html and "202103" in html
    assert 'id="info-table-2"' in html  # the comparison table


def test_annual_report_flags_the_floored_person_on_screen_and_pdf(policy, unit, operator):
    p = factories.person(name="李四")
    factories.enrol(p, unit, start=dt.date(2019, 1, 1))
    case = draft(ANNUAL, unit, operator)
    stored = cases.case_row_add(
        case=case,
        raw={"id_number": p.id_number, "name": p.name, "year": "2020", "wage": "2000"},
    )
    assert stored.passed, stored.errors
    upload_commitment(case, operator)
    cases.case_step_set(case=case, step=3)
    client = Client()
    client.force_login(operator)
    html = client.get(f"/cases/{case.pk}/step/3/").content.decode()
    assert "核定缴费基数(元)" in html and "3,900.00" in html and "保底" in html
    pdf = client.get(f"/cases/{case.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
