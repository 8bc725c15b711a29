"""Issue #12 §6 in a real browser: an empty 添加校验 puts the error summary (请修改以下问题) at
the top with the focus on it; a link in it takes the focus to its field. ``SHEBAO_SCREENSHOTS=dir``
saves the failed form at desktop and phone width."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from tests import factories

from .test_enrolment_batch_journey import login

SHOTS = os.environ.get("SHEBAO_SCREENSHOTS", "")


@pytest.fixture
def operator_unit(transactional_db):
    unit = factories.unit(region_obj=factories.region(), name="武汉表单测试有限公司")
    operator = factories.operator(unit, username="forms_operator")
    operator.first_name = "刘芳"
    operator.save()
    return unit


def test_an_empty_single_form_focuses_the_error_summary(page, operator_unit):
    login(page, "forms_operator")
    page.goto(page.base_url + "/services/hb_employee_enrolment/")
    expect(page.get_by_label("申报人")).to_have_value("刘芳")  # prefilled from the operator
    page.get_by_label("手机号码").fill("18555555555")
    page.locator("#id_agreement").check()
    page.get_by_role("button", name="下一步").click()

    page.get_by_role("button", name="添加校验").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("请修改以下问题")
    expect(summary.get_by_role("link", name="请填写姓名")).to_be_visible()
    expect(page.locator("#id_name")).to_have_attribute("aria-invalid", "true")
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/forms-failed-desktop.png", full_page=True)

    summary.get_by_role("link", name="请填写姓名").click()
    expect(page.locator("#id_name")).to_be_focused()

    if SHOTS:
        page.set_viewport_size({"width": 390, "height": 844})
        case_url = page.locator("#row-form").get_attribute("action").rsplit("rows/", 1)[0]
        page.goto(page.base_url + case_url + "step/2/?tab=single")
        page.get_by_role("button", name="添加校验").click()
        expect(page.locator("[data-error-summary]")).to_be_focused()
        page.screenshot(path=f"{SHOTS}/forms-failed-phone.png", full_page=True)


def test_an_empty_step1_focuses_the_summary_and_names_the_agreement(page, operator_unit):
    login(page, "forms_operator")
    page.goto(page.base_url + "/services/hb_employee_insurance_suspension/")
    page.get_by_label("申报人").fill("")
    page.get_by_role("button", name="下一步").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="请填写申报人")).to_be_visible()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/forms-step1-failed-desktop.png", full_page=True)
