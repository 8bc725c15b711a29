"""Issue #12 §9, the keyboard and screen-reader parts: a skip link to the content, the phone
menu behind a button, and 【添加校验】 leaving the focus on its result, which is read out."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.web.helpers import draft_case

from .test_accessibility import login


@pytest.fixture
def draft(transactional_db):
    unit = factories.unit(region_obj=factories.region(), name="武汉键盘测试有限公司")
    operator = factories.operator(unit, username="keyboard_operator")
    return draft_case(unit, operator, rows=0)


def test_skip_link_is_the_first_tab_stop_and_leads_to_the_content(page, draft):
    login(page, "keyboard_operator")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到主要内容")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_the_phone_menu_folds_behind_a_button(page, draft):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "keyboard_operator")
    records = page.get_by_role("link", name="办件记录", exact=True)
    expect(records).to_be_hidden()
    menu = page.get_by_role("button", name="菜单")
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(records).to_be_visible()
    expect(page.get_by_role("button", name="退出")).to_be_visible()


def test_add_and_check_leaves_the_focus_on_its_result_and_reads_it_out(page, draft):
    login(page, "keyboard_operator")
    page.goto(f"{page.base_url}/cases/{draft.pk}/step/2/?tab=single")
    page.locator("#id_id_number").fill(factories.id_number())
    page.locator("#id_name").fill("李小明")
    page.locator("#id_ethnicity").select_option(index=1)
    page.locator("#id_work_start_date").fill("2024-03-01")
    page.locator("#id_monthly_wage").fill("5000")
    page.locator("#id_pension").check()
    page.locator("#id_mobile").fill("13812345678")
    page.locator("#id_mobile").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # 添加校验 by keyboard
    result = page.locator(".messages")
    expect(result).to_contain_text("第 1 行已添加，校验通过")
    expect(result).to_be_focused()
    expect(page.locator("#live")).to_have_text("第 1 行已添加，校验通过")
    expect(page.locator("#live")).to_have_attribute("aria-live", "polite")


def test_the_file_chooser_shows_its_focus(page, draft):
    login(page, "keyboard_operator")
    page.goto(f"{page.base_url}/cases/{draft.pk}/step/2/?tab=batch")
    chooser = page.locator("label[for=import-file]")
    before = chooser.evaluate("el => getComputedStyle(el).outlineStyle")
    page.locator("#import-file").focus()
    after = chooser.evaluate("el => getComputedStyle(el).outlineStyle")
    assert before == "none" and after == "solid"
