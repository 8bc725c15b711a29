"""Step 3's banner counts the rows in the service's own word (issue #12 leftovers): an
enrolment confirms 人, the monthly declaration 条申报 (it is not a roster of persons), a
unit's insurance type change 条."""

import re

import pytest
from django.test import Client

from shebao.cases import services as cases
from shebao.services.registry import registry
from tests.web.helpers import draft_case

from .conftest import MONTHLY, draft
from .test_money_pages import we01_staff


@pytest.fixture
def client(operator):
    c = Client()
    c.force_login(operator)
    return c


def banner(client, case):
    html = client.get(f"/cases/{case.pk}/step/3/").content.decode()
    found = re.search(r"请核对申报表（(.*?)）", html)
    assert found, "no confirmation banner"
    return found.group(1)


def test_the_monthly_declaration_confirms_its_declarations_not_persons(
    policy, unit, operator, client
):
    we01_staff(unit)  # two persons, one declaration
    case = draft(MONTHLY, unit, operator)
    assert cases.case_row_add(case=case, raw={"period": "202103"}).passed
    cases.case_step_set(case=case, step=3)

    assert banner(client, case) == "共 1 条申报"


def test_an_enrolment_confirms_its_persons(unit, operator, client):
    case = draft_case(unit, operator, rows=2)
    cases.case_step_set(case=case, step=3)

    assert banner(client, case) == "共 2 人"


def test_each_service_counts_in_its_own_word():
    words = {spec.code: spec.count_noun_of() for spec in registry}
    assert words["hb_employee_enrolment"] == "人"
    assert words["hb_employee_insurance_suspension"] == "人"
    assert words[MONTHLY] == "条申报"
    assert words["hb_unit_insurance_type_addition"] == "条"
