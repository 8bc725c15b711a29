"""The home page's service list in a real browser (issue #12 §7): the search filters the cards
as the clerk types, hides the empty modules and 常用业务, and a Hubei unit sees no Chongqing or
Nanjing service. ``SHEBAO_SCREENSHOTS=dir`` saves the page at desktop and phone width."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from shebao.cases import services as cases
from tests import factories

from .test_enrolment_batch_journey import PASSWORD

SHOTS = os.environ.get("SHEBAO_SCREENSHOTS")


@pytest.fixture
def operator_unit(transactional_db):
    unit = factories.unit(region_obj=factories.region(), name="湖北楚天云帆信息科技有限公司")
    operator = factories.operator(unit, username="home_operator")
    for code in ["hb_monthly_contribution_declaration"] * 3 + ["hb_employee_enrolment"] * 2:
        cases.case_start(service_code=code, unit=unit, operator=operator)
    cases.case_start(service_code="hb_employee_insurance_suspension", unit=unit, operator=operator)
    return unit


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_search_filters_the_cards_live(page, operator_unit):
    page.goto(page.base_url + "/login/")
    page.get_by_label("用户名").fill("home_operator")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    used = page.locator("[data-most-used]")
    expect(used).to_be_visible()
    expect(used.get_by_role("link").first).to_have_text("单位社会保险缴费申报")
    headings = page.locator(".service-group__title")
    expect(headings.first).to_have_text("常用业务")
    assert "重庆" not in page.locator("[data-service-list]").inner_text()
    assert "南京" not in page.locator("[data-service-list]").inner_text()
    if SHOTS:
        for width, height in ((1280, 900), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            shot(page, f"home-services-{width}")
        page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_label("搜索业务").fill("减员")
    cards = page.locator("[data-service-card]:visible")
    expect(cards).to_have_count(1)
    expect(cards.first.get_by_role("heading")).to_have_text("单位职工社会保险暂停")
    expect(used).to_be_hidden()
    expect(page.locator("[data-service-count]")).to_have_text("找到 1 项业务")
    expect(page.locator("[data-service-group]:visible .service-group__title")).to_have_text(
        ["社会保险缴费申报"]
    )
    shot(page, "home-search-1280")

    page.get_by_label("搜索业务").fill("不存在的业务")
    expect(page.locator("[data-service-card]:visible")).to_have_count(0)
    expect(page.locator("[data-service-count]")).to_have_text("没有找到相关业务，请换个关键词")

    page.get_by_label("搜索业务").fill("")
    expect(used).to_be_visible()
    assert page.locator("[data-service-card]:visible").count() > 20
