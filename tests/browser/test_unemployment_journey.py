"""§3.3.67 and §3.3.66 in a real browser: R-TIME-10 refuses an old unemployment date on the
single form; a good row is submitted, approved, and the claim form then lists the person."""

from __future__ import annotations

import datetime as dt
import os

from playwright.sync_api import expect

from shebao.cases import services as cases
from shebao.cases.models import Case
from shebao.policy.seed import policy_seed
from tests.unemployment.conftest import suspended

from .test_contribution_journey import run_wizard
from .test_enrolment_batch_journey import login, people  # noqa: F401  (the fixture)

SHOTS = os.environ.get("SHEBAO_SCREENSHOTS", "")
HALL = "失业时间早于2019年11月，且与当前时间间隔超过60天，请前往大厅办理!"


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _fill(page, person, unemployed_on: str) -> None:
    form = page.locator("form", has=page.locator("[name=unemployed_on]"))
    for name, value in {
        "id_number": person.id_number,
        "name": person.name,
        "unemployed_on": unemployed_on,
        "medical_place": "武汉",
        "bank_account_name": person.name,
        "bank_card": "6222020200000000000",
        "contact_name": person.name,
        "contact_phone": "18555555555",
    }.items():
        form.locator(f"[name={name}]").fill(value)
    for name, value in {
        "reason": "被用人单位解除劳动合同",
        "hukou_type": "城镇",
        "wuhan_flag": "汉外",
    }.items():
        form.locator(f"[name={name}]").select_option(value)


def test_register_then_claim(page, people):  # noqa: F811
    unit, _operator, reviewer = people
    policy_seed(unit.region)
    old = suspended(unit, name="钱七", end=dt.date(2016, 9, 1))
    person = suspended(unit, name="赵六", end=dt.date(2024, 1, 31))
    login(page, "browser_operator")

    page.goto(page.base_url + "/services/hb_unemployed_persons_batch_add/")
    page.get_by_label("申报人").fill("王建")
    page.get_by_label("手机号码").fill("18555555555")
    page.locator("#id_agreement").check()
    page.get_by_role("button", name="下一步").click()
    _fill(page, old, "2016-09-01")
    page.get_by_role("button", name="添加校验").click()
    expect(page.locator("main")).to_contain_text(HALL)
    shot(page, "unemployment-hall-rule")

    serial = run_wizard(
        page, "hb_unemployed_persons_batch_add", lambda p: _fill(p, person, "2024-01-31")
    )
    shot(page, "unemployment-registration-result")
    cases.case_approve(case=Case.objects.get(serial_no=serial), reviewer=reviewer)

    page.goto(page.base_url + "/services/hb_unemployment_benefit_claim/")
    page.get_by_label("申报人").fill("王建")
    page.get_by_label("手机号码").fill("18555555555")
    page.locator("#id_agreement").check()
    page.get_by_role("button", name="下一步").click()
    expect(page.locator("main")).to_contain_text("本单位已登记失业人员")
    expect(page.locator("main")).to_contain_text(person.person_no)
    shot(page, "unemployment-claim-form")
