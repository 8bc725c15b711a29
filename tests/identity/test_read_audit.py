"""Issue #10: reads of personal data are access audit events (who, what, when, IP): API password logins,
person picks and 申报表 downloads (exports, reveals, bills, certificate logins and the purge
have their own modules)."""

import pytest
from rest_framework.test import APIClient

from shebao.audit.models import AuditEvent
from shebao.core.masking import Sensitive, mask
from tests import factories
from tests.web.helpers import submitted_case

pytestmark = pytest.mark.django_db


def only(action):
    return AuditEvent.objects.get(event_type=f"access.{action}")


def test_api_password_login_is_audited(operator, unit):
    response = APIClient().post(
        "/api/v1/auth/token",
        {"username": operator.username, "password": "Test-pass-123"},
        format="json",
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 200
    event = only("api_login")
    assert (event.actor, event.acting_unit, event.ip) == (operator, unit, "10.1.2.3")
    assert event.detail == {"method": "password"} and event.at is not None


def test_refused_api_login_writes_no_read_event(operator):
    APIClient().post(
        "/api/v1/auth/token", {"username": operator.username, "password": "x"}, format="json"
    )
    assert not AuditEvent.objects.filter(event_type="access.api_login").exists()


def test_person_pick_is_audited_but_the_masked_list_is_not(op_client, operator, unit):
    person = factories.person(name="赵六")
    factories.enrol(person, unit)
    op_client.get("/persons/lookup/")
    assert not AuditEvent.objects.exists()
    assert op_client.get(f"/persons/{person.pk}/").json()["id_number"] == mask(
        person.id_number, Sensitive.ID
    )
    event = only("person_pick")
    assert (event.actor, event.acting_unit, event.ip) == (operator, unit, "127.0.0.1")
    assert event.detail == {"person_id": person.pk, "person_no": person.person_no}


def test_case_report_pdf_downloads_are_audited(op_client, rv_client, operator, reviewer, unit):
    case = submitted_case(unit, operator)
    assert op_client.get(f"/cases/{case.pk}/report.pdf").status_code == 200
    assert rv_client.get(f"/backoffice/cases/{case.serial_no}/report.pdf").status_code == 200
    events = list(AuditEvent.objects.filter(event_type="access.pdf_download"))
    assert [(e.actor, e.acting_unit, e.ip) for e in events] == [
        (operator, unit, "127.0.0.1"),
        (reviewer, unit, "127.0.0.1"),
    ]
    assert events[0].detail == {
        "document": "case_report",
        "case_id": case.pk,
        "serial_no": case.serial_no,
    }
