import datetime as dt

import pytest
from rest_framework.test import APIClient

from shebao.api.tokens import token_issue
from shebao.identity import staff
from tests import factories

ENROLMENT = "hb_employee_enrolment"
SUSPENSION = "hb_employee_insurance_suspension"


def client_for(user, *, second_factor: bool | None = None) -> APIClient:
    """An API client that sends a token of the user, like an HR system would; a staff
    member's token stands for a password + TOTP login (tested in test_auth) unless told not."""
    if second_factor is None:
        second_factor = staff.is_staff_member(user)
    _token, key = token_issue(user=user, second_factor=second_factor)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def enrolment_row(**overrides):
    data = {
        "id_number": factories.id_number(dt.date(1993, 1, 1)),
        "name": "李四",
        "ethnicity": "汉族",
        "work_start_date": "2024-03-01",
        "monthly_wage": "6000",
        "pension": True,
        "unemployment": True,
        "mobile": "13800138000",
    }
    data.update(overrides)
    return data


def declaration(*rows, **overrides):
    data = {
        "service": ENROLMENT,
        "declarant": "王建",
        "declarant_mobile": "18555555555",
        "remarks": "新进职工",
        "agreement_accepted": True,
        "rows": list(rows) or [enrolment_row()],
    }
    data.update(overrides)
    return data


@pytest.fixture
def api(operator):
    return client_for(operator)


@pytest.fixture
def review_api(reviewer):
    return client_for(reviewer)


@pytest.fixture
def submitted(api):
    """A case submitted through the API, waiting for review."""
    response = api.post("/api/v1/cases", declaration(), format="json")
    assert response.status_code == 201, response.json()
    return response.json()
