"""Issuing unit certificates: the profile, both key sources, openssl as the independent judge."""

import datetime as dt
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.urls import reverse

from shebao.audit.models import AuditEvent
from shebao.audit.types import EventType
from shebao.core.errors import InvalidValue
from shebao.pki import certificates
from shebao.pki.authority import ca_certificate
from shebao.pki.client import TokenError, token_open
from shebao.pki.models import UnitCertificate
from shebao.pki.services import certificate_issue

from .conftest import PIN, issue
from .test_ca import openssl_verify


def spki(key, encoding=serialization.Encoding.PEM) -> bytes:
    return key.public_key().public_bytes(encoding, serialization.PublicFormat.SubjectPublicKeyInfo)


def test_openssl_accepts_an_issued_certificate(ca, unit, tmp_path):
    root, issuing = ca
    leaf = x509.load_pem_x509_certificate(issue(unit).pem.encode())
    result = openssl_verify(tmp_path, ca_certificate(root), ca_certificate(issuing), leaf)
    assert result.returncode == 0, result.stderr
    assert "leaf.pem: OK" in result.stdout
    # and with the issuing CA's (empty) CRL checked
    crl = tmp_path / "crl.der"
    crl.write_bytes(bytes(issuing.crl_der))
    crl_pem = tmp_path / "crl.pem"
    subprocess.run(["openssl", "crl", "-inform", "DER", "-in", crl, "-out", crl_pem], check=True)
    checked = openssl_verify(
        tmp_path,
        ca_certificate(root),
        ca_certificate(issuing),
        leaf,
        "-crl_check",
        "-CRLfile",
        str(crl_pem),
    )
    assert checked.returncode == 0, checked.stderr


def test_subject_carries_unit_name_credit_code_and_unit_number(ca, unit):
    leaf = x509.load_pem_x509_certificate(issue(unit).pem.encode())
    subject = leaf.subject
    assert subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == unit.name
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == unit.name
    assert (
        subject.get_attributes_for_oid(NameOID.ORGANIZATION_IDENTIFIER)[0].value
        == f"NTRCN-{unit.credit_code}"
    )
    assert subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value == unit.unit_no
    assert subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)[0].value == "CN"


def test_extensions_follow_the_profile(ca, unit):
    root, issuing = ca
    record = issue(unit).record
    leaf = x509.load_pem_x509_certificate(record.certificate_pem.encode())
    ext = leaf.extensions
    assert leaf.version == x509.Version.v3
    san = ext.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.UniformResourceIdentifier) == [
        f"urn:shebao:unit:{unit.unit_no}"
    ]
    usage = ext.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.digital_signature and usage.value.content_commitment
    assert not usage.value.key_cert_sign
    eku = ext.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert ExtendedKeyUsageOID.CLIENT_AUTH in eku
    assert not ext.get_extension_for_class(x509.BasicConstraints).value.ca
    issuer_ski = ca_certificate(issuing).extensions.get_extension_for_class(
        x509.SubjectKeyIdentifier
    )
    aki = ext.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    assert aki.key_identifier == issuer_ski.value.digest
    assert ext.get_extension_for_class(x509.SubjectKeyIdentifier)
    points = ext.get_extension_for_class(x509.CRLDistributionPoints).value
    url = points[0].full_name[0].value
    assert url == "http://127.0.0.1:8000" + reverse("pki_crl", args=[issuing.pk])
    assert (leaf.not_valid_after_utc - leaf.not_valid_before_utc) == dt.timedelta(days=365)
    assert isinstance(leaf.public_key(), ec.EllipticCurvePublicKey)
    assert leaf.public_key().curve.name == "secp256r1"
    # the record mirrors the certificate
    assert record.serial_number == f"{leaf.serial_number:x}"
    assert record.not_after == leaf.not_valid_after_utc
    assert record.status == UnitCertificate.Status.VALID
    assert len(record.fingerprint) == 64
    assert record.key_source == UnitCertificate.KeySource.SERVER


def test_validity_is_configurable_and_bounded(ca, unit):
    leaf = x509.load_pem_x509_certificate(issue(unit, validity_days=30).pem.encode())
    assert (leaf.not_valid_after_utc - leaf.not_valid_before_utc).days == 30
    for days in (0, 3 * 365 + 1):
        with pytest.raises(InvalidValue, match="证书有效期必须在 1 到 1095 天之间"):
            issue(unit, validity_days=days)


@pytest.mark.parametrize("encoding", [serialization.Encoding.PEM, serialization.Encoding.DER])
def test_a_browser_generated_public_key_is_certified_without_a_pkcs12(ca, unit, encoding):
    key = ec.generate_private_key(ec.SECP256R1())
    record, p12 = certificate_issue(unit=unit, public_key=spki(key, encoding), actor=None)
    assert p12 is None
    leaf = x509.load_pem_x509_certificate(record.certificate_pem.encode())
    assert spki(key) == leaf.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    assert record.key_source == UnitCertificate.KeySource.CLIENT


def test_an_rsa_2048_key_is_accepted(ca, unit):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    record, _ = certificate_issue(unit=unit, public_key=spki(key), actor=None)
    assert record.pk


@pytest.mark.parametrize(
    "make",
    [
        lambda: rsa.generate_private_key(public_exponent=65537, key_size=1024),
        lambda: ed25519.Ed25519PrivateKey.generate(),
        lambda: ec.generate_private_key(ec.SECP256K1()),
    ],
    ids=["rsa1024", "ed25519", "secp256k1"],
)
def test_weak_or_unsupported_public_keys_are_refused(ca, unit, make):
    with pytest.raises(InvalidValue, match=certificates.PUBLIC_KEY_UNSUPPORTED):
        certificate_issue(unit=unit, public_key=spki(make()), actor=None)
    assert not UnitCertificate.objects.exists()


def test_garbage_public_key_is_refused(ca, unit):
    for garbage in (b"not a key", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"):
        with pytest.raises(InvalidValue, match="公钥无法读取"):
            certificate_issue(unit=unit, public_key=garbage, actor=None)


def test_server_key_needs_a_pin(ca, unit):
    with pytest.raises(InvalidValue, match=certificates.PIN_REQUIRED):
        certificate_issue(unit=unit, public_key=None, actor=None)


def test_pkcs12_opens_with_the_right_pin_only(ca, unit, tmp_path):
    issued = issue(unit)
    token = token_open(issued.p12, PIN)
    assert token.certificate_pem == issued.pem
    with pytest.raises(TokenError, match="PIN码不正确"):
        token_open(issued.p12, PIN + "x")
    with pytest.raises(TokenError):
        token_open(b"garbage", PIN)
    key, cert, chain = pkcs12.load_key_and_certificates(issued.p12, PIN.encode())
    assert len(chain) == 2  # issuing CA and root ride along
    # OpenSSL itself opens it with the PIN and refuses without it.
    path = tmp_path / "unit.p12"
    path.write_bytes(issued.p12)
    good = subprocess.run(
        ["openssl", "pkcs12", "-in", path, "-passin", f"pass:{PIN}", "-nokeys", "-clcerts"],
        capture_output=True,
        text=True,
    )
    assert good.returncode == 0 and "BEGIN CERTIFICATE" in good.stdout
    bad = subprocess.run(
        ["openssl", "pkcs12", "-in", path, "-passin", "pass:Wrong-999", "-nokeys"],
        capture_output=True,
        text=True,
    )
    assert bad.returncode != 0


def test_the_private_key_is_not_kept(ca, unit):
    issued = issue(unit)
    for value in UnitCertificate.objects.filter(pk=issued.record.pk).values().get().values():
        assert "PRIVATE KEY" not in str(value)


def test_issuing_is_audited(ca, unit, operator):
    record, _ = certificate_issue(
        unit=unit, public_key=None, pin=PIN, actor=operator, ip="10.1.2.3"
    )
    event = AuditEvent.objects.get(event_type=EventType.PKI_ISSUE)
    assert (event.subject_certificate, event.acting_unit, event.actor, event.ip) == (
        record,
        unit,
        operator,
        "10.1.2.3",
    )
    assert event.detail["serial"] == record.serial_number
    assert record.issued_by == operator


def test_a_long_unit_name_is_cut_to_the_limits_in_the_subject(ca, region):
    from tests import factories

    long_unit = factories.unit(region_obj=region, name="湖北" + "长" * 90 + "有限公司")
    leaf = x509.load_pem_x509_certificate(issue(long_unit).pem.encode())
    cn = leaf.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    o = leaf.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value
    assert o == long_unit.name[:64]  # X.520: 64 characters
    assert cn == long_unit.name[:21] and len(cn.encode()) <= 64  # cryptography: 64 bytes
