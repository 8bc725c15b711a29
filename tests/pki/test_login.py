"""POST /api/v1/auth/challenge + /api/v1/auth/certificate: every refusal, and the token works."""

import base64
import datetime as dt
import json
import secrets

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from django.utils import timezone
from rest_framework.test import APIClient

from shebao.audit.models import AuditEvent
from shebao.audit.types import EventType
from shebao.pki import login as L
from shebao.pki import x509 as build
from shebao.pki.authority import ca_certificate, ca_key, crl_url
from shebao.pki.client import SoftToken
from shebao.pki.models import LoginChallenge, UnitCertificate
from shebao.pki.services import certificate_revoke
from tests import factories

from .conftest import challenge, issue, login, signed

NOW = timezone.now


def detail(response) -> str:
    assert response.status_code == 400, response.content
    return response.json()["detail"]


def test_challenge_is_random_and_short_lived(db):
    response = APIClient().post("/api/v1/auth/challenge")
    assert response.status_code == 201
    body = response.json()
    assert len(base64.b64decode(body["challenge"])) == 32
    stored = LoginChallenge.objects.get(nonce=body["challenge"])
    assert stored.used_at is None
    assert stored.expires_at - stored.created_at == dt.timedelta(seconds=120)
    assert challenge() != body["challenge"]


def test_certificate_login_gives_a_token_that_opens_the_api(issued, operator, unit):
    response = login(issued.pem, issued.token)
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    cases = client.get("/api/v1/cases")
    assert cases.status_code == 200
    assert "results" in cases.json()
    event = AuditEvent.objects.get(event_type=EventType.PKI_LOGIN)
    assert (event.actor, event.acting_unit, event.certificate) == (operator, unit, issued.record)
    assert event.ip == "127.0.0.1"
    assert LoginChallenge.objects.get().used_at is not None


def test_raw_r_s_signature_as_webcrypto_makes_it_is_accepted(issued):
    nonce = challenge()
    der = issued.token.key.sign(base64.b64decode(nonce), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    raw = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    response = APIClient().post(
        "/api/v1/auth/certificate",
        {
            "certificate": issued.pem,
            "challenge": nonce,
            "signature": base64.b64encode(raw).decode(),
        },
        format="json",
    )
    assert response.status_code == 200, response.content


def test_revoked_certificate_is_refused(issued):
    certificate_revoke(certificate=issued.record, reason="key_compromise", actor=None)
    message = detail(login(issued.pem, issued.token))
    assert message.startswith("证书已吊销（密钥泄露或证书介质丢失，吊销时间 ")
    assert message.endswith("），不能登录")


def test_a_certificate_on_the_crl_is_refused_even_if_the_database_row_says_valid(issued):
    certificate_revoke(certificate=issued.record, reason="unspecified", actor=None)
    UnitCertificate.objects.filter(pk=issued.record.pk).update(status="valid")
    assert detail(login(issued.pem, issued.token)) == L.CERT_REVOKED_CRL


def test_expired_certificate_is_refused(ca, unit, operator):
    old = issue(unit, valid_from=NOW() - dt.timedelta(days=40), validity_days=30)
    message = detail(login(old.pem, old.token))
    assert message.startswith("证书已过期（失效时间 ") and message.endswith("请办理证书更新")
    expected = timezone.localtime(old.record.not_after).strftime("%Y-%m-%d %H:%M:%S")
    assert expected in message


def test_not_yet_valid_certificate_is_refused(ca, unit, operator):
    future = issue(unit, valid_from=NOW() + dt.timedelta(days=2))
    assert detail(login(future.pem, future.token)).startswith("证书尚未生效（生效时间 ")


def foreign_hierarchy(identity: build.UnitIdentity):
    """Another CA with the very same names as ours, issuing a look-alike unit certificate."""
    now = NOW()
    root_key, issuing_key, leaf_key = build.ca_key_new(), build.ca_key_new(), build.unit_key_new()
    root = build.root_build(
        key=root_key,
        common_name="Shebao 根 CA",
        not_before=now,
        not_after=now + dt.timedelta(days=3650),
    )
    issuing = build.issuing_build(
        key=issuing_key,
        common_name="Shebao 单位证书签发 CA 1",
        root=root,
        root_key=root_key,
        not_before=now,
        not_after=now + dt.timedelta(days=3650),
    )
    leaf = build.unit_build(
        public_key=leaf_key.public_key(),
        identity=identity,
        issuer=issuing,
        issuer_key=issuing_key,
        not_before=now,
        not_after=now + dt.timedelta(days=30),
        crl_url="http://elsewhere.invalid/crl",
    )
    return SoftToken(key=leaf_key, certificate=leaf)


def identity_of(unit) -> build.UnitIdentity:
    return build.UnitIdentity(name=unit.name, credit_code=unit.credit_code, unit_no=unit.unit_no)


def test_certificate_from_another_ca_is_refused(ca, unit, operator):
    token = foreign_hierarchy(identity_of(unit))
    assert detail(login(token.certificate_pem, token)) == L.CERT_FOREIGN


def ours_unregistered(ca, identity: build.UnitIdentity) -> SoftToken:
    """Signed with our issuing key but never recorded (e.g. a restored, older database)."""
    _, issuing = ca
    key = build.unit_key_new()
    now = NOW()
    cert = build.unit_build(
        public_key=key.public_key(),
        identity=identity,
        issuer=ca_certificate(issuing),
        issuer_key=ca_key(issuing),
        not_before=now,
        not_after=now + dt.timedelta(days=30),
        crl_url=crl_url(issuing),
    )
    return SoftToken(key=key, certificate=cert)


def test_unknown_unit_is_refused(ca, unit, operator):
    ghost = build.UnitIdentity(name="不存在单位", credit_code=unit.credit_code, unit_no="999999999")
    token = ours_unregistered(ca, ghost)
    assert detail(login(token.certificate_pem, token)) == (
        "证书中的单位（单位编号 999999999）不是本平台的参保单位"
    )


def test_unregistered_certificate_is_refused(ca, unit, operator):
    token = ours_unregistered(ca, identity_of(unit))
    assert detail(login(token.certificate_pem, token)) == L.CERT_UNKNOWN


def test_signature_with_another_key_is_refused(issued):
    impostor = SoftToken(
        key=ec.generate_private_key(ec.SECP256R1()), certificate=issued.token.certificate
    )
    assert detail(login(issued.pem, impostor)) == L.SIGNATURE_INVALID


def test_signature_over_other_bytes_is_refused(issued):
    nonce = challenge()
    other = base64.b64encode(issued.token.sign(b"something else")).decode()
    response = APIClient().post(
        "/api/v1/auth/certificate",
        {"certificate": issued.pem, "challenge": nonce, "signature": other},
        format="json",
    )
    assert detail(response) == L.SIGNATURE_INVALID


def test_replayed_challenge_is_refused(issued):
    nonce = challenge()
    assert login(issued.pem, issued.token, nonce=nonce).status_code == 200
    assert detail(login(issued.pem, issued.token, nonce=nonce)) == L.CHALLENGE_USED


def test_a_refused_attempt_still_uses_the_challenge_up(issued):
    nonce = challenge()
    impostor = SoftToken(
        key=ec.generate_private_key(ec.SECP256R1()), certificate=issued.token.certificate
    )
    assert detail(login(issued.pem, impostor, nonce=nonce)) == L.SIGNATURE_INVALID
    assert detail(login(issued.pem, issued.token, nonce=nonce)) == L.CHALLENGE_USED


def test_expired_challenge_is_refused(issued):
    nonce = challenge()
    LoginChallenge.objects.filter(nonce=nonce).update(expires_at=NOW() - dt.timedelta(seconds=1))
    assert detail(login(issued.pem, issued.token, nonce=nonce)) == (
        "挑战码已过期（有效期 120 秒），请重新获取挑战码"
    )


def test_made_up_challenge_is_refused(issued):
    nonce = base64.b64encode(secrets.token_bytes(32)).decode()
    assert detail(login(issued.pem, issued.token, nonce=nonce)) == L.CHALLENGE_UNKNOWN


@pytest.mark.parametrize(
    "certificate",
    [
        "garbage",
        "-----BEGIN CERTIFICATE-----\nMIIBnotreally\n-----END CERTIFICATE-----\n",
    ],
)
def test_corrupt_certificate_is_refused(issued, certificate):
    assert detail(login(certificate, issued.token)) == L.CERT_CORRUPT


def test_bad_base64_signature_and_challenge_are_refused(issued):
    nonce = challenge()
    bad_signature = {"certificate": issued.pem, "challenge": nonce, "signature": "***not base64"}
    response = APIClient().post("/api/v1/auth/certificate", bad_signature, format="json")
    assert detail(response) == L.SIGNATURE_CORRUPT
    bad_challenge = {**bad_signature, "challenge": "%%%", "signature": signed(issued.token, nonce)}
    response = APIClient().post("/api/v1/auth/certificate", bad_challenge, format="json")
    assert detail(response) == L.CHALLENGE_CORRUPT


def test_missing_field_is_named_in_chinese(issued):
    response = APIClient().post(
        "/api/v1/auth/certificate", {"certificate": issued.pem}, format="json"
    )
    assert detail(response) == "挑战码：该字段是必填项。"


def test_unit_without_operator_is_refused(ca, unit):
    lonely = issue(unit)
    assert (
        detail(login(lonely.pem, lonely.token))
        == f"单位 {unit.unit_no} 尚未登记经办人，不能用证书登录"
    )


def test_several_operators_need_a_username_of_the_unit(issued, unit, operator):
    second = factories.operator(unit)
    outsider = factories.operator(factories.unit())
    assert detail(login(issued.pem, issued.token)) == (
        f"单位 {unit.unit_no} 有多名经办人，请同时提交经办人用户名（username）"
    )
    assert detail(login(issued.pem, issued.token, username=outsider.username)) == (
        f"用户 {outsider.username} 不是单位 {unit.unit_no} 的经办人"
    )
    response = login(issued.pem, issued.token, username=second.username)
    assert response.status_code == 200
    from knox.auth import TokenAuthentication

    user, _token = TokenAuthentication().authenticate_credentials(response.json()["token"].encode())
    assert user == second


def test_inactive_operator_cannot_log_in(issued, operator):
    operator.is_active = False
    operator.save()
    assert "尚未登记经办人" in detail(login(issued.pem, issued.token))


def test_refusals_are_audited_with_the_reason(issued):
    certificate_revoke(certificate=issued.record, reason="key_compromise", actor=None)
    login(issued.pem, issued.token)
    event = AuditEvent.objects.get(event_type=EventType.PKI_LOGIN_REFUSED)
    assert event.detail["reason"].startswith("证书已吊销")
    assert event.detail["fingerprint"] == issued.record.fingerprint
    assert event.ip == "127.0.0.1"
    assert not AuditEvent.objects.filter(event_type=EventType.PKI_LOGIN).exists()


def test_endpoints_are_in_the_openapi_schema(db):
    response = APIClient().get("/api/v1/schema", HTTP_ACCEPT="application/json")
    paths = json.loads(response.content)["paths"]
    assert "post" in paths["/api/v1/auth/challenge"]
    body = paths["/api/v1/auth/certificate"]["post"]["requestBody"]["content"]
    ref = body["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    props = json.loads(response.content)["components"]["schemas"][ref]["properties"]
    assert set(props) == {"certificate", "challenge", "signature", "username"}


def test_before_any_ca_exists_every_certificate_is_foreign(unit, operator):
    token = foreign_hierarchy(identity_of(unit))
    assert detail(login(token.certificate_pem, token)) == L.CERT_FOREIGN


def test_oversized_input_is_refused_before_any_crypto(issued):
    response = APIClient().post(
        "/api/v1/auth/certificate",
        {"certificate": "A" * 20_001, "challenge": challenge(), "signature": "AAAA"},
        format="json",
    )
    assert detail(response).startswith("证书：")
