"""Issue #12 §5 in a real browser: the home page's alert leads a rejected case to 修改后重新申报,
and a draft is deleted only after the confirmation dialog."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from shebao.cases import services as cases
from shebao.cases.models import Case, CaseStatus
from tests import factories
from tests.web.helpers import draft_case, submitted_case

from .test_enrolment_batch_journey import login

REASON = "缴费工资填写有误"
SHOTS = os.environ.get("SHEBAO_SCREENSHOTS", "")


@pytest.fixture
def rejected(transactional_db):
    region = factories.region()
    unit = factories.unit(region_obj=region, name="武汉退件测试有限公司")
    operator = factories.operator(unit, username="browser_operator")
    reviewer = factories.reviewer(region)
    case = submitted_case(unit, operator)
    return cases.case_reject(case=case, reviewer=reviewer, reason=REASON), operator


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_resubmit_from_the_home_alert_and_discard_a_draft(page, rejected):
    old, operator = rejected
    login(page, "browser_operator")
    alert = page.locator(".rejected-alert")
    expect(alert).to_contain_text(REASON)
    shot(page, "home-rejected")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "home-rejected-phone")
    page.set_viewport_size({"width": 1400, "height": 1000})

    alert.get_by_role("button", name="修改后重新申报").click()
    new = Case.objects.get(resubmission_of=old)
    expect(page).to_have_url(page.base_url + f"/cases/{new.pk}/step/2/")

    draft = draft_case(old.unit, operator)
    page.goto(page.base_url + "/")
    row = page.locator("tr", has=page.locator(f'form[action="/cases/{draft.pk}/discard/"]'))
    expect(row).to_contain_text("刚刚")
    shot(page, "home-drafts")
    page.once("dialog", lambda dialog: dialog.dismiss())
    row.get_by_role("button", name="删除").click()
    draft.refresh_from_db()
    assert draft.status == CaseStatus.DRAFT
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="删除").click()
    expect(page.locator("body")).to_contain_text("草稿已删除")
    draft.refresh_from_db()
    assert draft.status == CaseStatus.DISCARDED


@pytest.fixture
def waiting(transactional_db):
    """Two cases waiting in one region's queue, and one of another region."""
    region = factories.region()
    unit = factories.unit(region_obj=region, name="武汉审核测试有限公司")
    operator = factories.operator(unit, username="browser_operator")
    reviewer = factories.reviewer(region, username="browser_reviewer")
    first = submitted_case(unit, operator, rows=2)
    second = submitted_case(unit, operator, rows=3)
    elsewhere = factories.region(provincial=False, code="420102", name="武汉市江岸区")
    other_unit = factories.unit(region_obj=elsewhere)
    foreign = submitted_case(other_unit, factories.operator(other_unit))
    return first, second, foreign, reviewer


def test_review_reject_with_reasons_and_rows_then_approve_with_confirmation(page, waiting):
    """Issue #12 §4: the reviewer reads the case, rejects it with a common reason, a note and
    the row it is about, lands on the next case, approves it after confirming its effect,
    and is back on the empty queue; the unit sees the reason and the row."""
    first, second, foreign, reviewer = waiting
    login(page, "browser_reviewer", staff=reviewer)
    page.goto(page.base_url + "/backoffice/")
    page.get_by_role("link", name=first.serial_no).click()
    decision = page.locator("#decision")
    expect(decision).to_contain_text("常用不通过原因")
    shot(page, "review-case")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "review-case-phone")
    page.set_viewport_size({"width": 1400, "height": 1000})

    decision.get_by_label("材料不齐全").check()
    decision.get_by_label("第 2 行 李小明").check()
    decision.get_by_label("审核不通过原因").fill("第 2 行劳动合同缺页")
    with page.expect_navigation():
        decision.get_by_role("button", name="审核不通过").click()
    expect(page).to_have_url(page.base_url + f"/backoffice/cases/{second.serial_no}/")
    expect(page.locator("main")).to_contain_text(f"下一件：{second.serial_no}")
    first.refresh_from_db()
    assert first.status == CaseStatus.REJECTED
    assert (first.rejection_reason, first.rejection_rows) == (
        "材料不齐全；第 2 行劳动合同缺页",
        [2],
    )

    with page.expect_navigation():
        page.locator("#decision").get_by_role("button", name="审核通过").click()
    confirm = page.locator("#confirm")
    expect(confirm).to_contain_text("将为 3 人办理参保登记/续保")
    second.refresh_from_db()
    assert second.status == CaseStatus.UNDER_REVIEW  # nothing happens before 确认通过
    shot(page, "review-confirm")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "review-confirm-phone")
    page.set_viewport_size({"width": 1400, "height": 1000})
    with page.expect_navigation():
        confirm.get_by_role("button", name="确认通过").click()
    expect(page).to_have_url(page.base_url + "/backoffice/")
    expect(page.locator("main")).to_contain_text("审核队列中已没有待审核的办件")
    second.refresh_from_db()
    foreign.refresh_from_db()
    assert (second.status, foreign.status) == (CaseStatus.APPROVED, CaseStatus.UNDER_REVIEW)

    page.context.clear_cookies()
    login(page, "browser_operator")
    expect(page.locator(".rejected-alert")).to_contain_text("涉及的行：第 2 行")
    page.goto(page.base_url + f"/cases/{first.pk}/")
    rejection = page.locator(".rejection")
    expect(rejection).to_contain_text("材料不齐全；第 2 行劳动合同缺页")
    expect(rejection).to_contain_text("第 2 行")
    shot(page, "unit-rejected-rows")
    page.get_by_role("button", name="修改后重新申报").first.click()
    expect(page.locator(".rejection")).to_contain_text(f"原办件 {first.serial_no} 审核不通过")
    shot(page, "resubmit-rejected-rows")
