"""The agency's monthly 失业保险金发放名单: who is due in a month, within the reviewer's region."""

import datetime as dt
import io

import openpyxl
import pytest

from shebao.unemployment.selectors import payments_due
from tests import factories

from .conftest import claim_row, draft, pay, register, suspended

pytestmark = pytest.mark.django_db


def _granted(unit, operator, reviewer, today, name="赵六"):
    from shebao.cases import services as cases

    person = suspended(unit, name=name, start=dt.date(2021, 1, 1), end=dt.date(2023, 12, 31))
    pay(person, unit, "202101", "202312")
    today.set(dt.date(2024, 1, 10))
    register(person, unit, operator, reviewer, unemployed_on="2023-12-31")
    case = draft("hb_unemployment_benefit_claim", unit, operator)
    cases.case_row_add(case=case, raw=claim_row(person))
    cases.case_approve(case=cases.case_submit(case=case, actor=operator), reviewer=reviewer)
    return person


def test_due_months_and_the_export(policy, unit, region, operator, reviewer, rv_client, today):
    person = _granted(unit, operator, reviewer, today)  # 202401..202412
    assert [b.person for b in payments_due(region=region, period="202401")] == [person]
    assert list(payments_due(region=region, period="202412"))
    assert not list(payments_due(region=region, period="202501"))
    assert not list(payments_due(region=region, period="202312"))

    page = rv_client.get("/backoffice/unemployment-payments/?period=202406")
    text = page.content.decode()
    assert page.status_code == 200 and person.name in text and "1,809.00" in text
    assert person.id_number not in text and "6222020200000000000" not in text  # masked

    export = rv_client.get("/backoffice/unemployment-payments/?period=202406&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert person.person_no in cells and 1809 in cells


def test_other_regions_benefits_are_not_listed(policy, region, reviewer, today):
    other_region = factories.region(code="420100", name="武汉市")
    from shebao.policy.seed import policy_seed

    policy_seed(other_region)
    other = factories.unit(region_obj=other_region)
    _granted(other, factories.operator(other), factories.reviewer(other_region), today)
    assert not list(payments_due(region=region, period="202401"))
    assert list(payments_due(region=other_region, period="202401"))
