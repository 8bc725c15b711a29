"""证书更新续期, 证书变更, 证书补办 and PIN码解锁: what happens to the old certificate."""

import base64
import datetime as dt

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID
from django.urls import reverse
from django.utils import timezone

from shebao.core.errors import InvalidValue
from shebao.pki.client import token_open
from shebao.pki.login import challenge_create
from shebao.pki.models import UnitCertificate
from shebao.pki.selfservice import services
from shebao.pki.selfservice.models import CertificateOrder, OrderKind, OrderStatus
from tests import factories

from .conftest import PIN, issue
from .orders import NEW_PIN, ca_staff, submitted
from .test_revoke import fetch_crl

REVOKED = UnitCertificate.Status.REVOKED


@pytest.fixture
def staff(db):
    return ca_staff()


def _proof(token):
    nonce = challenge_create().nonce
    signature = base64.b64encode(token.sign(base64.b64decode(nonce))).decode()
    return {"certificate_pem": token.certificate_pem, "challenge": nonce, "signature": signature}


def _renew(unit, operator, token):
    return services.order_renew_start(
        unit=unit,
        actor=operator,
        operator_name="李华",
        operator_mobile="13800000000",
        **_proof(token),
    )


def _serial(pem: str) -> int:
    return x509.load_pem_x509_certificate(pem.encode()).serial_number


def test_renew_before_expiry_supersedes_the_old_certificate(ca, unit, operator):
    current = issue(unit, valid_from=timezone.now() - dt.timedelta(days=300))
    order = _renew(unit, operator, current.token)
    assert order.status == OrderStatus.APPROVED and order.previous == current.record
    assert order.possession_proven_at is not None
    order, p12 = services.order_certificate_issue(
        order=order, actor=operator, pin=NEW_PIN, pin_again=NEW_PIN
    )
    new = token_open(p12, NEW_PIN)
    old = UnitCertificate.objects.get(pk=current.record.pk)
    assert old.status == REVOKED and old.revocation_reason == "superseded"
    assert order.certificate.renewed_from == old
    assert new.certificate.not_valid_after_utc > current.token.certificate.not_valid_after_utc
    crl = fetch_crl(old.authority)
    assert crl.get_revoked_certificate_by_serial_number(_serial(old.certificate_pem)) is not None


def test_renew_after_expiry_is_refused(ca, unit, operator):
    start = timezone.now() - dt.timedelta(days=3)
    expired = issue(unit, valid_from=start, validity_days=1)
    with pytest.raises(InvalidValue, match="已过期.*证书新办"):
        _renew(unit, operator, expired.token)
    assert not CertificateOrder.objects.exists()


def test_renew_needs_the_key_of_the_acting_units_certificate(ca, unit, operator, other_unit):
    foreign = issue(other_unit)
    with pytest.raises(InvalidValue, match="不是当前经办单位"):
        _renew(unit, operator, foreign.token)
    mine, other_key = issue(unit), issue(unit)
    proof = _proof(mine.token)
    proof["signature"] = base64.b64encode(
        other_key.token.sign(base64.b64decode(proof["challenge"]))
    ).decode()
    with pytest.raises(InvalidValue, match="签名验证失败"):
        services.order_renew_start(
            unit=unit, actor=operator, operator_name="李华", operator_mobile="13800000000", **proof
        )
    assert not CertificateOrder.objects.exists()


def test_renew_through_the_web_with_the_p12_file(ca, unit, operator, op_client):
    current = issue(unit)
    page = op_client.get(reverse("pki_order_renew"))
    assert page.status_code == 200
    nonce = page.context["challenge"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    wrong = op_client.post(
        reverse("pki_order_renew"),
        {
            "operator_name": "李华",
            "operator_mobile": "13800000000",
            "challenge": nonce,
            "pin": "Not-the-pin1",
            "p12": SimpleUploadedFile("unit.p12", current.p12),
        },
    )
    assert wrong.status_code == 400 and "PIN码不正确" in wrong.content.decode()
    nonce = wrong.context["challenge"]
    response = op_client.post(
        reverse("pki_order_renew"),
        {
            "operator_name": "李华",
            "operator_mobile": "13800000000",
            "challenge": nonce,
            "pin": PIN,
            "p12": SimpleUploadedFile("unit.p12", current.p12),
        },
    )
    order = CertificateOrder.objects.get(unit=unit, kind=OrderKind.RENEW)
    assert response.status_code == 302 and response["Location"] == reverse(
        "pki_order", args=[order.pk]
    )
    download = op_client.post(
        reverse("pki_order_download", args=[order.pk]), {"pin": NEW_PIN, "pin_again": NEW_PIN}
    )
    assert download.status_code == 200
    assert token_open(download.content, NEW_PIN).certificate_pem == (
        UnitCertificate.objects.get(order=order).certificate_pem
    )


def test_change_issues_the_new_subject_and_revokes_the_old_on_issue(ca, unit, operator, staff):
    current = issue(unit)
    new_code = factories.credit_code()
    order = submitted(
        unit,
        operator,
        OrderKind.CHANGE,
        previous=current.record,
        unit_name="重庆平野数字证书服务有限公司",
        credit_code=new_code,
    )
    services.order_approve(order=order, actor=staff)
    assert UnitCertificate.objects.get(pk=current.record.pk).status == UnitCertificate.Status.VALID
    order, p12 = services.order_certificate_issue(
        order=order, actor=operator, pin=NEW_PIN, pin_again=NEW_PIN
    )
    cert = token_open(p12, NEW_PIN).certificate
    assert cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == (
        "重庆平野数字证书服务有限公司"
    )
    assert new_code in cert.subject.rfc4514_string()
    old = UnitCertificate.objects.get(pk=current.record.pk)
    assert old.status == REVOKED and old.revocation_reason == "affiliation_changed"
    crl = fetch_crl(old.authority)
    assert crl.get_revoked_certificate_by_serial_number(_serial(old.certificate_pem)) is not None
    assert crl.get_revoked_certificate_by_serial_number(cert.serial_number) is None


def test_reissue_revokes_the_lost_certificate_at_approval(ca, unit, operator, staff):
    lost = issue(unit)
    order = submitted(unit, operator, OrderKind.REISSUE, previous=lost.record)
    services.order_approve(order=order, actor=staff)
    old = UnitCertificate.objects.get(pk=lost.record.pk)
    assert old.status == REVOKED and old.revocation_reason == "key_compromise"
    assert fetch_crl(old.authority).get_revoked_certificate_by_serial_number(
        _serial(old.certificate_pem)
    )
    order, p12 = services.order_certificate_issue(
        order=order, actor=operator, pin=NEW_PIN, pin_again=NEW_PIN
    )
    assert token_open(p12, NEW_PIN).certificate_pem == order.certificate.certificate_pem
    assert order.certificate.status == UnitCertificate.Status.VALID


def test_unlock_reissues_with_a_new_key_and_pin(ca, unit, operator, staff):
    locked = issue(unit)
    order = submitted(unit, operator, OrderKind.UNLOCK, previous=locked.record)
    services.order_approve(order=order, actor=staff)
    order, p12 = services.order_certificate_issue(
        order=order, actor=operator, pin=NEW_PIN, pin_again=NEW_PIN
    )
    new = token_open(p12, NEW_PIN)
    assert new.certificate.public_key() != locked.token.certificate.public_key()
    old = UnitCertificate.objects.get(pk=locked.record.pk)
    assert old.status == REVOKED and old.revocation_reason == "superseded"


def test_kinds_on_a_certificate_need_a_valid_one_of_the_unit(ca, unit, operator, other_unit):
    foreign = issue(other_unit)
    from .orders import started

    with pytest.raises(InvalidValue, match="请选择"):
        started(unit, operator, OrderKind.CHANGE)
    with pytest.raises(InvalidValue, match="有效证书"):
        started(unit, operator, OrderKind.UNLOCK, previous=foreign.record)


def test_unlock_page_says_a_new_certificate_is_issued(ca, unit, op_client):
    issue(unit)
    page = op_client.get(reverse("pki_order_new", args=["unlock"])).content.decode()
    assert "服务器无法修改或解锁文件中的PIN码" in page
