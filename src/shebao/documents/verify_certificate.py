"""What a scanned 参保证明 says about itself, for whoever holds its 查询流水号 and 校验码.

The page repeats what the certificate states at the level a reader needs to compare it
with the paper: the unit, the 期号 range, the rates table, how many persons and lines it
lists, and the SHA-256 of the sealed PDF (the file it was printed from was not altered).
No names or numbers of persons, except the individual version's own person, masked as
printed. Past its verification period (``CertificateValidity``) it says only that.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.contributions.models import ParticipationCertificate
from shebao.core.masking import Sensitive, mask, mask_name

VALID = gettext_noop("参保证明真实有效")
EXPIRED = gettext_noop("参保证明已超过核验有效期")
CODE_LENGTH = 6


@dataclass(frozen=True)
class CertificateVerification:
    serial_no: str
    unit_name: str
    unit_no: str
    region_name: str
    issued_on: dt.date
    valid_until: dt.date
    period_from: str
    period_to: str
    person_name: str
    person_number: str
    persons: int
    lines: int
    rates: list[list[str]]
    pdf_sha256: str
    expired: bool
    verdict: str
    checked_at: dt.datetime


def verifiable_certificate(serial_no: str, code: str) -> ParticipationCertificate | None:
    """The certificate with this 查询流水号 if ``code`` is its 校验码 (case forgiven)."""
    typed = code.strip().upper()
    if len(typed) != CODE_LENGTH:
        return None
    certificate = (
        ParticipationCertificate.objects.select_related("unit", "region", "person")
        .filter(serial_no=serial_no)
        .first()
    )
    if certificate is None or not constant_time_compare(certificate.check_code, typed):
        return None
    return certificate


def certificate_verification(
    certificate: ParticipationCertificate, *, today: dt.date | None = None
) -> CertificateVerification:
    today = today or timezone.localdate()
    expired = today > certificate.valid_until
    person = certificate.person
    return CertificateVerification(
        serial_no=certificate.serial_no,
        unit_name=certificate.unit_name,
        unit_no=certificate.unit.unit_no,
        region_name=certificate.region.name,
        issued_on=timezone.localdate(certificate.issued_at),
        valid_until=certificate.valid_until,
        period_from=certificate.period_from,
        period_to=certificate.period_to,
        person_name=mask_name(person.name) if person else "",
        person_number=mask(person.id_number, Sensitive.ID) if person else "",
        persons=certificate.persons,
        lines=certificate.lines,
        rates=list(certificate.rates),
        pdf_sha256=certificate.pdf_sha256,
        expired=expired,
        verdict=_(EXPIRED) if expired else _(VALID),
        checked_at=timezone.localtime(),
    )
