"""多单位经办人: one operator serving several units picks the unit to act for and can switch."""

from __future__ import annotations

import pytest
from django.test import Client

from shebao.audit.models import AuditEvent
from shebao.cases.models import Case
from shebao.identity.models import OperatorUnit
from tests import factories
from tests.web.helpers import ENROLMENT, draft_case

pytestmark = pytest.mark.django_db

PASSWORD = "Test-pass-123"


@pytest.fixture
def second_unit(region, operator):
    unit = factories.unit(region_obj=region, name="武汉第二测试有限公司")
    OperatorUnit.objects.create(user=operator, unit=unit)
    return unit


def test_after_login_the_operator_picks_the_unit(operator, unit, second_unit):
    client = Client()
    response = client.post("/login/", {"username": operator.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith("/account/units/")
    page = client.get(response["Location"]).content.decode()
    assert unit.name in page and second_unit.name in page

    chosen = client.post(
        "/account/units/", {"unit": second_unit.pk, "next": "/cases/"}, follow=True
    )
    assert chosen.redirect_chain[-1][0] == "/cases/"
    assert "当前经办单位已切换为" in chosen.content.decode()
    assert chosen.context["acting_unit"] == second_unit

    client.post(f"/services/{ENROLMENT}/")
    case = Case.objects.latest("pk")
    assert (case.unit, case.operator) == (second_unit, operator)
    assert AuditEvent.objects.get(case=case, event_type="case.create").acting_unit == second_unit


def test_switching_hides_the_other_units_cases(operator, unit, second_unit):
    draft = draft_case(unit, operator)
    client = Client()
    client.force_login(operator)
    assert client.get(f"/cases/{draft.pk}/").status_code == 200
    home = client.get("/").content.decode()
    assert "切换单位" in home

    client.post("/account/units/", {"unit": second_unit.pk})
    assert client.get(f"/cases/{draft.pk}/").status_code == 404
    client.post("/account/units/", {"unit": unit.pk})
    assert client.get(f"/cases/{draft.pk}/").status_code == 200


def test_a_unit_that_is_not_yours_cannot_be_chosen(operator, unit, second_unit, region):
    stranger_unit = factories.unit(region_obj=region)
    client = Client()
    client.force_login(operator)
    response = client.post("/account/units/", {"unit": stranger_unit.pk})
    assert response.status_code == 403
    assert "您不是该单位的经办人" in response.content.decode()
    assert client.post("/account/units/", {"unit": "x"}).status_code == 403


def test_an_outside_next_is_not_followed(operator, second_unit):
    client = Client()
    client.force_login(operator)
    response = client.post(
        "/account/units/", {"unit": second_unit.pk, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_an_operator_of_one_unit_goes_straight_home(operator):
    client = Client()
    response = client.post("/login/", {"username": operator.username, "password": PASSWORD})
    assert response["Location"] == "/"
    assert "切换单位" not in client.get("/").content.decode()
