"""§3.3.47 in a real browser: the unit requests its 参保证明 (提交即办结), the result page
links the PDF, and anyone with the QR code's URL sees what it states, no persons."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

from playwright.sync_api import expect

from shebao.contributions.models import ParticipationCertificate
from shebao.policy.seed import policy_seed
from tests import factories
from tests.pensions.conftest import pay

from .test_contribution_journey import run_wizard
from .test_enrolment_batch_journey import login, people  # noqa: F401  (the fixture)

SHOTS = os.environ.get("SHEBAO_SCREENSHOTS", "")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_unit_requests_prints_and_a_bank_verifies_the_certificate(page, people):  # noqa: F811
    unit, _operator, _reviewer = people
    policy_seed(unit.region)
    person = factories.person(name="钱参保", birth=dt.date(1986, 4, 2))
    factories.enrol(person, unit, start=dt.date(2018, 1, 1))
    pay(person, unit, "201901", "202102", Decimal("8420"))

    login(page, "browser_operator")

    def fill(p):
        p.get_by_label("缴费起始期号").fill("201901")
        p.get_by_label("缴费结束期号").fill("202102")

    serial = run_wizard(page, "hb_unit_insurance_certificate", fill)
    expect(page.locator("main")).to_contain_text("参保证明已开具")
    expect(page.locator("main")).to_contain_text("湖北省社会保险参保证明(单位)")
    shot(page, "certificate-result")
    certificate = ParticipationCertificate.objects.get(serial_no=serial)
    pdf = page.request.get(page.base_url + f"/cases/{certificate.case_id}/certificate.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    page.get_by_role("button", name="退出").click()

    page.goto(page.base_url + f"/verify/certificates/{serial}?c={certificate.check_code}")
    expect(page.locator("main")).to_contain_text("参保证明真实有效")
    expect(page.locator("main")).to_contain_text(unit.name)
    expect(page.locator("main")).not_to_contain_text(person.name)
    shot(page, "certificate-verify")
