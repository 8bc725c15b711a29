"""Issue #10 §2: bulk look-ups of persons outside the acting unit are audited (access events
``bulk_lookup``): a request naming many strangers, or an operator's hourly look-ups."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shebao.audit.lookups import BULK_LOOKUP
from shebao.audit.models import AuditEvent
from tests import factories
from tests.api.conftest import client_for, declaration, enrolment_row
from tests.web.helpers import draft_case, enrolment_form

from .test_lookup_scope import on_project, project_of

pytestmark = pytest.mark.django_db

VALIDATE_URL = "/api/v1/services/hb_employee_enrolment/validate"


@pytest.fixture
def strangers(unit_a):
    """Five of unit A's staff, whose ID numbers unit B has no business typing."""
    people = []
    for i in range(5):
        person = factories.person(name=f"外单位{i}")
        factories.enrol(person, unit_a)
        people.append(person)
    return people


@pytest.fixture
def own_staff(unit):
    people = []
    for i in range(5):
        person = factories.person(name=f"本单位{i}")
        factories.enrol(person, unit)
        people.append(person)
    return people


def bulk_events():
    return list(AuditEvent.objects.filter(event_type=BULK_LOOKUP))


def test_api_roster_of_strangers_is_audited(settings, operator, unit, strangers, own_staff):
    settings.AUDIT_FOREIGN_IDS = 4
    api = client_for(operator)
    own = [enrolment_row(id_number=p.id_number, name=p.name) for p in own_staff]
    assert api.post(VALIDATE_URL, {"rows": own}, format="json").status_code == 200
    assert bulk_events() == []  # the unit's own staff: nothing to audit
    rows = [enrolment_row(id_number=p.id_number, name="张三") for p in strangers]
    rows.append(enrolment_row())  # an unregistered number is no one's
    worker = factories.person(name="项目工人")  # on the unit's project: related, not counted
    on_project(worker, project_of(unit), "500100010009")
    rows.append(enrolment_row(id_number=worker.id_number, name=worker.name))
    assert api.post(VALIDATE_URL, {"rows": rows}, format="json").status_code == 200
    [event] = bulk_events()
    assert event.acting_unit == unit and event.actor == operator
    assert event.ip == "127.0.0.1"
    assert event.detail == {
        "reason": "request",
        "channel": "api",
        "service": "hb_employee_enrolment",
        "persons": 5,
        "person_ids": sorted(p.pk for p in strangers),
    }
    # a declaration validates its rows too
    api.post("/api/v1/cases", declaration(*rows), format="json")
    assert len(bulk_events()) == 2


def test_web_upload_of_strangers_is_audited(settings, op_client, unit, operator, strangers):
    settings.AUDIT_FOREIGN_IDS = 3
    case = draft_case(unit, operator, rows=0)
    header = "身份证号码,姓名,民族,本次申报参工时间,月缴费工资,城镇职工养老保险 (A),失业保险 (√),工伤保险 (√),联系电话 (手机)"
    lines = [header] + [
        f"{p.id_number},王明,汉族,2024-03-01,5000,√,√,,13812345678" for p in strangers
    ]
    upload = SimpleUploadedFile("roster.csv", "\n".join(lines).encode("gbk"), "text/csv")
    op_client.post(f"/cases/{case.pk}/imports/", {"file": upload})
    [event] = bulk_events()
    assert event.actor == operator and event.acting_unit == unit
    assert event.detail["channel"] == "web" and event.detail["persons"] == 5


def test_an_operators_hourly_lookups_are_audited_once(
    settings, op_client, unit, operator, strangers
):
    """One stranger a request stays under the per-request threshold; the hour's sum does not."""
    settings.AUDIT_LOOKUPS_PER_HOUR = 4
    case = draft_case(unit, operator, rows=0)
    for person in strangers[:3]:
        op_client.post(
            f"/cases/{case.pk}/rows/add/", enrolment_form(id_number=person.id_number, name="王明")
        )
    assert bulk_events() == []
    op_client.get("/persons/lookup/", HTTP_ACCEPT="application/json")  # the 4th look-up
    [event] = bulk_events()
    assert event.actor == operator and event.acting_unit == unit
    assert event.detail == {"reason": "hour", "channel": "web", "service": "", "lookups": 4}
    op_client.post(f"/cases/{case.pk}/rows/add/", enrolment_form(id_number=strangers[3].id_number))
    assert len(bulk_events()) == 1  # once an hour


def test_the_issues_sweep_learns_no_name_and_is_audited(operator, unit, unit_a):
    """The attack of issue #10 §2 replayed: unit B validates all 262 ID numbers of unit A's
    staff in one request. Before: 255 registered names came back. Now: none, and an audit."""
    staff = [
        factories.person(name=f"欧阳{i:03d}号", birth=dt.date(1970 + i % 40, 1 + i % 12, 3))
        for i in range(262)
    ]
    for person in staff:
        factories.enrol(person, unit_a)
    rows = [enrolment_row(id_number=p.id_number, name="张三") for p in staff]
    response = client_for(operator).post(VALIDATE_URL, {"rows": rows}, format="json")
    assert response.status_code == 200
    body = response.content.decode()
    assert len(response.json()["failed"]) == 262
    assert [p.name for p in staff if p.name in body] == []
    assert unit_a.name not in body and unit_a.unit_no not in body
    request, hour = bulk_events()  # 262 strangers: over the request's 20 and the hour's 200
    assert request.detail["persons"] == 262 and request.actor == operator
    assert hour.detail["reason"] == "hour" and hour.detail["lookups"] == 262
