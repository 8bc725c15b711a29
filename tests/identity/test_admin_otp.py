"""The admin site is django-otp's OTPAdminSite: a password alone opens nothing, the admin login
asks for the 动态口令, and an admin user without a device binds one like any staff member."""

from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.admin import OTPAdminSite

from shebao.identity import staff
from tests import factories

PASSWORD = "Test-pass-123"


def test_the_admin_site_is_the_otp_one():
    assert isinstance(admin.site, OTPAdminSite)
    assert admin.site.name == "admin"


def test_a_password_session_is_not_let_into_the_admin(db):
    client = Client()
    client.force_login(factories.admin_user())
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get("/admin/pki/unitcertificate/").status_code == 302


def test_the_admin_login_needs_the_code(db):
    user = factories.admin_user()
    client = Client()
    refused = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert refused.status_code == 200
    assert staff.TOKEN_REQUIRED in refused.content.decode()
    assert client.get("/admin/").status_code == 302
    admitted = client.post(
        "/admin/login/",
        {"username": user.username, "password": PASSWORD, "otp_token": factories.totp_code(user)},
    )
    assert admitted.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_and_counts_towards_the_lockout(db):
    user = factories.admin_user()
    client = Client()
    good = factories.totp_code(user)
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    refused = client.post(
        "/admin/login/", {"username": user.username, "password": PASSWORD, "otp_token": wrong}
    )
    assert refused.status_code == 200
    assert staff.TOKEN_WRONG in refused.content.decode()
    assert client.get("/admin/").status_code == 302
    assert AccessAttempt.objects.get(username=user.username).failures_since_start == 1


def test_the_code_of_another_users_device_does_not_help(db):
    user = factories.admin_user()
    other = factories.admin_user("other")
    client = Client()
    other_device = staff.confirmed_device(other)
    assert other_device is not None
    client.post(
        "/admin/login/",
        {
            "username": user.username,
            "password": PASSWORD,
            "otp_device": other_device.persistent_id,
            "otp_token": factories.totp_code(other),
        },
    )
    assert client.get("/admin/").status_code == 302


def test_a_verified_session_opens_the_admin(db):
    assert factories.staff_client(factories.admin_user()).get("/admin/").status_code == 200


def test_an_admin_user_without_a_device_binds_one_on_first_login(db):
    get_user_model().objects.create_user("newadmin", password=PASSWORD, is_staff=True)
    refused = Client().post("/admin/login/", {"username": "newadmin", "password": PASSWORD})
    assert refused.status_code == 200
    response = Client().post("/login/", {"username": "newadmin", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/account/totp/"
