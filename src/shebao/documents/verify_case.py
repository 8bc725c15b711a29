"""What a scanned 申报表 says about itself: the public facts of the case it was printed from.

The QR code on every submitted 申报表 holds ``verify_case_url``: the 业务流水号 and its
校验码 (``documents.verify``). The page shows what the form states and where the case
stands now (a form printed before a rejection or rollback must not pass for a valid one),
never a person: no names, no ID numbers, only counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.cases.models import Case, CaseStatus
from shebao.services.registry import registry

IN_EFFECT = gettext_noop("申报表真实，业务已办结")
UNDER_REVIEW = gettext_noop("申报表真实，业务正在审核，尚未生效")
REJECTED = gettext_noop("申报表真实，但业务审核不通过，未生效")
WITHDRAWN = gettext_noop("申报表真实，但单位已撤销申报，未生效")
ROLLED_BACK = gettext_noop("申报表真实，但业务已回退，不再有效")

_VERDICTS = {
    CaseStatus.COMPLETED: IN_EFFECT,
    CaseStatus.APPROVED: IN_EFFECT,
    CaseStatus.UNDER_REVIEW: UNDER_REVIEW,
    CaseStatus.REJECTED: REJECTED,
    CaseStatus.WITHDRAWN: WITHDRAWN,
    CaseStatus.ROLLED_BACK: ROLLED_BACK,
}
IN_EFFECT_STATUSES = {CaseStatus.COMPLETED, CaseStatus.APPROVED}


@dataclass(frozen=True)
class CaseVerification:
    serial_no: str
    title: str
    service_title: str
    unit_name: str
    unit_no: str
    region_name: str
    received_on: dt.date | None
    decided_on: dt.date | None
    status: str
    status_code: str
    row_count: int
    verdict: str
    #: the case is in effect (completed or approved); anything else is flagged
    in_effect: bool
    checked_at: dt.datetime


def verifiable_case(serial_no: str) -> Case | None:
    """The submitted case with this serial number (never a draft), or None."""
    case = (
        Case.objects.select_related("unit", "region")
        .filter(serial_no=serial_no)
        .exclude(status=CaseStatus.DRAFT)
        .first()
    )
    return case if case is not None and case.service_code in registry else None


def case_verification(case: Case) -> CaseVerification:
    spec = registry[case.service_code]
    title = spec.report_title or (spec.template.title if spec.template else spec.title)
    return CaseVerification(
        serial_no=case.serial_no or "",
        title=str(title),
        service_title=str(spec.title),
        unit_name=case.unit.name,
        unit_no=case.unit.unit_no,
        region_name=case.region.name,
        received_on=timezone.localdate(case.received_at) if case.received_at else None,
        decided_on=timezone.localdate(case.decided_at) if case.decided_at else None,
        status=str(case.get_status_display()),
        status_code=case.status,
        row_count=case.rows.filter(passed=True).count(),
        verdict=_(_VERDICTS.get(CaseStatus(case.status), UNDER_REVIEW)),
        in_effect=case.status in IN_EFFECT_STATUSES,
        checked_at=timezone.localtime(),
    )
