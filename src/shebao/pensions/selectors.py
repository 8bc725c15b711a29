"""Reads of retirees, awards and accounts, always scoped to the acting unit.

A retiree of another unit is simply not found (``None`` / empty), so a page or a check
built on these says nothing about persons outside the unit.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from shebao.registry.models import Unit

from .models import AccountYear, PensionAward, Retiree


def retirees_of(*, unit: Unit) -> QuerySet[Retiree]:
    """The unit's retirees, with person and current award."""
    return Retiree.objects.filter(unit=unit).select_related("person", "unit")


def retiree_of(*, unit: Unit, person_id: int) -> Retiree | None:
    """The unit's retiree record of the person, or None (not a retiree, or another unit's)."""
    return retirees_of(unit=unit).filter(person_id=person_id).first()


def calculable_retirees(*, unit: Unit) -> QuerySet[Retiree]:
    """可申报人员列表 of §3.3.42: the unit's retirees with a retirement month and no
    award yet computed through the service, or whose recalculation a reviewer allowed."""
    by_service = PensionAward.objects.filter(retiree=OuterRef("pk"), reason__startswith="§3.3.42")
    return (
        retirees_of(unit=unit)
        .exclude(retirement_month="")
        .filter(Q(~Exists(by_service)) | Q(recalculation_allowed=True))
    )


def current_award(*, unit: Unit, retiree_id: int) -> PensionAward | None:
    """The retiree's current award when the retiree is the unit's."""
    return (
        PensionAward.objects.filter(retiree__unit=unit, retiree_id=retiree_id, current=True)
        .select_related("retiree__person", "retiree__unit")
        .first()
    )


def award_history(*, unit: Unit, retiree_id: int) -> QuerySet[PensionAward]:
    """Every version of the retiree's award, newest first (the unit's retirees only)."""
    return PensionAward.objects.filter(retiree__unit=unit, retiree_id=retiree_id).order_by(
        "-version"
    )


def account_years(*, unit: Unit, person_id: int) -> QuerySet[AccountYear]:
    """The person's account years when the person is (or was) insured with the unit:
    its employee (an enrolment) or its retiree."""
    if not insures(unit=unit, person_id=person_id):
        return AccountYear.objects.none()
    return AccountYear.objects.filter(person_id=person_id).order_by("year")


def insures(*, unit: Unit, person_id: int) -> bool:
    """Whether the person is (or was) the unit's: an enrolment with it, or its retiree."""
    from shebao.registry.models import Enrolment

    return (
        Enrolment.objects.filter(unit=unit, person_id=person_id).exists()
        or Retiree.objects.filter(unit=unit, person_id=person_id).exists()
    )


def retirees_in_region(*, region: Any) -> QuerySet[Retiree]:
    """The agency side: retirees of units insured with the reviewer's region."""
    return Retiree.objects.filter(unit__region=region).select_related("person", "unit")


def awards_of(*, retiree: Retiree) -> QuerySet[PensionAward]:
    """Every version of an already scoped retiree's award, newest first."""
    return PensionAward.objects.filter(retiree=retiree).select_related("computed_by")
