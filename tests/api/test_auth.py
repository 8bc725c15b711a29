"""POST /api/v1/auth/token: a token for a username and password; everything else needs it."""

from rest_framework.test import APIClient

from tests import factories


def test_token_for_good_credentials_opens_the_api(operator):
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token",
        {"username": operator.username, "password": "Test-pass-123"},
        format="json",
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert len(token) == 64

    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/services").status_code == 200

    # Each login gets its own token (knox); the first one keeps working.
    again = APIClient().post(
        "/api/v1/auth/token",
        {"username": operator.username, "password": "Test-pass-123"},
        format="json",
    )
    assert again.json()["token"] != token
    assert client.get("/api/v1/services").status_code == 200


def test_bad_password_is_refused_in_chinese_by_default(operator):
    for headers in ({}, {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9,en;q=0.8"}):
        response = APIClient().post(
            "/api/v1/auth/token",
            {"username": operator.username, "password": "wrong"},
            format="json",
            **headers,
        )
        assert response.status_code == 400
        assert response.json() == {"detail": "用户名或密码不正确，或账号已停用"}


def test_bad_password_is_refused_in_english_when_the_client_asks_for_it(operator):
    response = APIClient().post(
        "/api/v1/auth/token",
        {"username": operator.username, "password": "wrong"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9",
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Incorrect user name or password, or the account is disabled"
    }
    assert response["Content-Language"] == "en"


def test_inactive_user_gets_no_token(unit):
    user = factories.operator(unit)
    user.is_active = False
    user.save()
    response = APIClient().post(
        "/api/v1/auth/token", {"username": user.username, "password": "Test-pass-123"}
    )
    assert response.status_code == 400


def test_missing_password_names_the_field(operator):
    response = APIClient().post(
        "/api/v1/auth/token", {"username": operator.username}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("密码：")


def test_missing_password_names_the_field_in_english_when_asked(operator):
    response = APIClient().post(
        "/api/v1/auth/token",
        {"username": operator.username},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Password: This field is required."


def test_without_token_the_answer_is_401_in_chinese(db):
    response = APIClient().get("/api/v1/cases")
    assert response.status_code == 401
    assert response.json()["detail"] == "身份认证信息未提供。"


def test_drf_messages_in_english_when_the_client_asks_for_it(db):
    response = APIClient().get("/api/v1/cases", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json()["detail"] == "Authentication credentials were not provided."


def test_a_wrong_token_is_refused(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 64)
    response = client.get("/api/v1/services")
    assert response.status_code == 401
    assert response.json()["detail"] == "认证令牌无效。"
    english = client.get("/api/v1/services", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["detail"] == "Invalid token."
