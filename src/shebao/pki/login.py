"""Certificate login (证书登录) for HR software and, later, the browser.

The client fetches a one-time random challenge, signs its bytes with the certificate's private
key and sends certificate, challenge and signature back. We check, in this order: the input
parses; the challenge exists, is unused and unexpired (it is used up at once, even if a later
check fails); the certificate's validity period; its chain to our root through one of our
issuing CAs (cryptography's client verifier); the signature; the unit it names; that we
issued it; that it is not revoked (our database, and the CA's signed CRL); and the operator.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import logging
import secrets
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.audit.types import EventType
from shebao.core.errors import InvalidValue
from shebao.identity.models import OperatorUnit
from shebao.registry.models import Unit

from . import x509 as build
from .authority import audit, ca_certificate, crl_current, issuing_all, trust_anchors
from .models import LoginChallenge, UnitCertificate

log = logging.getLogger(__name__)

NONCE_BYTES = 32

CERT_CORRUPT = gettext_noop("证书无法解析：请提交 PEM 格式的 X.509 证书")
CHALLENGE_CORRUPT = gettext_noop("挑战码不是有效的 base64 编码")
SIGNATURE_CORRUPT = gettext_noop("签名不是有效的 base64 编码")
CHALLENGE_UNKNOWN = gettext_noop("挑战码不存在，请重新获取挑战码")
CHALLENGE_USED = gettext_noop("挑战码已使用过，不能重复使用，请重新获取挑战码")
CHALLENGE_EXPIRED = gettext_noop("挑战码已过期（有效期 %(s)d 秒），请重新获取挑战码")
CERT_NOT_YET_VALID = gettext_noop("证书尚未生效（生效时间 %(t)s）")
CERT_EXPIRED = gettext_noop("证书已过期（失效时间 %(t)s），请办理证书更新")
CERT_FOREIGN = gettext_noop("证书不是本平台认证机构签发的，不能登录")
SIGNATURE_INVALID = gettext_noop("签名验证失败：签名不是用该证书的私钥对挑战码签出的")
UNIT_MISSING = gettext_noop("证书中没有单位编号，不是本平台的单位证书")
UNIT_UNKNOWN = gettext_noop("证书中的单位（单位编号 %(u)s）不是本平台的参保单位")
CERT_UNKNOWN = gettext_noop("证书未在本平台登记，不能登录")
CERT_REVOKED = gettext_noop("证书已吊销（%(r)s，吊销时间 %(t)s），不能登录")
CERT_REVOKED_CRL = gettext_noop("证书已列入证书吊销列表（CRL），不能登录")
CRL_UNVERIFIED = gettext_noop("证书吊销列表（CRL）签名校验失败，暂不能证书登录")
NO_OPERATOR = gettext_noop("单位 %(u)s 尚未登记经办人，不能用证书登录")
USERNAME_REQUIRED = gettext_noop("单位 %(u)s 有多名经办人，请同时提交经办人用户名（username）")
NOT_UNIT_OPERATOR = gettext_noop("用户 %(n)s 不是单位 %(u)s 的经办人")
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


class CertificateLoginRefused(InvalidValue):
    """A refused certificate login; the message says precisely why, in Chinese."""


def _refuse(message: str, **params: Any) -> CertificateLoginRefused:
    return CertificateLoginRefused(_(message) % params if params else _(message))


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime(TIME_FORMAT)


def challenge_create(*, ip: str | None = None) -> LoginChallenge:
    now = timezone.now()
    # Old challenges are worthless: clear those expired for more than a day as we go.
    LoginChallenge.objects.filter(expires_at__lt=now - dt.timedelta(days=1)).delete()
    return LoginChallenge.objects.create(
        nonce=base64.b64encode(secrets.token_bytes(NONCE_BYTES)).decode(),
        created_at=now,
        expires_at=now + dt.timedelta(seconds=settings.PKI_CHALLENGE_SECONDS),
        ip=ip,
    )


def _b64(value: str, message: str) -> bytes:
    try:
        return base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise _refuse(message)


def _challenge_use(nonce: str, *, now: dt.datetime) -> None:
    """Use the challenge up in its own committed step, so no refusal later can free it again."""
    challenge = LoginChallenge.objects.filter(nonce=nonce).first()
    if challenge is None:
        raise _refuse(CHALLENGE_UNKNOWN)
    if challenge.used_at is not None:
        raise _refuse(CHALLENGE_USED)
    if challenge.expires_at <= now:
        raise _refuse(CHALLENGE_EXPIRED, s=settings.PKI_CHALLENGE_SECONDS)
    taken = LoginChallenge.objects.filter(pk=challenge.pk, used_at__isnull=True).update(used_at=now)
    if not taken:  # a concurrent request used it first
        raise _refuse(CHALLENGE_USED)


def _chain_verify(cert: x509.Certificate, *, now: dt.datetime) -> x509.Certificate:
    """The issuing CA certificate the leaf chains through to our root, else refused."""
    anchors = trust_anchors()
    if not anchors:  # no CA set up yet: nothing can be ours
        raise _refuse(CERT_FOREIGN)
    intermediates = [ca_certificate(ca) for ca in issuing_all()]
    verifier = PolicyBuilder().store(Store(anchors)).time(now).build_client_verifier()
    try:
        verified = verifier.verify(cert, intermediates)
    except VerificationError as exc:
        log.info("certificate chain refused: %s", exc)
        raise _refuse(CERT_FOREIGN)
    return verified.chain[1]


def _signature_verify(cert: x509.Certificate, data: bytes, signature: bytes) -> None:
    """ECDSA-SHA256 (DER, or the raw r||s WebCrypto gives) or RSA PKCS#1 v1.5 SHA-256."""
    key = cert.public_key()
    try:
        if isinstance(key, ec.EllipticCurvePublicKey):
            size = (key.curve.key_size + 7) // 8
            candidates = [signature]
            if len(signature) == 2 * size:
                r, s = signature[:size], signature[size:]
                candidates.append(encode_dss_signature(int.from_bytes(r), int.from_bytes(s)))
            for candidate in candidates:
                try:
                    key.verify(candidate, data, ec.ECDSA(hashes.SHA256()))
                    return
                except InvalidSignature:
                    continue
            raise InvalidSignature
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
            return
    except (InvalidSignature, ValueError):
        pass
    raise _refuse(SIGNATURE_INVALID)


def _revocation_check(record: UnitCertificate, cert: x509.Certificate) -> None:
    if record.status == UnitCertificate.Status.REVOKED:
        raise _refuse(
            CERT_REVOKED,
            r=record.get_revocation_reason_display(),
            t=_local(record.revoked_at or timezone.now()),
        )
    crl = x509.load_der_x509_crl(crl_current(authority=record.authority))
    issuer_key = ca_certificate(record.authority).public_key()
    if not crl.is_signature_valid(issuer_key):  # type: ignore[arg-type]
        raise _refuse(CRL_UNVERIFIED)
    if crl.get_revoked_certificate_by_serial_number(cert.serial_number) is not None:
        raise _refuse(CERT_REVOKED_CRL)


def _operator(unit: Unit, username: str | None) -> User:
    links = list(
        OperatorUnit.objects.filter(unit=unit, user__is_active=True).select_related("user")
    )
    if not links:
        raise _refuse(NO_OPERATOR, u=unit.unit_no)
    wanted = (username or "").strip()
    if not wanted:
        if len(links) > 1:
            raise _refuse(USERNAME_REQUIRED, u=unit.unit_no)
        return links[0].user
    for link in links:
        if link.user.username == wanted:
            return link.user
    raise _refuse(NOT_UNIT_OPERATOR, n=wanted, u=unit.unit_no)


def certificate_login(
    *,
    certificate_pem: str,
    challenge: str,
    signature: str,
    username: str | None = None,
    ip: str | None = None,
) -> tuple[User, UnitCertificate]:
    """The operator the certificate logs in, or :class:`CertificateLoginRefused`.

    Every refusal is audited with its reason (after the attempt's own work is rolled back)."""
    fingerprint = ""
    try:
        try:
            cert = x509.load_pem_x509_certificate(certificate_pem.strip().encode())
            fingerprint = build.fingerprint(cert)
        except ValueError:
            raise _refuse(CERT_CORRUPT)
        nonce = _b64(challenge, CHALLENGE_CORRUPT)
        signed = _b64(signature, SIGNATURE_CORRUPT)
        now = timezone.now()
        _challenge_use(challenge.strip(), now=now)
        with transaction.atomic():
            return _login(cert, nonce, signed, username=username, ip=ip, now=now)
    except CertificateLoginRefused as exc:
        audit(EventType.PKI_LOGIN_REFUSED, ip=ip, reason=str(exc), fingerprint=fingerprint)
        raise


def _login(
    cert: x509.Certificate,
    nonce: bytes,
    signed: bytes,
    *,
    username: str | None,
    ip: str | None,
    now: dt.datetime,
) -> tuple[User, UnitCertificate]:
    if now < cert.not_valid_before_utc:
        raise _refuse(CERT_NOT_YET_VALID, t=_local(cert.not_valid_before_utc))
    if now > cert.not_valid_after_utc:
        raise _refuse(CERT_EXPIRED, t=_local(cert.not_valid_after_utc))
    _chain_verify(cert, now=now)
    _signature_verify(cert, nonce, signed)
    unit_no = build.unit_no_of(cert)
    if not unit_no:
        raise _refuse(UNIT_MISSING)
    unit = Unit.objects.filter(unit_no=unit_no).first()
    if unit is None:
        raise _refuse(UNIT_UNKNOWN, u=unit_no)
    record = (
        UnitCertificate.objects.select_related("authority")
        .filter(fingerprint=build.fingerprint(cert), unit=unit)
        .first()
    )
    if record is None:
        raise _refuse(CERT_UNKNOWN)
    _revocation_check(record, cert)
    user = _operator(unit, username)
    audit(
        EventType.PKI_LOGIN,
        actor=user,
        ip=ip,
        unit=unit,
        certificate=record,
        serial=record.serial_number,
    )
    return user, record
