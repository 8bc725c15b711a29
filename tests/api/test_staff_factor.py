"""Staff act through the API only with the second factor: the reviewer refused by the back
office for want of a TOTP code is refused by the API too, on the session and with a token."""

import pytest
from rest_framework.test import APIClient

from shebao.api.access import SECOND_FACTOR_REQUIRED
from tests import factories

from .conftest import client_for

PASSWORD = "Test-pass-123"


def password_session(user) -> APIClient:
    """Logged in with the password alone: the session django-otp does not count as verified."""
    client = APIClient()
    client.force_login(user)
    return client


def status_of(api, serial) -> str:
    return api.get(f"/api/v1/cases/{serial}").json()["status"]


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_a_password_session_cannot_decide(api, reviewer, submitted, action):
    serial = submitted["serial_no"]
    response = password_session(reviewer).post(
        f"/api/v1/cases/{serial}/{action}", {"reason": "材料不全"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == SECOND_FACTOR_REQUIRED
    assert status_of(api, serial) == "under_review"


def test_a_password_session_cannot_roll_back(api, review_api, reviewer, submitted):
    serial = submitted["serial_no"]
    assert review_api.post(f"/api/v1/cases/{serial}/approve").status_code == 200
    response = password_session(reviewer).post(
        f"/api/v1/cases/{serial}/rollback", {"reason": "误审"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == SECOND_FACTOR_REQUIRED
    assert status_of(api, serial) == "approved"


def test_a_password_session_reads_neither_queue_nor_case(reviewer, submitted):
    client = password_session(reviewer)
    assert client.get("/api/v1/review/cases").status_code == 403
    assert client.get(f"/api/v1/cases/{submitted['serial_no']}").status_code == 403


def test_a_verified_session_decides(api, reviewer, submitted):
    client = factories.staff_client(reviewer, APIClient())
    serial = submitted["serial_no"]
    response = client.post(f"/api/v1/cases/{serial}/approve")
    assert response.status_code == 200, response.json()
    assert status_of(api, serial) == "approved"


def test_a_staff_token_without_the_code_cannot_decide(api, reviewer, submitted):
    serial = submitted["serial_no"]
    response = client_for(reviewer, second_factor=False).post(f"/api/v1/cases/{serial}/approve")
    assert response.status_code == 403
    assert response.json()["detail"] == SECOND_FACTOR_REQUIRED
    assert status_of(api, serial) == "under_review"


def test_a_token_from_password_and_code_decides(api, reviewer, submitted):
    client = APIClient()
    login = client.post(
        "/api/v1/auth/token",
        {
            "username": reviewer.username,
            "password": PASSWORD,
            "otp_token": factories.totp_code(reviewer),
        },
        format="json",
    )
    assert login.status_code == 200, login.json()
    client.credentials(HTTP_AUTHORIZATION=f"Token {login.json()['token']}")
    serial = submitted["serial_no"]
    assert client.post(f"/api/v1/cases/{serial}/approve").status_code == 200
    assert status_of(api, serial) == "approved"
