"""Issue #13 §1 in a real browser: the operator fills the retirement application's four tabs
(基本信息, 工作经历 with add / edit / delete, 参保信息 prefilled from the registry, 上传材料),
submits; the reviewer sees the sub-tables and both birth months and approves; the person is
a retiree with an award."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from shebao.cases.models import Case, CaseStatus
from shebao.pensions.models import Retiree
from shebao.policy.seed import policy_seed
from tests import factories
from tests.retirement.helpers import retiring

from .test_enrolment_batch_journey import login

SHOTS = os.environ.get("SHEBAO_SCREENSHOTS", "")


@pytest.fixture
def people(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    region = factories.region()
    policy_seed(region)
    unit = factories.unit(region_obj=region, name="武汉退休测试有限公司")
    factories.operator(unit, username="browser_operator")
    reviewer = factories.reviewer(region, username="browser_reviewer")
    return unit, reviewer, retiring(unit)


def shot(page, name: str, *, phone: bool = False) -> None:
    if not SHOTS:
        return
    page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)
    if phone:
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=os.path.join(SHOTS, f"{name}-phone.png"), full_page=True)
        page.set_viewport_size({"width": 1400, "height": 1000})


def test_retirement_application_four_tabs_to_retiree(page, people):
    unit, reviewer, person = people
    login(page, "browser_operator")
    page.goto(page.base_url + "/services/hb_normal_retirement_application/")
    page.get_by_label("申报人").fill("王建")
    page.get_by_label("手机号码").fill("18555555555")
    page.locator("#id_agreement").check()
    page.get_by_role("button", name="下一步").click()

    # 基本信息
    for tab in ("基本信息", "工作经历", "参保信息", "上传材料"):
        expect(page.get_by_role("tab", name=tab)).to_be_visible()
    basic = {
        "id_number": person.id_number,
        "name": person.name,
        "file_birth_month": "196603",
        "work_start_month": "198601",
        "retirement_month": "202607",
        "hukou_place": "湖北省武汉市",
        "contact": "无",
    }
    for name, value in basic.items():
        page.locator(f"#id_{name}").fill(value)
    choices = {
        "id_type": "居民身份证(户口簿)",
        "has_paper_file": "是",
        "applicant_type": "单位申报",
        "category": "正常退休",
        "post_nature": "生产、操作岗",
        "multi_place": "否",
    }
    for name, value in choices.items():
        page.locator(f"#id_{name}").select_option(value)
    shot(page, "retirement-1-basic", phone=True)
    with page.expect_navigation():
        page.get_by_role("button", name="添加校验").click()

    # 工作经历: empty is refused; add two rows, edit one, delete one, add it back
    expect(page.locator(".msg--error").first).to_contain_text("工作经历不能为空")
    form = page.locator("#subrow-form")
    for start, end, job in (
        ("198601", "200512", "工人"),
        ("200601", "", "车工"),
        ("200001", "", "x"),
    ):
        form.locator("#id_start_month").fill(start)
        form.locator("#id_end_month").fill(end)
        form.locator("#id_job").fill(job)
        with page.expect_navigation():
            form.get_by_role("button", name="新增").click()
        form = page.locator("#subrow-form")
    table = page.locator("#subtable-work_history")
    expect(table.locator("tbody tr")).to_have_count(3)
    table.locator("tbody tr").nth(1).get_by_role("link", name="修改").click()
    page.locator("#subrow-form #id_job").fill("钳工")
    with page.expect_navigation():
        page.locator("#subrow-form").get_by_role("button", name="保存修改").click()
    page.once("dialog", lambda d: d.accept())
    with page.expect_navigation():
        page.locator("#subtable-work_history tbody tr").nth(2).get_by_role(
            "button", name="删除"
        ).click()
    table = page.locator("#subtable-work_history")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).to_contain_text("钳工")
    shot(page, "retirement-2-work-history", phone=True)

    # 参保信息: prefilled from the enrolment; 上传材料
    page.get_by_role("tab", name="参保信息").click()
    expect(page.locator("#subtable-insurance_history")).to_contain_text("城镇职工基本养老保险")
    shot(page, "retirement-3-insurance")
    page.get_by_role("tab", name="上传材料").click()
    expect(page.get_by_text("职工人事档案").first).to_be_visible()
    shot(page, "retirement-4-materials")

    # 保存 -> 确认提交: the 申报表 prints the sub-tables under the person
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_role("button", name="确认提交")).to_be_visible()
    expect(page.get_by_text("职工正常退休（职）申请表").first).to_be_visible()
    expect(page.locator(".report__subtable").first).to_contain_text("钳工")
    shot(page, "retirement-5-report", phone=True)
    page.get_by_role("button", name="确认提交").click()
    page.get_by_text("该业务已提交审核").first.wait_for()
    serial = re.search(r"\d{15}", page.content()).group(0)
    case = Case.objects.get(serial_no=serial)
    page.get_by_role("button", name="退出").click()

    # Reviewer: the case shows the work history; approve
    login(page, "browser_reviewer", staff=reviewer)
    page.goto(page.base_url + "/backoffice/")
    page.get_by_role("link", name=serial).click()
    expect(page.locator("body")).to_contain_text("工作经历")
    expect(page.locator("body")).to_contain_text("钳工")
    shot(page, "retirement-6-review")
    with page.expect_navigation():
        page.locator("#decision").get_by_role("button", name="审核通过").click()
    confirm = page.locator("#confirm")  # approval is confirmed with its effect (issue #12 §4)
    expect(confirm).to_be_visible()
    with page.expect_navigation():
        confirm.get_by_role("button", name="确认通过").click()
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED, case.rejection_reason
    retiree = Retiree.objects.get(person=person)
    assert retiree.unit == unit and retiree.retirement_month == "202607"
    assert retiree.awards.exists()
