"""Revocation, the CRL endpoint and renewal."""

import datetime as dt
import subprocess

import pytest
from cryptography import x509
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shebao.audit.models import AuditEvent
from shebao.audit.types import EventType
from shebao.core.errors import InvalidValue
from shebao.pki.authority import ca_certificate
from shebao.pki.models import CertificateAuthority, UnitCertificate
from shebao.pki.services import certificate_renew, certificate_revoke, crl_current

from .conftest import PIN, issue, login
from .test_ca import openssl_verify

REVOKED = UnitCertificate.Status.REVOKED


def fetch_crl(authority) -> x509.CertificateRevocationList:
    response = Client().get(reverse("pki_crl", args=[authority.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pkix-crl"
    return x509.load_der_x509_crl(response.content)


def test_crl_is_served_signed_by_the_issuing_ca(ca):
    root, issuing = ca
    crl = fetch_crl(issuing)
    assert crl.is_signature_valid(ca_certificate(issuing).public_key())
    assert crl.issuer == ca_certificate(issuing).subject
    assert len(crl) == 0
    assert crl.next_update_utc - crl.last_update_utc == dt.timedelta(days=1)
    assert Client().get(reverse("pki_crl", args=[root.pk])).status_code == 404
    assert Client().get("/pki/crl/999999.crl").status_code == 404


def test_revocation_lists_the_certificate_and_openssl_rejects_it(ca, unit, operator, tmp_path):
    root, issuing = ca
    keep, gone = issue(unit), issue(unit)
    number_before = CertificateAuthority.objects.get(pk=issuing.pk).crl_number
    revoked = certificate_revoke(
        certificate=gone.record, reason="key_compromise", actor=operator, ip="10.0.0.9"
    )
    assert revoked.status == REVOKED and revoked.revoked_at is not None
    assert revoked.revocation_reason == "key_compromise"

    crl = fetch_crl(issuing)
    gone_cert = x509.load_pem_x509_certificate(gone.pem.encode())
    entry = crl.get_revoked_certificate_by_serial_number(gone_cert.serial_number)
    assert entry is not None
    assert entry.extensions.get_extension_for_class(x509.CRLReason).value.reason == (
        x509.ReasonFlags.key_compromise
    )
    assert crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number > number_before

    crl_pem = tmp_path / "crl.pem"
    subprocess.run(
        ["openssl", "crl", "-inform", "DER", "-out", crl_pem],
        input=fetch_crl_bytes(issuing),
        check=True,
    )
    args = ("-crl_check", "-CRLfile", str(crl_pem))
    root_cert, issuing_cert = ca_certificate(root), ca_certificate(issuing)
    refused = openssl_verify(tmp_path, root_cert, issuing_cert, gone_cert, *args)
    assert refused.returncode != 0
    assert "certificate revoked" in refused.stdout + refused.stderr
    keep_cert = x509.load_pem_x509_certificate(keep.pem.encode())
    assert openssl_verify(tmp_path, root_cert, issuing_cert, keep_cert, *args).returncode == 0

    event = AuditEvent.objects.get(event_type=EventType.PKI_REVOKE)
    assert (event.subject_certificate_id, event.actor, event.ip) == (
        gone.record.pk,
        operator,
        "10.0.0.9",
    )
    assert event.detail["reason"] == "key_compromise"


def fetch_crl_bytes(authority) -> bytes:
    return Client().get(reverse("pki_crl", args=[authority.pk])).content


def test_revoking_twice_or_with_an_unknown_reason_is_refused(ca, unit):
    issued = issue(unit)
    with pytest.raises(InvalidValue, match="吊销原因不正确"):
        certificate_revoke(certificate=issued.record, reason="bored", actor=None)
    certificate_revoke(certificate=issued.record, reason="cessation_of_operation", actor=None)
    with pytest.raises(InvalidValue, match="该证书已吊销，不能重复吊销"):
        certificate_revoke(certificate=issued.record, reason="unspecified", actor=None)
    assert AuditEvent.objects.filter(event_type=EventType.PKI_REVOKE).count() == 1


def test_a_stale_crl_is_signed_anew_when_served(ca):
    _, issuing = ca
    old_number = issuing.crl_number
    CertificateAuthority.objects.filter(pk=issuing.pk).update(
        crl_this_update=timezone.now() - dt.timedelta(hours=13)
    )
    crl = x509.load_der_x509_crl(crl_current(authority=issuing))
    assert crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number == old_number + 1
    assert timezone.now() - crl.last_update_utc < dt.timedelta(minutes=1)
    # a fresh one is served as stored
    again = x509.load_der_x509_crl(crl_current(authority=issuing))
    assert again.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number == (
        old_number + 1
    )


def test_daily_refresh_command_signs_every_issuing_ca(ca):
    from django.core.management import call_command

    from shebao.pki.services import issuing_ca_rotate

    issuing_ca_rotate(actor=None)
    before = dict(CertificateAuthority.objects.values_list("pk", "crl_number"))
    call_command("pki_refresh_crl", stdout=None)
    for ca_obj in CertificateAuthority.objects.filter(kind="issuing"):
        assert ca_obj.crl_number == before[ca_obj.pk] + 1


def test_renewal_supersedes_the_old_certificate(ca, unit, operator):
    old = issue(unit, validity_days=30)
    new, p12 = certificate_renew(certificate=old.record, public_key=None, pin=PIN, actor=operator)
    old.record.refresh_from_db()
    assert old.record.status == REVOKED and old.record.revocation_reason == "superseded"
    assert new.renewed_from == old.record and new.unit == unit
    assert (new.not_after - new.not_before).days == 365
    assert p12 is not None
    assert AuditEvent.objects.filter(
        event_type=EventType.PKI_RENEW, subject_certificate=new
    ).exists()
    assert login(old.pem, old.token).json()["detail"].startswith("证书已吊销（已由新证书取代")
    from shebao.pki.client import token_open

    assert login(new.certificate_pem, token_open(p12, PIN)).status_code == 200
    with pytest.raises(InvalidValue, match="该证书已吊销，不能更新"):
        certificate_renew(certificate=old.record, public_key=None, pin=PIN, actor=operator)
