"""The CA hierarchy: created once, keys stored encrypted, rotation keeps old certificates valid."""

import subprocess
from io import StringIO

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.core.management import call_command
from django.test import override_settings

from shebao.audit.models import AuditEvent
from shebao.audit.types import EventType
from shebao.pki.authority import ca_certificate, ca_key
from shebao.pki.models import CertificateAuthority
from shebao.pki.services import issuing_ca_rotate, pki_init

from .conftest import issue, write_pem

ROOT, ISSUING = CertificateAuthority.Kind.ROOT, CertificateAuthority.Kind.ISSUING


def openssl_verify(tmp_path, root, issuing, leaf, *extra):
    args = ["openssl", "verify", "-CAfile", write_pem(tmp_path / "root.pem", root)]
    if issuing is not None:
        args += ["-untrusted", write_pem(tmp_path / "issuing.pem", issuing)]
    args += [*extra, write_pem(tmp_path / "leaf.pem", leaf)]
    return subprocess.run(args, capture_output=True, text=True)


def test_init_creates_root_and_issuing_once(db):
    root, issuing = pki_init()
    again = pki_init()
    assert again == (root, issuing)
    assert CertificateAuthority.objects.filter(kind=ROOT).count() == 1
    assert CertificateAuthority.objects.filter(kind=ISSUING).count() == 1
    assert issuing.parent == root
    root_cert, issuing_cert = ca_certificate(root), ca_certificate(issuing)
    assert root_cert.subject == root_cert.issuer
    assert issuing_cert.issuer == root_cert.subject
    assert issuing_cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert issuing.crl_der, "an issuing CA starts with a signed, empty CRL"
    assert AuditEvent.objects.filter(event_type=EventType.PKI_CA_CREATE).count() == 2


def test_init_command_is_idempotent(db):
    out = StringIO()
    call_command("pki_init", stdout=out)
    call_command("pki_init", stdout=out)
    assert CertificateAuthority.objects.count() == 2
    assert "根 CA" in out.getvalue()


def test_ca_private_keys_are_stored_encrypted(ca):
    for authority in ca:
        assert authority.private_key_pem.startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")
        with pytest.raises(TypeError):  # no passphrase
            serialization.load_pem_private_key(authority.private_key_pem.encode(), None)
        with pytest.raises(ValueError):
            serialization.load_pem_private_key(authority.private_key_pem.encode(), b"wrong")
        public = (
            ca_certificate(authority)
            .public_key()
            .public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )
        key = ca_key(authority)  # opens with the configured passphrase
        assert (
            key.public_key().public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            == public
        )


def test_another_passphrase_cannot_use_the_keys(ca):
    with override_settings(CA_KEY_PASSPHRASE="someone-else"), pytest.raises(ValueError):
        ca_key(ca[1])


def test_deploy_check_refuses_the_dev_passphrase(db):
    from shebao.pki.checks import ca_passphrase_set

    assert [e.id for e in ca_passphrase_set(None)] == ["shebao.pki.E001"]
    with override_settings(CA_KEY_PASSPHRASE="a-long-production-secret"):
        assert ca_passphrase_set(None) == []


def test_rotation_keeps_old_certificates_verifiable(ca, unit, operator, tmp_path):
    root, old = ca
    before = issue(unit)
    out = StringIO()
    call_command("pki_rotate_issuing_ca", stdout=out)
    new = CertificateAuthority.objects.get(kind=ISSUING, is_active=True)
    old.refresh_from_db()
    assert new != old and not old.is_active and old.retired_at is not None
    assert new.parent == root
    after = issue(unit)
    assert before.record.authority == old
    assert after.record.authority == new

    root_cert = ca_certificate(root)
    old_cert, new_cert = ca_certificate(old), ca_certificate(new)
    leaf_before = x509.load_pem_x509_certificate(before.pem.encode())
    leaf_after = x509.load_pem_x509_certificate(after.pem.encode())
    assert leaf_after.issuer == new_cert.subject
    assert openssl_verify(tmp_path, root_cert, old_cert, leaf_before).returncode == 0
    assert openssl_verify(tmp_path, root_cert, new_cert, leaf_after).returncode == 0
    wrong = openssl_verify(tmp_path, root_cert, old_cert, leaf_after)
    assert wrong.returncode != 0

    # Both log in: the old issuing CA stays in the chain store.
    from .conftest import login

    assert login(before.pem, before.token).status_code == 200
    assert login(after.pem, after.token).status_code == 200
    event = AuditEvent.objects.get(event_type=EventType.PKI_CA_ROTATE)
    assert event.detail == {"retired": old.pk, "active": new.pk}


def test_rotating_twice_keeps_one_active_issuing_ca(ca):
    issuing_ca_rotate(actor=None)
    issuing_ca_rotate(actor=None)
    assert CertificateAuthority.objects.filter(kind=ISSUING).count() == 3
    assert CertificateAuthority.objects.filter(kind=ISSUING, is_active=True).count() == 1
