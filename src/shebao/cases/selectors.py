"""Reads of cases: a unit sees its own, a reviewer sees their region's."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet

from shebao.policy.models import Region
from shebao.registry.models import Unit

from .models import Case, CaseMaterial, CaseRow, CaseStatus

#: never submitted: the unit's own, not the agency's
UNSUBMITTED = (CaseStatus.DRAFT, CaseStatus.DISCARDED)


def case_list(
    *,
    unit: Unit,
    service_code: str = "",
    status: str = "",
    serial_no: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Case]:
    qs = Case.objects.filter(unit=unit)
    if service_code:
        qs = qs.filter(service_code=service_code)
    if status:
        qs = qs.filter(status=status)
    if serial_no:
        qs = qs.filter(serial_no__startswith=serial_no.strip())
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    return qs.order_by("-created_at")


def rejected_unresubmitted(*, unit: Unit) -> QuerySet[Case]:
    """The unit's rejected cases with no submitted resubmission yet (an open draft of one
    does not count: the unit still has to submit it), newest decision first."""
    resubmitted = Case.objects.filter(resubmission_of=OuterRef("pk")).exclude(
        status__in=UNSUBMITTED
    )
    return (
        Case.objects.filter(unit=unit, status=CaseStatus.REJECTED)
        .exclude(Exists(resubmitted))
        .order_by("-decided_at", "-pk")
    )


def case_get(*, unit: Unit, pk: int | None = None, serial_no: str | None = None) -> Case:
    qs = Case.objects.filter(unit=unit).select_related("unit", "region", "operator")
    return qs.get(pk=pk) if pk is not None else qs.get(serial_no=serial_no)


def review_queue(*, region: Region, status: str = CaseStatus.UNDER_REVIEW) -> QuerySet[Case]:
    qs = Case.objects.filter(region=region).exclude(status__in=UNSUBMITTED).select_related("unit")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("due_date", "received_at")


def review_case_get(*, region: Region, serial_no: str) -> Case:
    return (
        Case.objects.filter(region=region)
        .exclude(status__in=UNSUBMITTED)
        .select_related("unit", "region", "operator")
        .get(serial_no=serial_no)
    )


def material_get(*, case: Case, pk: int) -> CaseMaterial:
    return case.materials.get(pk=pk)


def case_row_list(*, unit: Unit, service_code: str) -> QuerySet[CaseRow]:
    """The declared rows of the unit's submitted cases of one service, newest case first
    (per-person result queries such as Chongqing's 增减结果查询)."""
    return (
        CaseRow.objects.filter(case__unit=unit, case__service_code=service_code, passed=True)
        .exclude(case__status__in=UNSUBMITTED)
        .select_related("case")
        .order_by("-case__received_at", "case_id", "row_no")
    )
