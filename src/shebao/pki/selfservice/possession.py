"""Proof that the applicant holds the current certificate (证书更新续期).

The applicant signs a one-time challenge with the certificate's private key, exactly as for a
certificate login, and we run the login's checks on it: challenge used up, validity, chain to
our root, signature, our own record of the certificate, revocation. Only the unit differs: the
certificate must be the acting unit's own.
"""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.errors import InvalidValue
from shebao.pki import x509 as build
from shebao.pki.login import (
    CERT_CORRUPT,
    CHALLENGE_CORRUPT,
    SIGNATURE_CORRUPT,
    _b64,
    _chain_verify,
    _challenge_use,
    _local,
    _revocation_check,
    _signature_verify,
)
from shebao.pki.models import UnitCertificate
from shebao.registry.models import Unit

EXPIRED_CANNOT_RENEW = gettext_noop("证书已过期（失效时间 %(t)s），不能更新续期，请办理证书新办")
NOT_YET_VALID = gettext_noop("证书尚未生效（生效时间 %(t)s）")
NOT_THIS_UNIT = gettext_noop("该证书不是当前经办单位（%(u)s）的有效证书")


def possession_verify(
    *, unit: Unit, certificate_pem: str, challenge: str, signature: str
) -> UnitCertificate:
    """The unit's valid, unexpired certificate whose key signed ``challenge``, else refused."""
    try:
        cert = x509.load_pem_x509_certificate(certificate_pem.strip().encode())
    except ValueError:
        raise InvalidValue(_(CERT_CORRUPT))
    nonce = _b64(challenge, CHALLENGE_CORRUPT)
    signed = _b64(signature, SIGNATURE_CORRUPT)
    now = timezone.now()
    _challenge_use(challenge.strip(), now=now)
    return _check(unit, cert, nonce, signed, now=now)


def _check(
    unit: Unit, cert: x509.Certificate, nonce: bytes, signed: bytes, *, now: dt.datetime
) -> UnitCertificate:
    if now > cert.not_valid_after_utc:
        raise InvalidValue(_(EXPIRED_CANNOT_RENEW) % {"t": _local(cert.not_valid_after_utc)})
    if now < cert.not_valid_before_utc:
        raise InvalidValue(_(NOT_YET_VALID) % {"t": _local(cert.not_valid_before_utc)})
    _chain_verify(cert, now=now)
    _signature_verify(cert, nonce, signed)
    record = (
        UnitCertificate.objects.select_related("authority")
        .filter(fingerprint=build.fingerprint(cert), unit=unit)
        .first()
    )
    if record is None:
        raise InvalidValue(_(NOT_THIS_UNIT) % {"u": unit.unit_no})
    _revocation_check(record, cert)
    return record
