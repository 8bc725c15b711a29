"""Issue #15 §1 in a real browser: a passport holder enrolled through 单个添加, the 证件类型,
性别 and 出生日期 typed into the form. ``SHEBAO_SCREENSHOTS=dir`` saves the checked row."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from shebao.cases.models import CaseRow
from tests import factories

from .test_enrolment_batch_journey import login


@pytest.fixture
def employer(transactional_db):
    unit = factories.unit(region_obj=factories.region(), name="武汉外籍员工测试有限公司")
    factories.operator(unit, username="browser_operator")
    return unit


def test_a_passport_holder_through_the_single_form(page, employer):
    login(page, "browser_operator")
    page.goto(page.base_url + "/services/hb_employee_enrolment/")
    page.get_by_label("申报人").fill("王建")
    page.get_by_label("手机号码").fill("18555555555")
    page.locator("#id_agreement").check()
    page.get_by_role("button", name="下一步").click()
    page.get_by_role("tab", name="单个添加").click()

    form = page.locator("#row-form")
    form.locator("[name=id_type]").select_option("护照")
    form.locator("[name=id_number]").fill("E12345678")
    form.locator("[name=name]").fill("John Smith")
    form.locator("[name=gender]").select_option("男")
    form.locator("[name=birth_date]").fill("1990-05-01")
    ethnicity = form.locator("[name=ethnicity]")
    if ethnicity.evaluate("e => e.tagName") == "SELECT":
        ethnicity.select_option("其他")
    else:
        ethnicity.fill("其他")
    form.locator("[name=work_start_date]").fill("2025-03-01")
    form.locator("[name=monthly_wage]").fill("6000")
    form.locator("[name=pension]").check()
    form.locator("[name=mobile]").fill("13800138000")
    with page.expect_navigation():
        page.get_by_role("button", name="添加校验").click()

    row = CaseRow.objects.get(case__unit=employer)
    assert row.passed, row.errors
    assert row.cleaned["id_type"] == "护照"
    expect(page.locator("body")).to_contain_text("E1*****78")
    if folder := os.environ.get("SHEBAO_SCREENSHOTS"):
        page.screenshot(path=os.path.join(folder, "passport-enrolment.png"), full_page=True)
