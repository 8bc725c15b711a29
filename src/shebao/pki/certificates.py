"""Unit certificates: issue (from a browser's public key, or as a one-time PKCS#12), revoke, renew."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.audit.types import EventType
from shebao.core.errors import InvalidValue
from shebao.registry.models import Unit

from . import x509 as build
from .authority import audit, ca_certificate, ca_key, crl_refresh, crl_url, issuing_active
from .models import CertificateAuthority, RevocationReason, UnitCertificate
from .pins import pin_check

VALIDITY_MAX_DAYS = 3 * 365
CURVES_ACCEPTED = (ec.SECP256R1, ec.SECP384R1)
RSA_MIN_BITS = 2048

PUBLIC_KEY_UNREADABLE = gettext_noop(
    "公钥无法读取：请提交 PEM 或 DER 格式的 SubjectPublicKeyInfo 公钥"
)
PUBLIC_KEY_UNSUPPORTED = gettext_noop(
    "公钥类型不受支持：请使用 EC P-256、P-384 或至少 2048 位的 RSA 密钥"
)
PIN_REQUIRED = gettext_noop("平台生成密钥时必须设置 PIN码，用于保护下发的证书文件")
VALIDITY_OUT_OF_RANGE = gettext_noop("证书有效期必须在 1 到 %(n)d 天之间")
ALREADY_REVOKED = gettext_noop("该证书已吊销，不能重复吊销")
REVOKED_CANNOT_RENEW = gettext_noop("该证书已吊销，不能更新；请重新申请证书")
UNKNOWN_REASON = gettext_noop("吊销原因不正确：%(r)s")
CA_EXPIRES_TOO_SOON = gettext_noop("签发证书（CA）剩余有效期不足，请先更换签发 CA")


def public_key_load(data: bytes | str) -> build.PublicKey:
    """A browser-generated SPKI public key (PEM or DER), if it is of a kind we certify."""
    raw = data.encode() if isinstance(data, str) else data
    try:
        if raw.lstrip().startswith(b"-----BEGIN"):
            key = serialization.load_pem_public_key(raw)
        else:
            key = serialization.load_der_public_key(raw)
    except (ValueError, TypeError):
        raise InvalidValue(_(PUBLIC_KEY_UNREADABLE))
    if isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, CURVES_ACCEPTED):
        return key
    if isinstance(key, rsa.RSAPublicKey) and key.key_size >= RSA_MIN_BITS:
        return key
    raise InvalidValue(_(PUBLIC_KEY_UNSUPPORTED))


def _identity(unit: Unit) -> build.UnitIdentity:
    return build.UnitIdentity(name=unit.name, credit_code=unit.credit_code, unit_no=unit.unit_no)


@transaction.atomic
def certificate_issue(
    *,
    unit: Unit,
    public_key: bytes | str | None,
    actor: Any,
    pin: str | None = None,
    validity_days: int = 365,
    valid_from: dt.datetime | None = None,
    ip: str | None = None,
    renewed_from: UnitCertificate | None = None,
    identity: build.UnitIdentity | None = None,
) -> tuple[UnitCertificate, bytes | None]:
    """Certify the unit's key. Without ``public_key`` an EC P-256 key is made here and returned
    ONCE inside a PKCS#12 locked with ``pin`` (never stored); else the PKCS#12 is None.

    ``identity`` overrides the subject's name and credit code (证书变更); the unit number is
    always the unit's, since certificate login finds the unit by it."""
    if not 1 <= validity_days <= VALIDITY_MAX_DAYS:
        raise InvalidValue(_(VALIDITY_OUT_OF_RANGE) % {"n": VALIDITY_MAX_DAYS})
    private_key = None
    key: build.PublicKey
    if public_key is None:
        if not pin:
            raise InvalidValue(_(PIN_REQUIRED))
        pin_check(pin)
        private_key = build.unit_key_new()
        key = private_key.public_key()
    else:
        key = public_key_load(public_key)
    authority = issuing_active()
    issuer = ca_certificate(authority)
    start = valid_from or timezone.now()
    end = start + dt.timedelta(days=validity_days)
    if end > issuer.not_valid_after_utc:
        raise InvalidValue(_(CA_EXPIRES_TOO_SOON))
    cert = build.unit_build(
        public_key=key,
        identity=(
            build.UnitIdentity(identity.name, identity.credit_code, unit.unit_no)
            if identity
            else _identity(unit)
        ),
        issuer=issuer,
        issuer_key=ca_key(authority),
        not_before=start,
        not_after=end,
        crl_url=crl_url(authority),
    )
    record = UnitCertificate.objects.create(
        unit=unit,
        authority=authority,
        serial_number=f"{cert.serial_number:x}",
        subject=cert.subject.rfc4514_string()[:500],
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        certificate_pem=build.pem(cert),
        fingerprint=build.fingerprint(cert),
        key_source=(
            UnitCertificate.KeySource.SERVER if private_key else UnitCertificate.KeySource.CLIENT
        ),
        renewed_from=renewed_from,
        issued_by=actor,
    )
    audit(
        EventType.PKI_RENEW if renewed_from else EventType.PKI_ISSUE,
        actor=actor,
        ip=ip,
        unit=unit,
        authority=authority,
        certificate=record,
        serial=record.serial_number,
        not_after=record.not_after.isoformat(),
        key_source=record.key_source,
        **({"renewed_from": renewed_from.serial_number} if renewed_from else {}),
    )
    if private_key is None:
        return record, None
    assert pin is not None
    chain = [issuer, ca_certificate(_root_of(authority))]
    p12 = build.p12_build(
        key=private_key,
        cert=cert,
        chain=chain,
        pin=pin,
        # ASCII: OpenSSL stores the friendly name byte by byte, so Chinese would be garbled.
        friendly_name=f"shebao-unit-{unit.unit_no}",
    )
    return record, p12


def _root_of(ca: CertificateAuthority) -> CertificateAuthority:
    assert ca.parent is not None
    return ca.parent


@transaction.atomic
def certificate_revoke(
    *, certificate: UnitCertificate, reason: str, actor: Any, ip: str | None = None
) -> UnitCertificate:
    """Revoke at once: the database refuses the login from now on, and a new CRL is signed."""
    if reason not in RevocationReason.values:
        raise InvalidValue(_(UNKNOWN_REASON) % {"r": reason})
    cert = UnitCertificate.objects.select_for_update().get(pk=certificate.pk)
    if cert.status == UnitCertificate.Status.REVOKED:
        raise InvalidValue(_(ALREADY_REVOKED))
    cert.status = UnitCertificate.Status.REVOKED
    cert.revocation_reason = reason
    cert.revoked_at = timezone.now().replace(microsecond=0)
    cert.save(update_fields=["status", "revocation_reason", "revoked_at"])
    audit(
        EventType.PKI_REVOKE,
        actor=actor,
        ip=ip,
        unit=cert.unit,
        authority=cert.authority,
        certificate=cert,
        serial=cert.serial_number,
        reason=reason,
    )
    crl_refresh(authority=cert.authority)
    return cert


@transaction.atomic
def certificate_renew(
    *,
    certificate: UnitCertificate,
    public_key: bytes | str | None,
    actor: Any,
    pin: str | None = None,
    validity_days: int = 365,
    ip: str | None = None,
) -> tuple[UnitCertificate, bytes | None]:
    """证书更新: a new certificate for the same unit from the active issuing CA; the old one is
    revoked as superseded, so only the new one logs in."""
    old = UnitCertificate.objects.select_for_update().get(pk=certificate.pk)
    if old.status == UnitCertificate.Status.REVOKED:
        raise InvalidValue(_(REVOKED_CANNOT_RENEW))
    new, p12 = certificate_issue(
        unit=old.unit,
        public_key=public_key,
        actor=actor,
        pin=pin,
        validity_days=validity_days,
        ip=ip,
        renewed_from=old,
    )
    certificate_revoke(certificate=old, reason=RevocationReason.SUPERSEDED, actor=actor, ip=ip)
    return new, p12


def certificate_x509(record: UnitCertificate) -> x509.Certificate:
    return x509.load_pem_x509_certificate(record.certificate_pem.encode())
