"""ARCHITECTURE: every audit event says with which certificate the actor acted, when the
login was by one (browser certificate login, API certificate token)."""

import pytest
from django.test import Client

from shebao.audit.context import login_certificate_id, login_certificate_set
from shebao.audit.models import AuditEvent
from shebao.audit.services import audit_record
from shebao.audit.types import EventType
from shebao.pki.services import pki_init
from tests import factories
from tests.api.conftest import declaration, enrolment_row
from tests.pki.test_weblogin import enrolled, post_login

from .test_login_tokens import token_client

pytestmark = pytest.mark.django_db


def person_pick(client: Client, unit) -> AuditEvent:
    person = factories.person(name="赵六")
    factories.enrol(person, unit)
    assert client.get(f"/persons/{person.pk}/").status_code == 200
    return AuditEvent.objects.get(event_type=EventType.ACCESS_PERSON_PICK)


def test_a_read_after_a_certificate_login_names_the_certificate(unit, operator):
    pki_init()
    record, key = enrolled(unit)
    client = Client()
    response, _ = post_login(
        client, certificate=record.certificate_pem, key=key, username=operator.username
    )
    assert response.status_code == 302
    assert person_pick(client, unit).certificate == record
    assert login_certificate_id() is None  # the request is over: nothing leaks to the next


def test_a_password_login_names_no_certificate(op_client, unit):
    assert person_pick(op_client, unit).certificate is None


def test_an_api_certificate_token_names_its_certificate(issued, operator, unit):
    client = token_client(issued)
    login_event = AuditEvent.objects.get(event_type=EventType.ACCESS_API_LOGIN)
    assert login_event.certificate == issued.record
    response = client.post("/api/v1/cases", declaration(enrolment_row()), format="json")
    assert response.status_code == 201, response.json()
    submitted = AuditEvent.objects.get(event_type=EventType.CASE_SUBMIT)
    assert (submitted.actor, submitted.certificate) == (operator, issued.record)


def test_the_writer_takes_the_requests_certificate_unless_given(unit, operator):
    login_certificate_set(None)
    assert audit_record(event_type=EventType.ACCESS_GRANT, acting_unit=unit).certificate is None
