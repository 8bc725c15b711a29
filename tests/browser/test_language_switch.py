"""The header's language button in a real browser: English for this user only, from any page,
and back to Chinese. Screenshots go to $SHEBAO_SCREENSHOTS when it is set (a layout check)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import expect

from tests import factories

from .test_enrolment_batch_journey import PASSWORD

SHOTS = os.environ.get("SHEBAO_SCREENSHOTS")


@pytest.fixture
def operator_unit(transactional_db):
    unit = factories.unit(region_obj=factories.region(), name="武汉语言测试有限公司")
    factories.operator(unit, username="language_operator")
    yield unit
    translation.activate(settings.LANGUAGE_CODE)


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_language_button_switches_to_english_and_back(page, operator_unit):
    page.goto(page.base_url + "/login/")
    expect(page.locator("h1")).to_have_text("用户登录")
    page.get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_have_text("User login")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    shot(page, "login-en")

    page.get_by_label("Username").fill("language_operator")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Case records", exact=True)).to_be_visible()
    shot(page, "home-en")
    page.goto(page.base_url + "/cases/")
    shot(page, "records-en")
    if SHOTS:
        for width in (1024, 390):
            page.set_viewport_size({"width": width, "height": 900})
            shot(page, f"records-en-{width}")
        page.set_viewport_size({"width": 1400, "height": 1000})  # phones fold the menu away

    page.get_by_role("button", name="简体中文").click()
    expect(page.get_by_role("link", name="办件记录", exact=True)).to_be_visible()
    assert page.url.endswith("/cases/")
