"""显示完整号码 (issue #10): a verified reviewer reveals one full number of a case by an explicit
POST; each reveal is an access audit event (who, which case / row / field, when, IP)."""

import pytest
from django.test import Client
from django.urls import reverse

from shebao.audit.models import AuditEvent
from tests import factories

from .helpers import submitted_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(unit, operator):
    return submitted_case(unit, operator)


def url(case):
    return reverse("backoffice:reveal", kwargs={"serial_no": case.serial_no})


def test_review_page_shows_masked_numbers_with_the_reveal_action(case, rv_client):
    ident = case.rows.get(row_no=1).cleaned["id_number"]
    html = rv_client.get(reverse("backoffice:case", kwargs={"serial_no": case.serial_no}))
    text = html.content.decode()
    assert ident not in text and "18555555555" not in text
    assert text.count("显示完整号码") >= 3  # 身份证号码, 手机, the declarant's mobile
    assert f'action="{url(case)}"' in text


def test_reveal_returns_the_full_id_number_and_audits_it(case, rv_client, reviewer, unit):
    ident = case.rows.get(row_no=1).cleaned["id_number"]
    response = rv_client.post(url(case), {"row": "1", "field": "id_number"})
    assert response.status_code == 200
    assert response.json() == {"value": ident}
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(event_type="access.reveal")
    assert (event.actor, event.acting_unit, event.ip) == (reviewer, unit, "127.0.0.1")
    assert event.detail == {
        "case_id": case.pk,
        "serial_no": case.serial_no,
        "row_no": 1,
        "field": "id_number",
        "kind": "id",
        "person": case.rows.get(row_no=1).cleaned["name"],
    }
    assert event.at is not None


def test_reveal_of_the_declarants_mobile(case, rv_client):
    response = rv_client.post(url(case), {"row": "", "field": "declarant_mobile"})
    assert response.json() == {"value": "18555555555"}
    detail = AuditEvent.objects.get(event_type="access.reveal").detail
    assert (detail["field"], detail["person"], detail["row_no"]) == (
        "declarant_mobile",
        "王建",
        None,
    )


def test_a_field_that_is_not_sensitive_is_refused_unaudited(case, rv_client):
    response = rv_client.post(url(case), {"row": "1", "field": "monthly_wage"})
    assert response.status_code == 400
    assert "不是可显示完整号码的字段" in response.json()["detail"]
    assert not AuditEvent.objects.filter(event_type="access.reveal").exists()


def test_only_a_verified_reviewer_by_post_with_csrf(case, reviewer, op_client, rv_client):
    assert rv_client.get(url(case)).status_code == 405
    assert op_client.post(url(case), {"row": "1", "field": "id_number"}).status_code == 403
    unverified = Client()
    unverified.force_login(reviewer)  # password only, no TOTP in this session
    assert unverified.post(url(case), {"row": "1", "field": "id_number"}).status_code == 302
    strict = factories.staff_client(reviewer, Client(enforce_csrf_checks=True))
    assert strict.post(url(case), {"row": "1", "field": "id_number"}).status_code == 403
    assert not AuditEvent.objects.filter(event_type="access.reveal").exists()


def test_another_regions_reviewer_gets_404(case, other_region):
    other = factories.staff_client(factories.reviewer(other_region))
    assert other.post(url(case), {"row": "1", "field": "id_number"}).status_code == 404
