"""API tokens (knox): one per login, stored hashed, expiring and renewed while used,
revoked by logout, logout-all and a password change; the admin shows no key."""

import datetime as dt

from django.apps import apps
from django.contrib import admin
from django.utils import timezone
from knox.models import AuthToken as ApiToken
from rest_framework.test import APIClient

PASSWORD = "Test-pass-123"


def login(user) -> tuple[APIClient, dict]:
    body = (
        APIClient()
        .post(
            "/api/v1/auth/token", {"username": user.username, "password": PASSWORD}, format="json"
        )
        .json()
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    return client, body


def works(client: APIClient) -> bool:
    return client.get("/api/v1/services").status_code == 200


def test_each_login_has_its_own_hashed_token_with_an_expiry(operator, settings):
    first, body = login(operator)
    second, other = login(operator)
    assert body["token"] != other["token"]
    assert works(first) and works(second)
    stored = ApiToken.objects.filter(user=operator)
    assert stored.count() == 2
    for token in stored:
        assert token.digest not in (body["token"], other["token"])
        assert len(token.digest) == 128  # sha512 of the key, the key itself is not kept
    expiry = dt.datetime.fromisoformat(body["expiry"])
    expected = timezone.now() + settings.REST_KNOX["TOKEN_TTL"]
    assert abs((expiry - expected).total_seconds()) < 60


def test_an_expired_token_is_refused_and_deleted(operator):
    client, _body = login(operator)
    ApiToken.objects.filter(user=operator).update(expiry=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/api/v1/services")
    assert response.status_code == 401
    assert response.json()["detail"] == "认证令牌无效。"
    assert not ApiToken.objects.filter(user=operator).exists()


def test_use_renews_the_token_up_to_the_maximum(operator, settings):
    client, _body = login(operator)
    token = ApiToken.objects.get(user=operator)
    ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() + dt.timedelta(minutes=5))
    assert works(client)
    token.refresh_from_db()
    assert token.expiry > timezone.now() + settings.REST_KNOX["TOKEN_TTL"] - dt.timedelta(minutes=1)
    # Logged in long ago: no renewal past created + the maximum, so the token runs out.
    long_ago = timezone.now() - settings.REST_KNOX["AUTO_REFRESH_MAX_TTL"]
    ApiToken.objects.filter(pk=token.pk).update(
        created=long_ago, expiry=timezone.now() + dt.timedelta(minutes=5)
    )
    assert works(client)
    token.refresh_from_db()
    assert token.expiry <= timezone.now() + dt.timedelta(minutes=5)


def test_logout_revokes_this_token_only(operator):
    first, _ = login(operator)
    second, _ = login(operator)
    assert first.post("/api/v1/auth/logout").status_code == 204
    assert not works(first)
    assert works(second)


def test_logout_all_revokes_every_token_of_the_user(operator):
    first, _ = login(operator)
    second, _ = login(operator)
    assert first.post("/api/v1/auth/logout-all").status_code == 204
    assert not works(first) and not works(second)


def test_logout_needs_a_token(operator):
    client = APIClient()
    client.force_login(operator)
    assert client.post("/api/v1/auth/logout").status_code == 401


def test_a_password_change_revokes_every_token(operator, other_operator):
    first, _ = login(operator)
    bystander, _ = login(other_operator)
    operator.first_name = "改名"
    operator.save()  # not a password change: the token lives
    assert works(first)
    operator.set_password("Another-pass-456")
    operator.save()
    assert not works(first)
    assert works(bystander)


def test_drf_authtoken_is_gone_and_the_admin_shows_no_key():
    assert not apps.is_installed("rest_framework.authtoken")
    model_admin = admin.site._registry[ApiToken]
    assert "digest" not in model_admin.get_fields(None)
    assert not model_admin.has_add_permission(None)  # knox's admin could make tokens
