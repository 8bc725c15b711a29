"""修改PIN码 of a soft token, and wrong PINs limited wherever a PIN is typed on our pages."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.serialization import pkcs12
from django.core.files.uploadedfile import SimpleUploadedFile

from shebao.audit.models import AuditEvent
from shebao.pki.pin_guard import PIN_ATTEMPTS

from .conftest import PIN, issue

pytestmark = pytest.mark.django_db

NEW = "Rt5_91pW"


def p12_file(issued):
    return SimpleUploadedFile("unit.p12", issued.p12, content_type="application/x-pkcs12")


def change(client, issued, old=PIN, new=NEW, again=None):
    return client.post(
        "/account/certificate/pin/",
        {"p12": p12_file(issued), "pin": old, "new_pin": new, "new_pin_again": again or new},
    )


@pytest.fixture
def token(ca, unit):
    return issue(unit)


def test_the_same_certificate_comes_back_under_the_new_pin(op_client, token):
    response = change(op_client, token)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    key, cert, _chain = pkcs12.load_key_and_certificates(response.content, NEW.encode())
    assert cert is not None and f"{cert.serial_number:x}" == token.record.serial_number
    with pytest.raises(ValueError):
        pkcs12.load_key_and_certificates(response.content, PIN.encode())
    assert AuditEvent.objects.filter(
        event_type="pki.pin_change", subject_certificate=token.record
    ).exists()


@pytest.mark.parametrize(
    ("old", "new", "again", "message"),
    [
        (PIN, "123456", None, "连续"),
        (PIN, NEW, "Rt5_91pX", "两次输入的新PIN码不一致"),
        (PIN, PIN, None, "不能与原PIN码相同"),
    ],
)
def test_new_pin_rules(op_client, token, old, new, again, message):
    response = change(op_client, token, old, new, again)
    assert response.status_code == 400 and message in response.content.decode()


def test_wrong_pins_are_counted_then_locked(op_client, token):
    for left in range(PIN_ATTEMPTS - 1, 0, -1):
        response = change(op_client, token, old="Wrong-pin-1")
        assert f"还可以再试 {left} 次" in response.content.decode()
    locked = change(op_client, token, old="Wrong-pin-1")
    assert "已锁定" in locked.content.decode()
    right = change(op_client, token)  # even the right PIN is refused while locked
    assert right.status_code == 400 and "已锁定" in right.content.decode()


def test_another_units_token_is_refused(op_client, ca, other_unit):
    theirs = issue(other_unit)
    response = change(op_client, theirs)
    assert response.status_code == 400 and "不是本平台为本单位签发" in response.content.decode()
