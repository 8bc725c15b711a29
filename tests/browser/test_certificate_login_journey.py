"""The certificate journey in a real browser (Debian chromium via Playwright):

the operator applies for a certificate (证书新办: 信息校验, 录入信息, the agreement, five scanned
materials, 提交审核); CA staff, logged in with password and TOTP, approve the order; the
operator opens the approved order, has the browser make a WebCrypto
key (non-extractable, in IndexedDB) and gets it certified; logs out; logs in with the
certificate and password; submits a §3.3.17 suspension; the 申报表 PDF downloaded is sealed
and pdfsig, trusting our root CA, says the signature is valid and the certificate trusted.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from shebao.cases.models import Case, CaseStatus
from shebao.pki.models import CertificateAuthority, UnitCertificate
from shebao.pki.selfservice.models import CertificateOrder
from shebao.pki.services import pki_init
from shebao.registry.choices import InsuranceType
from tests import factories
from tests.documents.test_sealed_pdf import needs_tools, nss_trusting, pdfsig
from tests.pki.orders import ca_staff

PASSWORD = "Test-pass-123"


@pytest.fixture
def people(transactional_db):
    region = factories.region()
    unit = factories.unit(region_obj=region, name="武汉证书登录测试有限公司")
    operator = factories.operator(unit, username="cert_operator")
    person = factories.person(name="陈晓明", birth=dt.date(1990, 3, 1))
    factories.enrol(person, unit, InsuranceType.PENSION, start=dt.date(2020, 1, 1))
    pki_init()
    staff = ca_staff("cert_ca_staff")
    return unit, operator, person, staff


@needs_tools
def test_browser_key_certificate_login_and_sealed_pdf(page, people, tmp_path):
    unit, operator, person, staff = people
    scan = tmp_path / "scan.png"
    Image.new("RGB", (60, 40), "white").save(scan)

    # The operator applies: 数字证书 -> 证书新办, four steps, 提交审核
    page.goto(page.base_url + "/login/")
    page.get_by_label("用户名").fill("cert_operator")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="数字证书").click()
    page.get_by_role("link", name="证书新办").click()
    page.get_by_label("项目名称").select_option(label="湖北省网上社保项目")  # issue #12 §7
    page.get_by_label("参保区域").select_option(label=unit.region.name)
    # the unit's name, 社保号 and credit code are shown from its registration, not asked
    page.get_by_role("button", name="下一步").click()
    page.get_by_label("法人姓名").fill("张明")
    page.locator("#id_legal_person_id_number").fill(factories.id_number())
    page.locator("#id_operator_name").fill("李华")
    page.get_by_label("经办人身份证号码").fill(factories.id_number())
    page.get_by_label("手机号码").fill("13800000000")
    page.get_by_role("button", name="下一步").click()
    page.get_by_label("已阅读并遵守《数字证书服务协议》").check()
    page.get_by_role("button", name="下一步").click()
    rows = page.locator("table.grid tbody tr")
    for n in range(rows.count()):
        rows.nth(n).locator("input[type=file]").set_input_files(str(scan))
        with page.expect_navigation():
            rows.nth(n).locator("button[type=submit]").click()
    with page.expect_navigation():
        page.get_by_role("button", name="提交审核").click()
    order = CertificateOrder.objects.get(unit=unit)
    assert order.status == "submitted" and order.materials.count() == rows.count() == 5
    page.get_by_role("button", name="退出").click()

    # CA staff (password + TOTP) approve the order in their back office
    page.goto(page.base_url + "/login/")
    page.get_by_label("用户名").fill("cert_ca_staff")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_label("动态口令").fill(factories.totp_code(staff))
    page.get_by_role("button", name="登录").click()
    page.goto(page.base_url + "/pki/staff/")
    page.get_by_role("link", name=order.order_no).click()
    with page.expect_navigation():
        page.get_by_role("button", name="审核通过").click()
    page.get_by_role("button", name="退出").click()

    # Password login, then 数字证书 -> the approved order -> 生成密钥并申领证书
    page.goto(page.base_url + "/login/")
    page.get_by_label("用户名").fill("cert_operator")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="数字证书").click()
    page.get_by_role("link", name=order.order_no).click()
    page.get_by_role("link", name="在本浏览器中生成密钥并安装证书").click()
    page.get_by_role("button", name="生成密钥并申领证书").click()
    expect(page.locator("#enrol-status")).to_contain_text("数字证书已签发")
    record = UnitCertificate.objects.get(unit=unit)
    order.refresh_from_db()
    assert order.status == "issued" and order.certificate == record
    assert record.key_source == UnitCertificate.KeySource.CLIENT
    # the private key really is non-extractable in IndexedDB
    extractable = page.evaluate(
        """() => new Promise((resolve) => {
            const open = indexedDB.open("shebao-certificates", 1);
            open.onsuccess = () => {
              const get = open.result.transaction("certificates").objectStore("certificates").getAll();
              get.onsuccess = () => resolve(get.result.map((r) => r.privateKey.extractable));
            };
        })"""
    )
    assert extractable == [False]
    page.get_by_role("button", name="退出").click()

    # 数字证书登录 with the key in the browser
    page.goto(page.base_url + "/login/")
    page.get_by_role("link", name="数字证书登录").click()
    expect(page.locator("#certificate-choice")).to_contain_text(record.serial_number)
    page.get_by_label("用户名").fill("cert_operator")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="证书登录").click()
    expect(page.locator(".who__unit")).to_contain_text(unit.name)

    # A §3.3.17 suspension of the enrolled employee, added on screen and submitted
    page.goto(page.base_url + "/services/hb_employee_insurance_suspension/")
    page.get_by_label("申报人").fill("王建")
    page.get_by_label("手机号码").fill("18555555555")
    page.locator("#id_agreement").check()
    page.get_by_role("button", name="下一步").click()
    row = page.locator("#row-form")
    row.get_by_label("身份证号码").fill(person.id_number)
    row.get_by_label("姓名").fill(person.name)
    row.get_by_label("城镇企业职工养老保险").check()
    row.get_by_label("停保(减员)日期").fill("2026-01-31")
    row.get_by_label("停保(减员)原因").select_option("职工发生辞职(退)")
    page.get_by_role("button", name="添加校验").click()
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_role("button", name="确认提交").click()
    page.get_by_text("该业务已提交审核").first.wait_for()
    serial = re.search(r"\d{15}", page.content()).group(0)
    case = Case.objects.get(serial_no=serial)
    assert case.status == CaseStatus.UNDER_REVIEW

    # The sealed 申报表, downloaded in the logged-in session
    response = page.request.get(page.base_url + f"/cases/{case.pk}/report.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    root = CertificateAuthority.objects.get(kind=CertificateAuthority.Kind.ROOT)
    report = pdfsig(response.body(), tmp_path, nss_trusting(root.certificate_pem, tmp_path / "nss"))
    assert "Signature is Valid" in report
    assert "Certificate is Trusted" in report
    assert f"Signer Certificate Common Name: {unit.name}" in report
