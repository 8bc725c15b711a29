"""The issue's end-to-end journey in a real browser (Debian chromium via Playwright):

an operator runs the enrolment wizard in batch mode with a roster holding good and bad rows,
fixes the bad rows on screen, submits; a reviewer approves; the employees are insured.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from shebao.cases.models import Case, CaseStatus
from shebao.registry.choices import EnrolmentStatus, InsuranceType
from shebao.registry.models import Enrolment, Person
from tests import factories

PASSWORD = "Test-pass-123"


@pytest.fixture
def people(transactional_db):
    region = factories.region()
    unit = factories.unit(region_obj=region, name="武汉浏览器测试有限公司")
    operator = factories.operator(unit, username="browser_operator")
    reviewer = factories.reviewer(region, username="browser_reviewer")
    return unit, operator, reviewer


def roster_csv(tmp_path, good: list[str], bad_checkdigit: str) -> str:
    header = "序号,单位编号,单位名称,身份证号码,姓名,民族,本次申报参工时间,月缴费工资,城镇职工养老保险,失业保险,工伤保险,联系电话"
    lines = [header]
    names = ["陈晓明", "林秀英", "黄志强"]
    for n, (ident, name) in enumerate(zip(good, names, strict=False), start=1):
        lines.append(f"{n},,,{ident},{name},01 汉族,2025-03-01,6500,√,√,,1380013800{n}")
    lines.append(
        f"4,,,{bad_checkdigit},周建国,汉族,2025-03-01,5000,√,,,13800138009"
    )  # bad check digit
    lines.append(f"5,,,{good[0]},陈晓明,汉族,2025-03-01,6500,√,,,13800138001")  # duplicate of row 2
    path = tmp_path / "在职职工增员申报表.csv"
    path.write_bytes("\n".join(lines).encode("gbk"))  # what Excel in China writes
    return str(path)


def login(page, username: str, staff=None) -> None:
    page.goto(page.base_url + "/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    if staff is not None:  # agency staff type the code their authenticator shows
        page.get_by_label("动态口令").fill(factories.totp_code(staff))
    page.get_by_role("button", name="登录").click()


def test_batch_enrolment_fix_submit_approve(page, people, tmp_path):
    unit, _operator, reviewer = people
    good = [factories.id_number(dt.date(1990 + n, 3, 1)) for n in range(3)]
    right = factories.id_number(dt.date(1988, 8, 8))
    wrong_digit = "0" if right[-1] != "0" else "1"
    bad = right[:-1] + wrong_digit

    # Operator: step 1 服务说明
    login(page, "browser_operator")
    page.goto(page.base_url + "/services/hb_employee_enrolment/")
    page.get_by_label("申报人").fill("王建")
    page.get_by_label("手机号码").fill("18555555555")
    page.get_by_role("button", name="下一步").click()
    expect(page.get_by_text("请先勾选").first).to_be_visible()  # the agreement must be ticked
    page.locator("#id_agreement").check()
    page.get_by_role("button", name="下一步").click()

    # Step 2 表单填写: 批量添加 with a GBK CSV holding good and bad rows
    page.get_by_role("tab", name="批量添加").click()
    page.set_input_files("#import-file", roster_csv(tmp_path, good, bad))
    page.get_by_role("button", name="上传校验").click()
    page.get_by_text("上传校验完成").wait_for()  # small rosters are validated at once
    failed = page.locator("#failed + .table-wrap")
    assert "应为 " + right[-1] in failed.inner_text()
    assert "与第 2 行的身份证号码重复" in failed.inner_text()

    # Fix the bad rows on screen: correct the check digit, delete the duplicate
    page.locator("#row-5").get_by_role("link", name="修改").click()
    page.get_by_label("身份证号码").fill(right)
    with page.expect_navigation():
        page.get_by_role("button", name="保存修改").click()
    page.goto(page.url.split("?")[0] + "?tab=results")
    page.once("dialog", lambda d: d.accept())
    with page.expect_navigation():
        page.locator("#row-6").get_by_role("button", name="删除").click()
    page.goto(page.url.split("?")[0] + "?tab=results")
    expect(page.locator("#failed + .table-wrap")).to_contain_text("没有校验不通过的数据")

    # 保存 -> step 3 确认提交 shows the 申报表; submit
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_role("button", name="确认提交")).to_be_visible()
    expect(page.get_by_text("在职职工增员申报表").first).to_be_visible()
    expect(page.get_by_text("周建国").first).to_be_visible()
    page.get_by_role("button", name="确认提交").click()
    page.get_by_text("该业务已提交审核").first.wait_for()
    serial = re.search(r"\d{15}", page.content()).group(0)
    case = Case.objects.get(serial_no=serial)
    assert case.status == CaseStatus.UNDER_REVIEW and case.rows.filter(passed=True).count() == 4
    page.get_by_role("button", name="退出").click()

    # Reviewer: queue -> case -> 审核通过
    login(page, "browser_reviewer", staff=reviewer)
    page.goto(page.base_url + "/backoffice/")
    page.get_by_role("link", name=serial).click()
    with page.expect_navigation():
        page.get_by_role("button", name="审核通过").click()
    expect(page.locator("#confirm")).to_contain_text("将为 4 人办理参保登记/续保")
    with page.expect_navigation():
        page.get_by_role("button", name="确认通过").click()

    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    insured = Person.objects.by_id_numbers([*good, right])
    assert insured.count() == 4
    pension = Enrolment.objects.filter(
        person__in=insured,
        unit=unit,
        insurance_type=InsuranceType.PENSION,
        status=EnrolmentStatus.ACTIVE,
    )
    assert pension.count() == 4
    assert Enrolment.objects.filter(
        person__in=Person.objects.by_id_number(good[0]),
        insurance_type=InsuranceType.UNEMPLOYMENT,
    ).exists()

    # The unit sees its employees insured: the approved case in 办件记录
    page.context.clear_cookies()
    login(page, "browser_operator")
    page.goto(page.base_url + "/cases/")
    expect(page.locator("tr", has_text=serial)).to_contain_text("审核通过")
