"""§3.3.42 in a real browser: the unit calculates its retiree's pension, the result page
says where the 待遇计算表 is printed and links it; the reviewer sees the award history."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

from playwright.sync_api import expect

from shebao.core.period import Period
from shebao.pensions.models import PensionAward
from shebao.pensions.services import register_retiree
from shebao.policy.seed import policy_seed
from tests import factories
from tests.pensions.conftest import pay

from .test_contribution_journey import run_wizard
from .test_enrolment_batch_journey import login, people  # noqa: F401  (the fixture)

SHOTS = os.environ.get("SHEBAO_SCREENSHOTS", "")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_unit_calculates_and_prints_the_sheet(page, people):  # noqa: F811
    unit, _operator, reviewer = people
    policy_seed(unit.region)
    person = factories.person(name="王退休", birth=dt.date(1959, 9, 1))
    pay(person, unit, "201807", "201908", Decimal("6500"))
    retiree = register_retiree(
        person_id=person.pk,
        unit_id=unit.pk,
        retirement_month=Period(2019, 9),
        category="normal",
        case_id=None,
        decided_by_id=None,
    )

    login(page, "browser_operator")
    run_wizard(
        page,
        "hb_basic_pension_calculation",
        lambda p: p.get_by_label("个人编号").fill(person.person_no),
    )
    expect(page.locator("main")).to_contain_text(
        "该业务已成功办结，您可在待遇计算表单打印功能中打印待遇计算表！"
    )
    expect(page.locator("main")).to_contain_text("基本养老金计算表")
    shot(page, "pension-result")
    award = PensionAward.objects.get(retiree=retiree, current=True)
    pdf = page.request.get(page.base_url + f"/cases/{award.case_id}/pension-sheet.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    page.get_by_role("button", name="退出").click()

    login(page, "browser_reviewer", staff=reviewer)
    page.get_by_role("link", name="离退休人员").click()
    page.get_by_role("link", name=person.person_no).click()
    expect(page.locator("main")).to_contain_text("§3.3.42 基本养老金计算")
    shot(page, "pension-backoffice")
