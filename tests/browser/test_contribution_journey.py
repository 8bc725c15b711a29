"""Contributions end to end in a real browser (Debian chromium via Playwright):

the operator declares a month through the §3.3.22 wizard (it completes at once), issues its
应缴认定单 through §3.3.26 and opens the PDF; the agency imports the bank's arrival file in
the back office; the operator sees the bill 已足额到账 in 业务单据查询, and its QR code's
verification page says so without a login.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from shebao.contributions.models import Bill, BillStatus, MonthlyDeclaration
from shebao.documents.verify import verify_bill_url
from shebao.policy.seed import policy_seed
from shebao.registry.choices import InsuranceType
from tests import factories

from .test_enrolment_batch_journey import login

PERIOD = "202103"


@pytest.fixture
def people(transactional_db):
    region = factories.region()
    policy_seed(region)  # 16 % / 8 % pension, 0.7 % / 0.3 % unemployment, standard 6500
    unit = factories.unit(region_obj=region, name="武汉缴费测试有限公司")
    for name, wage in (("陈晓明", "8888"), ("林秀英", "8888")):
        for e in factories.enrol(factories.person(name=name), unit, start=dt.date(2019, 1, 1)):
            e.monthly_wage = Decimal(wage)
            e.save()
    operator = factories.operator(unit, username="browser_operator")
    reviewer = factories.reviewer(region, username="browser_reviewer")
    return unit, operator, reviewer


def run_wizard(page, service: str, fill) -> str:
    """Steps 1-3 of a service that completes at once; returns the 业务流水号."""
    page.goto(page.base_url + f"/services/{service}/")
    page.get_by_label("申报人").fill("王建")
    page.get_by_label("手机号码").fill("18555555555")
    page.locator("#id_agreement").check()
    page.get_by_role("button", name="下一步").click()
    fill(page)
    page.get_by_role("button", name="添加校验").click()
    expect(page.locator("#failed + .table-wrap")).to_contain_text("没有校验不通过的数据")
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_role("button", name="确认提交").click()
    serial = page.locator(".result__serial strong").inner_text()
    assert re.fullmatch(r"\d{15}", serial)
    return serial


def test_declare_bill_pay_and_verify(page, people, tmp_path):
    unit, _operator, reviewer = people
    login(page, "browser_operator")

    # §3.3.22: WE-01/02, wage 8888 -> base 8890 each
    run_wizard(
        page,
        "hb_monthly_contribution_declaration",
        lambda p: p.get_by_label("费款所属期").fill(PERIOD),
    )
    declared = MonthlyDeclaration.objects.filter(unit=unit, period=PERIOD)
    pension = declared.get(insurance_type=InsuranceType.PENSION)
    assert (pension.headcount, pension.base_total) == (2, Decimal("17780.00"))
    assert (pension.unit_amount, pension.individual_amount) == (
        Decimal("2844.80"),
        Decimal("1422.40"),
    )

    # §3.3.26: the pending declaration is listed, the bill issued
    def pick(p):
        expect(p.locator("#info-table")).to_contain_text(PERIOD)
        p.get_by_label("征集类型").select_option("正常应缴")

    run_wizard(page, "hb_payment_document_issue", pick)
    bill = Bill.objects.get(unit=unit)
    total = sum((d.unit_amount + d.individual_amount for d in declared), Decimal(0))
    assert total == Decimal("4445.00")  # 2844.80 + 1422.40 + 124.46 + 53.34 (WE-01/02)
    assert bill.total_amount == total and bill.status == BillStatus.VALID
    pdf = page.request.get(page.base_url + f"/bills/{bill.document_no}.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    page.get_by_role("button", name="退出").click()

    # Agency: the bank's arrival file for the whole amount
    login(page, "browser_reviewer", staff=reviewer)
    page.goto(page.base_url + "/backoffice/arrivals/")
    arrival = tmp_path / "到账.csv"
    arrival.write_bytes(
        (
            "单据号,单位编号,到账金额,到账日期,银行流水号\n"
            f"{bill.document_no},{unit.unit_no},{total},2021-03-20,BK20210320000001\n"
        ).encode("gbk")
    )
    page.set_input_files("#f-file", str(arrival))
    page.get_by_role("button", name="导入").click()
    expect(page.locator("main")).to_contain_text("足额到账")
    bill.refresh_from_db()
    assert bill.status == BillStatus.PAID and bill.received_amount == total
    page.context.clear_cookies()

    # The unit sees it paid; the QR's page says so to anyone
    login(page, "browser_operator")
    page.goto(page.base_url + "/queries/hb_business_documents/")
    expect(page.locator("tr", has_text=bill.document_no)).to_contain_text("已足额到账")
    page.context.clear_cookies()
    page.goto(verify_bill_url(bill.document_no, base_url=page.base_url))
    expect(page.locator("main")).to_contain_text(bill.get_status_display())
    expect(page.locator("main")).to_contain_text(unit.name)
