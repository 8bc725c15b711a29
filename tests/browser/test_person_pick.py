"""Issue #10 §2 in a real browser: picking a person in the 人员信息查询窗口 fills the form with
the masked ID number only; the row is stored with the full number, filled in by the server."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from shebao.cases.models import CaseRow
from shebao.core.masking import Sensitive, mask
from shebao.registry.choices import EnrolmentStatus
from shebao.registry.models import Unit
from tests import factories

from .test_enrolment_batch_journey import login


@pytest.fixture
def former_staff(transactional_db):
    region = factories.region()
    unit = factories.unit(region_obj=region, name="武汉选人测试有限公司")
    factories.operator(unit, username="browser_operator")
    person = factories.person(name="陈选中", birth=dt.date(1991, 6, 1))
    factories.enrol(person, unit)
    person.enrolments.update(status=EnrolmentStatus.SUSPENDED)
    return unit, person


def test_pick_sends_no_full_number_and_stores_it(page, former_staff):
    unit, person = former_staff
    seen: list[str] = []
    page.on("response", lambda r: seen.append(r.text()) if "/persons/" in r.url else None)
    login(page, "browser_operator")
    page.goto(page.base_url + "/services/hb_employee_enrolment/")
    page.get_by_label("申报人").fill("王建")
    page.get_by_label("手机号码").fill("18555555555")
    page.locator("#id_agreement").check()
    page.get_by_role("button", name="下一步").click()
    page.get_by_role("tab", name="单个添加").click()

    page.locator(".lookup-open").click()
    dialog = page.locator("#lookup-dialog")
    expect(dialog.locator("#lookup-table")).to_contain_text("陈选中")
    expect(dialog.get_by_role("status")).to_contain_text("共 1 条")  # read out (issue #12 §9)
    with page.expect_response(lambda r: f"/persons/{person.pk}/" in r.url):
        dialog.get_by_role("button", name="选择").click()
    expect(page.locator("#row-form [name=id_number]")).to_have_value(
        mask(person.id_number, Sensitive.ID)
    )
    expect(page.locator("#row-form [name=name]")).to_have_value("陈选中")
    assert all(person.id_number not in body for body in seen)

    form = page.locator("#row-form")
    ethnicity = form.locator("[name=ethnicity]")
    if ethnicity.evaluate("e => e.tagName") == "SELECT":
        ethnicity.select_option("汉族")
    else:
        ethnicity.fill("汉族")
    form.locator("[name=work_start_date]").fill("2025-03-01")
    form.locator("[name=monthly_wage]").fill("6000")
    form.locator("[name=pension]").check()
    form.locator("[name=mobile]").fill("13800138000")
    with page.expect_navigation():
        page.get_by_role("button", name="添加校验").click()
    row = CaseRow.objects.get(case__unit=Unit.objects.get(pk=unit.pk))
    assert row.raw["id_number"] == person.id_number
    assert row.passed, row.errors


def test_pick_for_an_enrolment_fills_what_the_record_knows(page, former_staff):
    """Issue #12 §8: the enrolment's dialog offers former staff, not insured staff, and a pick
    fills 民族 and the phone from the person record."""
    unit, person = former_staff
    person.ethnicity, person.mobile = "回族", "13912345678"
    person.save()
    colleague = factories.person(name="李在职", birth=dt.date(1990, 2, 3))
    factories.enrol(colleague, unit)
    login(page, "browser_operator")
    page.goto(page.base_url + "/services/hb_employee_enrolment/")
    page.get_by_label("申报人").fill("王建")
    page.get_by_label("手机号码").fill("18555555555")
    page.locator("#id_agreement").check()
    page.get_by_role("button", name="下一步").click()
    page.get_by_role("tab", name="单个添加").click()

    page.locator(".lookup-open").click()
    dialog = page.locator("#lookup-dialog")
    expect(dialog.locator("#lookup-table")).to_contain_text("陈选中")
    expect(dialog.locator("#lookup-table")).not_to_contain_text("李在职")
    with page.expect_response(lambda r: f"/persons/{person.pk}/" in r.url):
        dialog.get_by_role("button", name="选择").click()
    form = page.locator("#row-form")
    expect(form.locator("[name=ethnicity]")).to_have_value("回族")
    expect(form.locator("[name=mobile]")).to_have_value("13912345678")
    expect(form.locator("[name=name]")).to_have_value("陈选中")
