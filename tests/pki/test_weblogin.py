"""数字证书登录 and 申领软证书 in the portal, driven with the payload certificates.js posts:
keys and certificates made in Python, signatures as raw r||s the way WebCrypto returns them."""

from __future__ import annotations

import base64
import datetime as dt
import json
from html import escape

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.serialization import pkcs12
from django.test import Client
from django.utils import timezone

from shebao.audit.models import AuditEvent
from shebao.identity.acting import SESSION_KEY
from shebao.pki import captcha, login, pins, weblogin
from shebao.pki.models import RevocationReason, UnitCertificate
from shebao.pki.services import certificate_issue, certificate_revoke
from shebao.pki.x509 import pem
from tests import factories
from tests.pki.test_login import foreign_hierarchy, identity_of

PASSWORD = "Test-pass-123"
LOGIN = "/login/certificate/"


def browser_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def spki_b64(key: ec.EllipticCurvePrivateKey) -> str:
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(der).decode()


def raw_sign(key: ec.EllipticCurvePrivateKey, data: bytes) -> str:
    """What crypto.subtle.sign({name: "ECDSA", hash: "SHA-256"}) returns: r||s, 32 bytes each."""
    r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
    return base64.b64encode(r.to_bytes(32, "big") + s.to_bytes(32, "big")).decode()


def enrolled(unit, key=None, **kw) -> tuple[UnitCertificate, ec.EllipticCurvePrivateKey]:
    key = key or browser_key()
    record, _ = certificate_issue(
        unit=unit, public_key=base64.b64decode(spki_b64(key)), actor=None, **kw
    )
    return record, key


def challenge(client: Client) -> str:
    response = client.post("/login/certificate/challenge/")
    assert response.status_code == 200
    return response.json()["challenge"]


def post_login(client, *, certificate, key, username, password=PASSWORD, nonce=None, **extra):
    nonce = nonce or challenge(client)
    payload = {
        "username": username,
        "password": password,
        "certificate": certificate,
        "challenge": nonce,
        "signature": raw_sign(key, base64.b64decode(nonce)),
        **extra,
    }
    return client.post(LOGIN, payload), nonce


@pytest.fixture(autouse=True)
def _ca(db):
    from shebao.pki.services import pki_init

    pki_init()


def refused_with(response, message: str) -> None:
    assert response.status_code == 400
    assert escape(message) in response.content.decode()
    assert "_auth_user_id" not in response.wsgi_request.session


def test_login_with_browser_key_acts_for_the_certificates_unit(unit, operator):
    other = factories.unit(region_obj=unit.region)
    from shebao.identity.models import OperatorUnit

    OperatorUnit.objects.create(user=operator, unit=other)  # serves two units
    record, key = enrolled(other)
    client = Client()
    response, _ = post_login(
        client, certificate=record.certificate_pem, key=key, username=operator.username
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert int(client.session["_auth_user_id"]) == operator.pk
    assert client.session[SESSION_KEY] == other.pk  # acting for the certificate's unit
    home = client.get("/")
    assert other.name in home.content.decode()
    assert AuditEvent.objects.filter(event_type="pki.login", certificate=record).exists()


def test_wrong_password_is_refused(unit, operator):
    record, key = enrolled(unit)
    response, _ = post_login(
        Client(),
        certificate=record.certificate_pem,
        key=key,
        username=operator.username,
        password="wrong",
    )
    refused_with(response, weblogin.PASSWORD_WRONG)


def test_revoked_certificate_is_refused(unit, operator):
    record, key = enrolled(unit)
    certificate_revoke(certificate=record, reason=RevocationReason.KEY_COMPROMISE, actor=None)
    response, _ = post_login(
        Client(), certificate=record.certificate_pem, key=key, username=operator.username
    )
    refused_with(response, "证书已吊销（密钥泄露或证书介质丢失，吊销时间")


def test_expired_certificate_is_refused(unit, operator):
    record, key = enrolled(
        unit, valid_from=timezone.now() - dt.timedelta(days=40), validity_days=30
    )
    response, _ = post_login(
        Client(), certificate=record.certificate_pem, key=key, username=operator.username
    )
    expected = login.CERT_EXPIRED % {
        "t": timezone.localtime(record.not_after).strftime(login.TIME_FORMAT)
    }
    refused_with(response, expected)


def test_certificate_of_another_ca_is_refused(unit, operator):
    token = foreign_hierarchy(identity_of(unit))
    response, _ = post_login(
        Client(), certificate=pem(token.certificate), key=token.key, username=operator.username
    )
    refused_with(response, login.CERT_FOREIGN)


def test_signature_with_another_key_is_refused(unit, operator):
    record, _key = enrolled(unit)
    response, _ = post_login(
        Client(), certificate=record.certificate_pem, key=browser_key(), username=operator.username
    )
    refused_with(response, login.SIGNATURE_INVALID)


def test_replayed_challenge_is_refused(unit, operator):
    record, key = enrolled(unit)
    first = Client()
    ok, nonce = post_login(
        first, certificate=record.certificate_pem, key=key, username=operator.username
    )
    assert ok.status_code == 302
    again, _ = post_login(
        Client(),
        certificate=record.certificate_pem,
        key=key,
        username=operator.username,
        nonce=nonce,
    )
    refused_with(again, login.CHALLENGE_USED)


def test_another_units_operator_is_refused(unit, operator, other_operator, other_unit):
    record, key = enrolled(unit)
    response, _ = post_login(
        Client(), certificate=record.certificate_pem, key=key, username=other_operator.username
    )
    refused_with(
        response, login.NOT_UNIT_OPERATOR % {"n": other_operator.username, "u": unit.unit_no}
    )


def test_no_certificate_chosen_is_refused(unit, operator):
    response = Client().post(LOGIN, {"username": operator.username, "password": PASSWORD})
    refused_with(response, weblogin.CERTIFICATE_MISSING)


def test_captcha_after_three_failures(unit, operator):
    record, key = enrolled(unit)
    client = Client()
    for _ in range(weblogin.CAPTCHA_AFTER):
        response, _n = post_login(
            client,
            certificate=record.certificate_pem,
            key=browser_key(),
            username=operator.username,
        )
        refused_with(response, login.SIGNATURE_INVALID)
    assert 'name="captcha"' in response.content.decode()
    # right key, no captcha answer: refused for the captcha
    response, _n = post_login(
        client, certificate=record.certificate_pem, key=key, username=operator.username
    )
    refused_with(response, captcha.CAPTCHA_REQUIRED)
    # a wrong answer
    wrong = str(client.session[captcha.SESSION_KEY] + 1)
    response, _n = post_login(
        client,
        certificate=record.certificate_pem,
        key=key,
        username=operator.username,
        captcha=wrong,
    )
    refused_with(response, captcha.CAPTCHA_WRONG)
    # the right answer lets the valid login through, and the count starts again
    right = str(client.session[captcha.SESSION_KEY])
    response, _n = post_login(
        client,
        certificate=record.certificate_pem,
        key=key,
        username=operator.username,
        captcha=right,
    )
    assert response.status_code == 302
    assert weblogin.FAILURES_KEY not in client.session


def test_login_page_offers_certificate_login(db):
    page = Client().get("/login/")
    assert "/login/certificate/" in page.content.decode()
    form = Client().get(LOGIN).content.decode()
    assert "certificates.js" in form and 'name="signature"' in form


# --- 申领软证书 ------------------------------------------------------------------------


@pytest.fixture
def approved(unit, operator):
    """证书新办 approved by CA staff: what installing a certificate needs."""
    from shebao.pki.selfservice import services as orders
    from tests.pki.orders import ca_staff, submitted

    return orders.order_approve(order=submitted(unit, operator), actor=ca_staff())


def test_without_an_approved_order_nothing_is_issued(op_client):
    response = op_client.post(
        "/account/certificate/enrol/",
        json.dumps({"public_key": spki_b64(browser_key())}),
        content_type="application/json",
    )
    assert response.status_code == 400 and "CA审核通过后再安装" in response.json()["detail"]
    page = op_client.get("/account/certificate/").content.decode()
    assert "本单位没有待安装的证书" in page
    assert not UnitCertificate.objects.exists()


def test_installing_closes_the_approved_order(op_client, approved):
    from shebao.pki.selfservice.models import OrderStatus

    assert approved.order_no in op_client.get("/account/certificate/").content.decode()
    key = browser_key()
    response = op_client.post(
        "/account/certificate/enrol/",
        json.dumps({"public_key": spki_b64(key)}),
        content_type="application/json",
    )
    assert response.status_code == 201
    approved.refresh_from_db()
    assert approved.status == OrderStatus.ISSUED
    assert approved.certificate.serial_number == response.json()["serial"]
    again = op_client.post(
        "/account/certificate/enrol/",
        json.dumps({"public_key": spki_b64(browser_key())}),
        content_type="application/json",
    )
    assert again.status_code == 400


def test_enrol_certifies_the_browsers_public_key_for_the_acting_unit(approved, op_client, unit):
    key = browser_key()
    response = op_client.post(
        "/account/certificate/enrol/",
        json.dumps({"public_key": spki_b64(key)}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    record = UnitCertificate.objects.get(serial_number=body["serial"])
    assert record.unit == unit and record.key_source == UnitCertificate.KeySource.CLIENT
    from cryptography import x509

    cert = x509.load_pem_x509_certificate(body["certificate"].encode())
    assert cert.public_key().public_numbers() == key.public_key().public_numbers()


def test_enrol_refuses_a_weak_key(approved, op_client):
    from cryptography.hazmat.primitives.asymmetric import rsa

    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    der = small.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    response = op_client.post(
        "/account/certificate/enrol/",
        json.dumps({"public_key": base64.b64encode(der).decode()}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "公钥类型不受支持" in response.json()["detail"]
    assert not UnitCertificate.objects.exists()


def test_enrol_needs_a_logged_in_operator(db):
    response = Client().post("/account/certificate/enrol/", "{}", content_type="application/json")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_install_page_explains_both_routes(op_client):
    page = op_client.get("/account/certificate/").content.decode()
    assert "不可导出" in page and "PKCS#12" in page and "PIN码" in page


def test_p12_backup_refuses_weak_pins(approved, op_client):
    response = op_client.post(
        "/account/certificate/p12/", {"pin": "123456", "pin_confirm": "123456"}
    )
    assert response.status_code == 400
    assert escape(pins.PIN_SEQUENCE) in response.content.decode()
    mismatch = op_client.post(
        "/account/certificate/p12/", {"pin": "Kx7-22aQ", "pin_confirm": "Kx7-22aR"}
    )
    assert escape(weblogin.PIN_MISMATCH) in mismatch.content.decode()
    assert not UnitCertificate.objects.exists()


def test_p12_backup_opens_with_the_chosen_pin(approved, op_client, unit):
    response = op_client.post(
        "/account/certificate/p12/", {"pin": "Kx7-22aQ", "pin_confirm": "Kx7-22aQ"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-pkcs12"
    assert response["Cache-Control"] == "no-store"
    key, cert, _chain = pkcs12.load_key_and_certificates(response.content, b"Kx7-22aQ")
    record = UnitCertificate.objects.get(unit=unit)
    assert record.key_source == UnitCertificate.KeySource.SERVER
    assert cert is not None and pem(cert) == record.certificate_pem
