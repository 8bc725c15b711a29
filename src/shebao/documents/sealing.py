"""The 申报表 PDF as served: a submitted case's copy is sealed with the unit's seal
certificate (电子签章), a draft's is not and says 草稿 across each page.

A sealed copy is kept per case and content (SHA-256 of the HTML it is rendered from), so the
same document is rendered, sealed and audited once; when the case's status or content changes,
the next download is a new document with a new seal. The case's events record which seal
certificate signed.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.audit.services import audit_record
from shebao.audit.types import EventType
from shebao.cases.models import CaseStatus
from shebao.core.language import official_language
from shebao.pki.models import SealedDocument
from shebao.pki.seal import seal_pdf_with

from .pdf import case_report_html, render_pdf

if TYPE_CHECKING:
    from shebao.cases.models import Case

BASE_URL = "http://shebao.invalid/"
SEAL_REASON = gettext_noop("%(u)s 对%(t)s（业务流水号 %(s)s）的确认")
SEAL_ACTION = EventType.CASE_SEAL


def case_is_sealed(case: Case) -> bool:
    """What the engine seals: a case once submitted (it has a 业务流水号 and is no draft)."""
    return bool(case.serial_no) and case.status != CaseStatus.DRAFT


@official_language
def case_report_pdf_served(
    case: Case, *, actor: Any, ip: str | None = None, verify_base_url: str = ""
) -> bytes:
    """The 申报表 PDF to hand out: sealed once submitted, an unsigned 草稿 before; its QR
    code points at ``verify_base_url`` (see ``case_report``)."""
    html = case_report_html(case, verify_base_url=verify_base_url)
    if not case_is_sealed(case):
        return render_pdf(html, base_url=BASE_URL)
    key = f"case:{case.pk}:{hashlib.sha256(html.encode()).hexdigest()}"
    kept = SealedDocument.objects.filter(key=key).first()
    if kept is not None:
        return bytes(kept.pdf)
    pdf = render_pdf(html, base_url=BASE_URL)
    unit = case.unit
    sealed, certificate = seal_pdf_with(
        pdf_bytes=pdf,
        unit=unit,
        reason=_(SEAL_REASON) % {"u": unit.name, "t": _title(case), "s": case.serial_no},
        location=case.region.name,
        actor=actor,
    )
    with transaction.atomic():
        kept, created = SealedDocument.objects.get_or_create(
            key=key, defaults={"pdf": sealed, "certificate": certificate}
        )
        if created:  # a concurrent download may have sealed the same document first
            audit_record(
                event_type=SEAL_ACTION,
                case=case,
                from_status=case.status,
                to_status=case.status,
                actor=actor,
                acting_unit=unit,
                ip=ip,
                detail={
                    "certificate": "seal",
                    "serial": certificate.serial_number,
                    "subject": certificate.subject,
                    "fingerprint": certificate.fingerprint,
                    "sha256": hashlib.sha256(sealed).hexdigest(),
                },
            )
    return bytes(kept.pdf)


def _title(case: Case) -> str:
    from shebao.services.registry import registry

    spec = registry[case.service_code]
    return str(spec.report_title or spec.title)
