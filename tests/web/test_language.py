"""English pages: when the user picks English with the header's language button, or when the
browser asks for English and the user has picked nothing (issue #12 §10).

The choice is the cookie of Django's ``set_language`` view and wins over ``Accept-Language``;
without either, Chinese.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.utils import translation

from .helpers import submitted_case

pytestmark = pytest.mark.django_db

PO = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"


@pytest.fixture(autouse=True, scope="module")
def _compiled_catalogue():
    """`make pytest` builds the .mo; a bare pytest run builds it here when it is stale."""
    mo = PO.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < PO.stat().st_mtime:
        subprocess.run(["msgfmt", "--check", "-o", str(mo), str(PO)], check=True)
    with override_settings(LOCALE_PATHS=settings.LOCALE_PATHS):  # drops cached catalogues
        yield


@pytest.fixture(autouse=True)
def _chinese_afterwards():
    """A request activates its language for the thread; later tests expect Chinese."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def choose(client: Client, language: str, next_url: str = "/login/") -> None:
    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})
    assert response.status_code == 302 and response["Location"] == next_url


def test_chinese_by_default():
    for headers in (
        {},
        {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9,en;q=0.8"},
        {"HTTP_ACCEPT_LANGUAGE": "fr"},
    ):
        page = Client().get("/login/", **headers)
        html = page.content.decode()
        assert '<html lang="zh-Hans">' in html and "用户登录" in html
        assert page["Content-Language"] == "zh-hans"
        assert 'name="language" value="en"' in html  # the header offers English


def test_an_english_browser_gets_english_pages():
    for header in ("en-US,en;q=0.9", "fr,en-GB;q=0.8,zh;q=0.5"):
        page = Client().get("/login/", HTTP_ACCEPT_LANGUAGE=header)
        html = page.content.decode()
        assert '<html lang="en">' in html and "User login" in html
        assert page["Content-Language"] == "en"
        assert "Accept-Language" in page["Vary"] and "Cookie" in page["Vary"]


def test_the_language_button_wins_over_the_browser():
    client = Client()
    choose(client, "zh-hans")
    assert "用户登录" in client.get("/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_login_page_in_english_once_chosen():
    client = Client()
    choose(client, "en")
    html = client.get("/login/").content.decode()
    assert '<html lang="en">' in html
    assert "User login" in html and "Employer social insurance online services" in html
    assert "用户登录" not in html
    assert 'name="language" value="zh-hans"' in html  # and the way back

    choose(client, "zh-hans")
    assert "用户登录" in client.get("/login/").content.decode()


def test_an_unknown_language_cookie_means_chinese():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert "用户登录" in client.get("/login/").content.decode()


def test_portal_pages_and_messages_in_english(op_client, unit, operator):
    case = submitted_case(unit, operator)
    choose(op_client, "en", "/")
    home = op_client.get("/").content.decode()
    for text in ("Case records", "Queries", "Digital certificates", "Log out", "Operator"):
        assert text in home
    assert "办件记录" not in home

    records = op_client.get("/cases/").content.decode()
    assert case.serial_no in records and "Business serial no." in records

    withdrawn = op_client.post(f"/cases/{case.pk}/withdraw/", follow=True).content.decode()
    assert f"Case {case.serial_no} withdrawn" in withdrawn
