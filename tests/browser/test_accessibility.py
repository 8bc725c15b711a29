"""Issue #12 §9: every page of a clerk's and a reviewer's day passes axe-core (no moderate,
serious or critical violation: one h1 a page, headings in order) and fits a 390 x 844 phone
(no page wider than the screen).

One walk through the pages of an enrolment (login, home, every wizard step, the case page,
the queries, the review queue and the reviewer's case page), in Chinese and in English; at
each page axe-core runs on the desktop and on the phone layout, and the page's width on the
phone is measured. The counts per page are printed (``pytest -s``) and, with
``SHEBAO_SCREENSHOTS`` set, the pages are saved as PNGs.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import expect

from shebao.cases.models import Case
from tests import factories

from .test_enrolment_batch_journey import PASSWORD

SHOTS = os.environ.get("SHEBAO_SCREENSHOTS")
DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}
BLOCKING = {"moderate", "serious", "critical"}
IMPACTS = ("critical", "serious", "moderate", "minor")


@pytest.fixture
def people(transactional_db):
    region = factories.region()
    unit = factories.unit(region_obj=region, name="武汉无障碍测试有限公司")
    factories.operator(unit, username="a11y_operator")
    reviewer = factories.reviewer(region, username="a11y_reviewer")
    yield unit, reviewer
    translation.activate(settings.LANGUAGE_CODE)


class Walk:
    """Checks each page it is shown and keeps what it found."""

    def __init__(self, page, axe, language: str) -> None:
        self.page, self.axe, self.language = page, axe, language
        self.found: dict[str, dict[str, object]] = {}

    def check(self, name: str) -> None:
        page = self.page
        self.resize(DESKTOP)
        desktop = self.axe(page)
        self.shot(name, "desktop")
        self.resize(PHONE)
        phone = self.axe(page)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        self.shot(name, "phone")
        self.resize(DESKTOP)
        by_id = {v["id"]: v for v in [*desktop, *phone]}
        self.found[name] = {
            "violations": list(by_id.values()),
            "impacts": dict(Counter(v["impact"] for v in by_id.values())),
            "blocking": [v for v in by_id.values() if v["impact"] in BLOCKING],
            "phone_width": width,
        }

    def resize(self, size: dict[str, int]) -> None:
        """A new viewport, and two frames for the page's resize handlers to have run."""
        self.page.set_viewport_size(size)
        self.page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )

    def shot(self, name: str, layout: str) -> None:
        if SHOTS:
            path = Path(SHOTS) / f"{name}-{self.language}-{layout}.png"
            self.page.screenshot(path=str(path), full_page=True)

    def report(self) -> str:
        """One line a page: violated rules by impact (desktop and phone together), phone width."""
        lines = []
        for name, found in self.found.items():
            impacts = found["impacts"]
            counts = " ".join(f"{i}={impacts.get(i, 0)}" for i in IMPACTS)  # type: ignore[attr-defined]
            lines.append(f"{name:<22} {counts}  phone_width={found['phone_width']}")
        return "\n".join(lines)


def login(page, username: str, staff=None) -> None:
    page.goto(page.base_url + "/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    if staff is not None:
        page.locator("#id_otp_token").fill(factories.totp_code(staff))
    with page.expect_navigation():
        page.locator(".login form button[type=submit]").click()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_page_passes_axe_and_fits_a_phone(page, people, axe, language):
    unit, reviewer = people
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page.base_url}]
    )
    walk = Walk(page, axe, language)

    page.goto(page.base_url + "/login/")
    walk.check("login")
    login(page, "a11y_operator")
    expect(page.locator("a.brand")).to_be_visible()
    walk.check("home")

    # The enrolment wizard, every step
    page.goto(page.base_url + "/services/hb_employee_enrolment/")
    walk.check("step1")
    page.locator("form button[type=submit].btn--primary").click()
    expect(page.locator(".agreement.has-error")).to_be_visible()
    walk.check("step1-errors")
    page.locator("#id_declarant").fill("王建")
    page.locator("#id_declarant_mobile").fill("18555555555")
    page.locator("#id_agreement").check()
    page.locator("form button[type=submit].btn--primary").click()
    expect(page.locator("#row-form")).to_be_visible()
    walk.check("step2-single")
    page.locator("#id_id_number").fill("11")
    page.locator("#row-form button[type=submit]").click()
    expect(page.locator("#row-form .has-error").first).to_be_visible()
    walk.check("step2-single-errors")
    page.locator("#id_id_number").fill(factories.id_number())
    page.locator("#id_name").fill("李小明")
    page.locator("#id_ethnicity").select_option(index=1)
    page.locator("#id_work_start_date").fill("2024-03-01")
    page.locator("#id_monthly_wage").fill("5000")
    page.locator("#id_pension").check()
    page.locator("#id_mobile").fill("13812345678")
    page.locator("#row-form button[type=submit]").click()
    page.wait_for_load_state()
    case = Case.objects.get(unit=unit)
    assert case.rows.filter(passed=True).count() == 1
    step2 = f"{page.base_url}/cases/{case.pk}/step/2/"
    for tab in ("batch", "results", "materials"):
        page.goto(f"{step2}?tab={tab}")
        walk.check(f"step2-{tab}")
    page.locator(".actions .btn--primary").click()
    expect(page.locator("form[action$='/submit/']")).to_be_visible()
    walk.check("step3")
    page.locator("form[action$='/submit/'] button[type=submit]").click()
    page.wait_for_url("**/result/")
    walk.check("result")
    case.refresh_from_db()

    page.goto(f"{page.base_url}/cases/{case.pk}/")
    walk.check("case")
    page.goto(page.base_url + "/cases/")
    walk.check("records")
    page.goto(page.base_url + "/queries/")
    walk.check("queries")
    page.goto(page.base_url + "/queries/unit_insured_staff/")
    walk.check("query-list")

    # The reviewer
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page.base_url}]
    )
    login(page, "a11y_reviewer", staff=reviewer)
    page.goto(page.base_url + "/backoffice/")
    walk.check("review-queue")
    page.goto(f"{page.base_url}/backoffice/cases/{case.serial_no}/")
    walk.check("review-case")

    print(f"\naxe-core and phone width ({language}):\n{walk.report()}")
    if SHOTS:
        dump = json.dumps(walk.found, ensure_ascii=False, indent=1)
        (Path(SHOTS) / f"axe-{language}.json").write_text(dump, encoding="utf-8")
    blocking = {name: f["blocking"] for name, f in walk.found.items() if f["blocking"]}
    assert not blocking, json.dumps(blocking, ensure_ascii=False, indent=1)
    too_wide = {name: f["phone_width"] for name, f in walk.found.items() if f["phone_width"] > 390}
    assert not too_wide, f"wider than a 390 px phone: {too_wide}"
