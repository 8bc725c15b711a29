"""The pensions facade: make a person a retiree, recalculate an award.

The retirement approvals (``shebao.retirement``) call :func:`register_retiree` inside
their approval transaction; the backoffice calls :func:`recalculate_award` after a
reviewer corrected an input. Both audit and keep every earlier award as history.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.audit.services import audit_record
from shebao.audit.types import EventType
from shebao.core.errors import InvalidValue
from shebao.core.period import Period
from shebao.registry.models import Person, Unit

from .accounts import accounts_build
from .award import awards_compute, retirement_months_of
from .choices import RetireeStatus, RetirementCategory
from .models import AccountYear, PensionAward, Retiree
from .selectors import account_years, insures

__all__ = ["account_statement_years", "recalculate_award", "register_retiree"]

ALREADY_RETIRED = gettext_noop("该人员已是离退休人员，不能重复认定")
UNKNOWN_CATEGORY = gettext_noop("离退休类别“%(c)s”不正确")
REASON_REQUIRED = gettext_noop("请填写重新计算的原因")
FIRST_AWARD = gettext_noop("退休审批通过，首次核定")


@transaction.atomic
def register_retiree(
    *,
    person_id: int,
    unit_id: int,
    retirement_month: Period,
    category: str,
    case_id: int | None,
    decided_by_id: int | None,
) -> Retiree:
    """Make the person a retiree (离退休人员, status 正常) of ``unit_id`` and compute the
    first award. Raises :class:`InvalidValue` for a person already retired or a category
    not in :class:`RetirementCategory`, and ``MissingParameter`` when the award lacks a
    parameter (the approval then fails whole, nothing half-registered)."""
    if category not in RetirementCategory.values:
        raise InvalidValue(_(UNKNOWN_CATEGORY) % {"c": category})
    person = Person.objects.select_for_update().get(pk=person_id)
    if Retiree.objects.filter(person=person).exists():
        raise InvalidValue(_(ALREADY_RETIRED))
    unit = Unit.objects.select_related("region").get(pk=unit_id)
    retiree = Retiree.objects.create(
        person=person,
        unit=unit,
        retirement_month=str(retirement_month),
        category=category,
        status=RetireeStatus.NORMAL,
        case_id=case_id,
        decided_by_id=decided_by_id,
    )
    (award,) = awards_compute(
        retirees=[retiree], reason=_(FIRST_AWARD), by_id=decided_by_id, case_id=case_id
    )
    audit_record(
        event_type=EventType.PENSION_RETIREE_REGISTER,
        actor=retiree.decided_by,
        acting_unit=unit,
        case=retiree.case,
        to_status=RetireeStatus.NORMAL,
        detail={
            "retiree": retiree.pk,
            "person_no": person.person_no,
            "retirement_month": retiree.retirement_month,
            "category": category,
            "award": award.pk,
            "total": str(award.total),
        },
    )
    return retiree


@transaction.atomic
def recalculate_award(*, retiree_id: int, reason: str, by_id: int) -> PensionAward:
    """A new award version from today's records (after a correction: a back-payment, a
    recognised deemed period, a published 记账利率); the previous one is kept, no longer
    current. The unit may run §3.3.42 for the retiree once more afterwards."""
    if not reason.strip():
        raise InvalidValue(_(REASON_REQUIRED))
    retiree = (
        Retiree.objects.select_for_update()
        .select_related("person", "unit__region")
        .get(pk=retiree_id)
    )
    previous = PensionAward.objects.filter(retiree=retiree, current=True).first()
    (award,) = awards_compute(retirees=[retiree], reason=reason.strip(), by_id=by_id, case_id=None)
    Retiree.objects.filter(pk=retiree.pk).update(recalculation_allowed=True)
    audit_record(
        event_type=EventType.PENSION_AWARD_RECALCULATE,
        actor=award.computed_by,
        acting_unit=retiree.unit,
        detail={
            "retiree": retiree.pk,
            "reason": reason.strip(),
            "from_version": previous.version if previous else None,
            "from_total": str(previous.total) if previous else None,
            "to_version": award.version,
            "to_total": str(award.total),
        },
    )
    return award


def account_statement_years(*, unit: Unit, person_id: int) -> list[AccountYear]:
    """The person's account years rebuilt from today's paid months, for the unit's
    对账单; empty when the person is neither the unit's employee nor its retiree (the
    account is derived data: rebuilding it for one person is a few queries)."""
    if not insures(unit=unit, person_id=person_id):
        return []
    accounts_build(
        region=unit.region,
        person_ids=[person_id],
        retirement_months=retirement_months_of([person_id]),
    )
    return list(account_years(unit=unit, person_id=person_id))
