"""Opening a service (``/services/{code}/``, the home page's 【办理】): a GET never changes state
(issue #10 §5); the draft is created by the POST of step 1, or not at all when step 1 is refused."""

from __future__ import annotations

import pytest

from shebao.audit.models import AuditEvent
from shebao.cases.models import Case, CaseStatus
from shebao.cases.services import AGREEMENT_REQUIRED
from shebao.identity import online
from shebao.services.registry import registry

from .helpers import ENROLMENT

pytestmark = pytest.mark.django_db

URL = f"/services/{ENROLMENT}/"
ACCEPT = {"declarant": "王建", "declarant_mobile": "18555555555", "remarks": "新进职工"}


def state() -> tuple[int, int]:
    return Case.objects.count(), AuditEvent.objects.filter(case__isnull=False).count()


def test_a_get_shows_step_1_and_creates_no_draft(op_client):
    before = state()

    pages = [op_client.get(URL) for _ in range(3)]  # a reload, a second click

    assert state() == before
    spec = registry[ENROLMENT]
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert spec.description in html and spec.agreement in html
        assert "申报人" in html and "手机号码" in html and "草稿编号" not in html
        assert f'href="{URL}"' in html  # 刷新 reloads the same page


def test_step_1_posted_from_that_page_creates_the_accepted_draft(op_client, unit, operator):
    response = op_client.post(URL, {**ACCEPT, "agreement": "on"})

    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/step/2/"
    assert (case.unit, case.operator, case.status) == (unit, operator, CaseStatus.DRAFT)
    assert (case.declarant, case.declarant_mobile, case.step) == ("王建", "18555555555", 2)
    assert case.agreement_accepted
    assert [e.action for e in case.events.order_by("pk")][0] == "create"


def test_a_refused_step_1_stores_nothing(op_client):
    unticked = op_client.post(URL, ACCEPT)
    assert unticked.status_code == 200 and AGREEMENT_REQUIRED in unticked.content.decode()
    bad_mobile = op_client.post(URL, {**ACCEPT, "declarant_mobile": "12345", "agreement": "on"})
    assert "手机号码“12345”格式不正确" in bad_mobile.content.decode()
    assert state() == (0, 0)


def test_a_get_resumes_the_untouched_draft_a_post_opened(op_client):
    opened = op_client.post(URL)  # 【办理】 as a button
    case = Case.objects.get()
    assert opened["Location"] == f"/cases/{case.pk}/step/1/"
    before = state()

    again = op_client.get(URL)

    assert again.status_code == 302 and again["Location"] == f"/cases/{case.pk}/step/1/"
    assert state() == before


def test_a_revoked_unit_is_told_why_on_the_get_and_nothing_is_stored(op_client, unit, reviewer):
    online.online_access_revoke(unit=unit, actor=reviewer, reason="拒不更正")
    before = state()

    response = op_client.get(URL, follow=True)

    assert response.redirect_chain[-1][0] == "/"
    assert "拒不更正" in response.content.decode()
    assert state() == before
