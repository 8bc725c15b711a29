import datetime as dt

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests import factories

ENROLMENT = "hb_employee_enrolment"
SUSPENSION = "hb_employee_insurance_suspension"


def client_for(user) -> APIClient:
    """An API client that sends the user's token, like an HR system would."""
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
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
