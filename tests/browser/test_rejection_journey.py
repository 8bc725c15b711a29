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
