"""湖北省社会保险参保证明(单位) (§3.3.47, WE-09): one presenter for the PDF, sealed once.

Page 1 is the header (查询流水号, 开具日期, the QR code with its 校验码), 单位基本信息 and
参保缴费比例情况; the detail pages list each person's arrived lines from the first 期号 to
the last, the base, 已到账 and 正常/补收 of each insurance type, their header repeated on
every page, "第1页/共N页" in the footer (WeasyPrint page counters). 社会保障号 are masked.

What it lists stops at the day it was issued (``contributions.certificates``), so the
sealed copy is rendered and sealed at the first print and kept (``SealedDocument``, key
``certificate:<查询流水号>``); every later print hands out the same bytes, whose SHA-256
the verification page shows.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.audit.services import audit_record
from shebao.audit.types import EventType
from shebao.contributions.certificates import (
    ARRIVED,
    BACK,
    NORMAL,
    CertificateLine,
    certificate_lines,
    certificate_persons,
)
from shebao.contributions.models import ParticipationCertificate
from shebao.core.language import official_language
from shebao.core.masking import Sensitive, mask
from shebao.core.pdf import render_pdf
from shebao.pki.models import SealedDocument
from shebao.pki.seal import seal_pdf_with
from shebao.registry.models import Person

from .qr import qr_svg
from .verify import verify_certificate_url

TITLE = gettext_noop("湖北省社会保险参保证明(单位)")
TEMPLATE = "documents/certificate.html"
BASE_URL = "http://shebao.invalid/"
SEAL_REASON = gettext_noop("%(u)s 参保证明（查询流水号 %(s)s）")
NONE = "--"


def _base(value: Decimal | None) -> str:
    if value is None:
        return NONE
    return f"{value:.0f}" if value == value.to_integral_value() else f"{value:.2f}"


def _month(period: str) -> str:
    return _("%(y)s年%(m)s月") % {"y": period[:4], "m": period[4:]}


def certificate_context(
    certificate: ParticipationCertificate, *, verify_base_url: str = ""
) -> dict[str, Any]:
    """What ``documents/certificate.html`` prints: three queries whatever the size."""
    unit = certificate.unit
    lines = certificate_lines(
        unit_id=certificate.unit_id,
        first=certificate.period_from,
        last=certificate.period_to,
        as_of=timezone.localdate(certificate.issued_at),
        person_id=certificate.person_id,
    )
    persons = certificate_persons([line.person_id for line in lines])
    html = _rows_html(lines, persons)
    payload = verify_certificate_url(
        certificate.serial_no, certificate.check_code, base_url=verify_base_url
    )
    person = certificate.person
    return {
        "title": _(TITLE),
        "certificate": certificate,
        "unit": unit,
        "unit_type": _display(unit, "unit_type"),
        "legal_representative": _display(unit, "legal_representative"),
        "person": person,
        "person_number": mask(person.id_number, Sensitive.ID) if person else "",
        "issued_on": timezone.localdate(certificate.issued_at),
        "rates": certificate.rates,
        "rows_html": html,
        "person_count": len(persons),
        "first_month": _month(certificate.period_from),
        "last_month": _month(certificate.period_to),
        "qr_payload": payload,
        "qr_svg": qr_svg(payload, css_class="cert__qr-code"),
    }


def _rows_html(lines: list[CertificateLine], persons: dict[int, Person]) -> SafeString:
    """The detail rows as one string, straight from the lines: a template loop over 240,000
    rows of 13 cells (10,000 persons x 24 months) takes half a minute. Each person's two
    cells and each distinct (base, type) cell are escaped once and reused."""
    normal, back, arrived = escape(_(NORMAL)), escape(_(BACK)), escape(_(ARRIVED))
    empty = f'<td class="num">{NONE}</td><td>{NONE}</td><td>{NONE}</td>'
    who = {
        pk: f"<tr><td>{escape(p.name)}</td><td>{escape(mask(p.id_number, Sensitive.ID))}</td>"
        for pk, p in persons.items()
    }
    cells: dict[tuple[Decimal, bool], str] = {}

    def cell(base: Decimal | None, late: bool) -> str:
        if base is None:
            return empty
        td = cells.get((base, late))
        if td is None:
            kind = back if late else normal
            td = f'<td class="num">{_base(base)}</td><td>{arrived}</td><td>{kind}</td>'
            cells[(base, late)] = td
        return td

    parts = [
        f"{who[line.person_id]}<td>{line.period}</td><td>{line.arrived_month}</td>"
        f"{cell(line.bases[0], line.back)}{cell(line.bases[1], line.back)}"
        f"{cell(line.bases[2], line.back)}</tr>"
        for line in lines
    ]
    # periods are digits from the database, every text value escaped above
    return mark_safe("\n".join(parts))  # noqa: S308


def _display(unit: Any, field: str) -> str:
    """A unit field the registry may not hold yet (单位类型, 法定代表人): "--" until it does."""
    getter = getattr(unit, f"get_{field}_display", None)
    value = getter() if callable(getter) else getattr(unit, field, "")
    return str(value) if value else NONE


@official_language
def certificate_html(certificate: ParticipationCertificate, *, verify_base_url: str = "") -> str:
    return render_to_string(
        TEMPLATE, certificate_context(certificate, verify_base_url=verify_base_url)
    )


@official_language
def certificate_pdf(
    certificate: ParticipationCertificate,
    *,
    actor: Any,
    ip: str | None = None,
    verify_base_url: str = "",
) -> bytes:
    """The sealed certificate: rendered and sealed at the first print, the same bytes after."""
    key = f"certificate:{certificate.serial_no}"
    kept = SealedDocument.objects.filter(key=key).first()
    if kept is not None:
        return bytes(kept.pdf)
    pdf = render_pdf(
        certificate_html(certificate, verify_base_url=verify_base_url), base_url=BASE_URL
    )
    unit = certificate.unit
    sealed, seal = seal_pdf_with(
        pdf_bytes=pdf,
        unit=unit,
        reason=_(SEAL_REASON) % {"u": certificate.unit_name, "s": certificate.serial_no},
        location=certificate.region.name,
        actor=actor,
    )
    digest = hashlib.sha256(sealed).hexdigest()
    with transaction.atomic():
        kept, created = SealedDocument.objects.get_or_create(
            key=key, defaults={"pdf": sealed, "certificate": seal}
        )
        if created:  # a concurrent print may have sealed it first
            ParticipationCertificate.objects.filter(pk=certificate.pk).update(pdf_sha256=digest)
            audit_record(
                event_type=EventType.PARTICIPATION_CERTIFICATE_SEAL,
                actor=actor,
                acting_unit=unit,
                ip=ip,
                detail={
                    "serial_no": certificate.serial_no,
                    "certificate": "seal",
                    "serial": seal.serial_number,
                    "fingerprint": seal.fingerprint,
                    "sha256": digest,
                },
            )
    return bytes(kept.pdf)
