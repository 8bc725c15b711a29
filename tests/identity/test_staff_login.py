"""Staff log in with password plus TOTP; repeated failures lock the account for a while."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from shebao.identity.models import Reviewer
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "Test-pass-123"


def login(client, user, **extra):
    return client.post("/login/", {"username": user.username, "password": PASSWORD, **extra})


def test_password_alone_is_not_enough_for_a_reviewer(reviewer):
    client = Client()
    response = login(client, reviewer)
    assert response.status_code == 200
    assert "机构工作人员登录须填写动态口令" in response.content.decode()
    assert client.get("/backoffice/").status_code == 302  # still anonymous


def test_password_and_current_code_open_the_back_office(reviewer):
    client = Client()
    response = login(client, reviewer, otp_token=factories.totp_code(reviewer))
    assert response.status_code == 302
    assert client.get("/backoffice/").status_code == 200


def test_a_used_code_cannot_be_replayed(reviewer):
    code = factories.totp_code(reviewer)
    assert login(Client(), reviewer, otp_token=code).status_code == 302
    again = login(Client(), reviewer, otp_token=code)
    assert again.status_code == 200 and "动态口令不正确或已过期" in again.content.decode()


def test_a_password_session_without_the_code_is_sent_back_to_login(reviewer):
    client = Client()
    client.force_login(reviewer)
    response = client.get("/backoffice/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_wrong_codes_lock_the_account_then_even_the_right_code_is_refused(reviewer, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, reviewer, otp_token="000000").status_code == 200
    locked = login(client, reviewer, otp_token="000000")
    assert locked.status_code == 429
    assert "账号已锁定" in locked.content.decode() and "15 分钟后再试" in locked.content.decode()
    right = login(Client(), reviewer, otp_token=factories.totp_code(reviewer))
    assert right.status_code == 429


def test_an_operator_is_locked_after_repeated_wrong_passwords(operator, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": operator.username, "password": "wrong"})
    response = login(client, operator)
    assert response.status_code == 429 and "账号已锁定" in response.content.decode()


def test_an_operator_needs_no_code(operator):
    client = Client()
    assert login(client, operator).status_code == 302
    assert client.get("/").status_code == 200


def test_a_new_reviewer_binds_a_device_on_first_login(region):
    user = get_user_model().objects.create_user("newrv", password=PASSWORD)
    Reviewer.objects.create(user=user, region=region)
    client = Client()
    response = login(client, user)
    assert response.status_code == 302 and response["Location"] == "/account/totp/"
    assert client.get("/backoffice/")["Location"] == "/account/totp/"

    page = client.get("/account/totp/").content.decode()
    assert "<svg" in page and "绑定动态口令" in page
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    wrong = client.post("/account/totp/", {"otp_token": "000000"})
    assert wrong.status_code == 400 and "动态口令不正确" in wrong.content.decode()
    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0)  # time passes

    device.refresh_from_db()
    code = f"{TOTP(device.bin_key).token():06d}"  # what the phone shows after scanning
    bound = client.post("/account/totp/", {"otp_token": code})
    assert bound.status_code == 302
    assert TOTPDevice.objects.get(user=user).confirmed
    assert client.get("/backoffice/").status_code == 200


def test_an_operator_has_no_device_to_bind(operator):
    client = Client()
    client.force_login(operator)
    assert client.get("/account/totp/").status_code == 403


def test_api_token_for_staff_needs_the_code(reviewer, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # the wait after a wrong code outlasts a slow run
    api = APIClient()
    url = "/api/v1/auth/token"
    creds = {"username": reviewer.username, "password": PASSWORD}
    missing = api.post(url, creds, format="json")
    assert missing.status_code == 400 and "动态口令" in missing.json()["detail"]
    wrong = api.post(url, {**creds, "otp_token": "000000"}, format="json")
    assert wrong.status_code == 400 and "动态口令不正确" in wrong.json()["detail"]
    throttled = api.post(url, {**creds, "otp_token": factories.totp_code(reviewer)}, format="json")
    assert throttled.status_code == 400 and "秒后再试" in throttled.json()["detail"]
    TOTPDevice.objects.filter(user=reviewer).update(throttling_failure_count=0)  # time passes
    good = api.post(url, {**creds, "otp_token": factories.totp_code(reviewer)}, format="json")
    assert good.status_code == 200 and good.json()["token"]


def test_api_token_refused_to_staff_without_a_device(region):
    user = get_user_model().objects.create_user("nodevice", password=PASSWORD)
    Reviewer.objects.create(user=user, region=region)
    response = APIClient().post(
        "/api/v1/auth/token", {"username": "nodevice", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 400 and "绑定动态口令" in response.json()["detail"]


def test_api_lockout_is_a_429_with_the_reason(operator, settings):
    api = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api.post(
            "/api/v1/auth/token", {"username": operator.username, "password": "x"}, format="json"
        )
    response = api.post(
        "/api/v1/auth/token", {"username": operator.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 429 and "账号已锁定" in response.json()["detail"]


def test_otp_code_command_prints_the_current_code(reviewer):
    out = io.StringIO()
    call_command("otp_code", reviewer.username, stdout=out)
    assert out.getvalue().strip() == factories.totp_code(reviewer)
