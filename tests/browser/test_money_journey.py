"""Money where it is confirmed, in a real browser (issue #12 §3).

The operator opens §3.3.26, ticks bill lines in 待征集信息 and reads the running total
(WE-01 pension 4,267.20, with WE-02 unemployment 4,445.00); the confirmation page shows the
same per-type amounts worked out by the server. The §3.3.22 confirmation shows the WE-01/02
amounts before submitting. ``SHEBAO_SCREENSHOTS=dir`` saves both confirmations and the
ticked table at desktop (1280) and phone (390 x 844) width.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from shebao.contributions.models import Bill
from shebao.policy.seed import policy_seed
from tests import factories

from .test_enrolment_batch_journey import login

SHOTS = os.environ.get("SHEBAO_SCREENSHOTS", "")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def shot(page, name: str) -> None:
    """The page at desktop and phone width, when screenshots are asked for."""
    if not SHOTS:
        return
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(Path(SHOTS) / f"money-{name}-{label}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


@pytest.fixture
def people(transactional_db):
    region = factories.region()
    policy_seed(region)  # 16 % / 8 % pension, 0.7 % / 0.3 % unemployment
    unit = factories.unit(region_obj=region, name="武汉缴费测试有限公司")
    for name in ("陈晓明", "林秀英"):
        for e in factories.enrol(factories.person(name=name), unit, start=dt.date(2019, 1, 1)):
            e.monthly_wage = Decimal("8888")  # base 8890 (WE-01/02)
            e.save()
    operator = factories.operator(unit, username="browser_operator")
    return unit, operator


def step1(page, service: str) -> None:
    page.goto(page.base_url + f"/services/{service}/")
    page.get_by_label("申报人").fill("王建")
    page.get_by_label("手机号码").fill("18555555555")
    page.locator("#id_agreement").check()
    page.get_by_role("button", name="下一步").click()


def save_and_confirm(page) -> None:
    page.get_by_role("button", name="添加校验").click()
    expect(page.locator("#failed + .table-wrap")).to_contain_text("没有校验不通过的数据")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".money")).to_be_visible()


#: The 申报表's title, unit fields, money, declaration and signature fields: whether each lies
#: inside the visible part of the form's frame (as the page opens, not scrolled sideways).
SIGNATURE_IN_VIEW = """() => {
  const frame = document.querySelector('.report').getBoundingClientRect();
  const parts = [...document.querySelectorAll(
    '.report__title, .report__unit > span, .report .money__table, .report__notes, ' +
    '.report__declaration, .report__signature > span')];
  return parts.map(p => {
    const box = p.getBoundingClientRect();
    return [p.textContent.trim().slice(0, 6), box.left >= frame.left && box.right <= frame.right];
  });
}"""


def signature_in_view(page) -> None:
    """On a 390 px phone the table scrolls in its frame; the title, the unit, the money
    and the signature line do not."""
    page.set_viewport_size(PHONE)
    parts = page.evaluate(SIGNATURE_IN_VIEW)
    page.set_viewport_size(DESKTOP)
    assert len(parts) == 8 and all(inside for _label, inside in parts), parts


def test_monthly_confirmation_then_bill_lines_ticked_with_a_running_total(page, people):
    unit, operator = people
    login(page, "browser_operator")

    # §3.3.22: the confirmation shows what will be declared, per type
    step1(page, "hb_monthly_contribution_declaration")
    page.get_by_label("费款所属期").fill("202103")
    save_and_confirm(page)
    money = page.locator(".money")
    expect(money.locator("tr", has_text="城镇职工基本养老保险")).to_contain_text("2,844.80")
    expect(money.locator("tr", has_text="失业保险")).to_contain_text("53.34")
    expect(money.locator(".money__grand")).to_have_text("4,445.00")
    expect(money.locator("h2")).to_contain_text("4,445.00")
    # the 申报险种 the declaration covers are ticked although the row ticks none
    ticks = page.locator(".report__table tbody tr").first.locator(".report__cell--tick")
    expect(ticks).to_have_text(["√", "√", ""])
    signature_in_view(page)
    shot(page, "monthly-step3")
    page.get_by_role("button", name="确认提交").click()
    expect(page.locator(".money .money__grand")).to_have_text("4,445.00")
    shot(page, "monthly-result")

    # §3.3.26: tick the lines; the running total follows, the server confirms it
    step1(page, "hb_payment_document_issue")
    total = page.locator("[data-pick-total]")
    expect(total.locator("[data-pick-sum]")).to_have_text("0.00")
    table = page.locator("#info-table")
    table.locator("tr", has_text="城镇职工基本养老保险").get_by_role("checkbox").check()
    expect(total.locator("[data-pick-sum]")).to_have_text("4,267.20")
    expect(total.locator("[data-pick-count]")).to_have_text("1")
    table.locator("tr", has_text="失业保险").get_by_role("checkbox").check()
    expect(total.locator("[data-pick-sum]")).to_have_text("4,445.00")
    table.locator("tr", has_text="失业保险").get_by_role("checkbox").uncheck()
    expect(total.locator("[data-pick-sum]")).to_have_text("4,267.20")
    page.get_by_label("征集类型").select_option("正常应缴")
    shot(page, "bill-step2")
    save_and_confirm(page)
    money = page.locator(".money")
    expect(money.locator(".money__grand")).to_have_text("4,267.20")
    expect(money).not_to_contain_text("失业保险")
    shot(page, "bill-step3")
    page.get_by_role("button", name="确认提交").click()
    expect(page.locator(".money .money__grand")).to_have_text("4,267.20")
    bill = Bill.objects.get(unit=unit)
    assert bill.total_amount == Decimal("4267.20")
