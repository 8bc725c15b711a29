"""Read-only look-ups of the retirement applications, scoped to the acting unit."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from shebao.cases.models import Case, CaseRow, CaseStatus
from shebao.core.period import Period
from shebao.pensions.models import Retiree
from shebao.registry.choices import TYPE_NAMES, EnrolmentStatus
from shebao.registry.models import Enrolment, Person, Unit

from .models import RetirementApproval

#: What a re-approval may refer to: a decision taken (an approved person is refused anyway,
#: as retired, so in practice a rejection).
REVISITABLE = (CaseStatus.REJECTED, CaseStatus.APPROVED)
_TYPE_LABELS: dict[str, str] = {str(code): name for name, code in TYPE_NAMES.items()}


def earlier_application(
    *, unit: Unit, serial_no: str, service_code: str
) -> tuple[Case, dict[str, Any]] | None:
    """The unit's decided case ``serial_no`` of ``service_code`` and its declared row, or
    None: another unit's case, another service's, or one still open is never revisited."""
    case = (
        Case.objects.filter(
            unit=unit, serial_no=serial_no, service_code=service_code, status__in=REVISITABLE
        )
        .only("pk", "serial_no", "status", "service_code")
        .first()
    )
    if case is None:
        return None
    row = case.rows.filter(passed=True).order_by("row_no").first()
    return (case, row.cleaned or {}) if row is not None else None


def decided_applications(
    *, unit: Unit, service_code: str, limit: int = 20
) -> list[tuple[Case, dict[str, Any]]]:
    """The unit's latest decided cases of ``service_code`` with their declared row: what a
    re-approval may refer to (one query for the cases, one for their rows)."""
    found = list(
        Case.objects.filter(unit=unit, service_code=service_code, status__in=REVISITABLE).order_by(
            "-decided_at"
        )[:limit]
    )
    rows = {
        r.case_id: r.cleaned or {}
        for r in CaseRow.objects.filter(case__in=found, passed=True).order_by("row_no")
    }
    return [(case, rows.get(case.pk, {})) for case in found]


def application_rows(*, unit: Unit) -> QuerySet[CaseRow]:
    """The declared rows of the unit's submitted retirement applications (all six kinds)."""
    from .specs.kinds import KINDS

    return (
        CaseRow.objects.filter(
            case__unit=unit, case__service_code__in=[k.code for k in KINDS], passed=True
        )
        .exclude(case__status__in=(CaseStatus.DRAFT, CaseStatus.DISCARDED))
        .select_related("case", "case__unit")
    )


def retired_person_ids(person_ids: list[int]) -> set[int]:
    """Who of ``person_ids`` was approved to retire, or is a retiree already (any unit)."""
    approved = RetirementApproval.objects.filter(person_id__in=person_ids)
    retirees = Retiree.objects.filter(person_id__in=person_ids)
    return set(approved.values_list("person_id", flat=True)) | set(
        retirees.values_list("person_id", flat=True)
    )


def insurance_history(*, unit: Unit, person: Person) -> list[dict[str, str]]:
    """参保信息 as the registry knows it: every enrolment of the person in this unit (type,
    start, end, the unit's agency), oldest first, in the sub-table's column names."""
    enrolments = Enrolment.objects.filter(person=person, unit=unit).order_by(
        "start_period", "insurance_type"
    )
    agency = unit.region.code if unit.region_id else ""
    return [
        {
            "insurance_type": _TYPE_LABELS.get(e.insurance_type, e.insurance_type),
            "start_month": e.start_period,
            "end_month": e.end_period if e.status != EnrolmentStatus.ACTIVE else "",
            "agency": agency,
        }
        for e in enrolments
    ]


def months_between(start: str, end: str) -> int:
    """Inclusive months from ``start`` to ``end`` (YYYYMM), 0 when end is before start."""
    return max(Period.parse(start).months_until(Period.parse(end)), 0)
