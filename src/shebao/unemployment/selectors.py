"""Reads of the unemployment records, scoped to the acting unit, and the assessment of a
claim from the contribution record (失业保险条例 第十四条、第十七条)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from shebao.core.period import Period
from shebao.policy.models import Region
from shebao.policy.unemployment import benefit_standard_for, entitlement_for
from shebao.registry.models import Unit

from .choices import BenefitStatus, RegistrationStatus
from .models import UnemploymentBenefit, UnemploymentRegistration
from .paid import PaidMonths, paid_months

#: 第十四条: the unit and the person paid for at least one year
MIN_CONTRIBUTION_MONTHS = 12


def registrations_of(*, unit: Unit) -> QuerySet[UnemploymentRegistration]:
    """The unit's 失业登记, newest first."""
    return UnemploymentRegistration.objects.filter(unit=unit).select_related("person")


def benefits_of(*, unit: Unit) -> QuerySet[UnemploymentBenefit]:
    """The benefits granted on the unit's registrations."""
    return UnemploymentBenefit.objects.filter(unit=unit).select_related("person", "registration")


def open_registrations(person_ids: Iterable[int]) -> dict[int, UnemploymentRegistration]:
    """Each person's registration not closed (at most one, by constraint), in one query."""
    return {
        r.person_id: r
        for r in UnemploymentRegistration.objects.filter(person_id__in=list(person_ids))
        .exclude(status=RegistrationStatus.CLOSED)
        .select_related("enrolment")
    }


@dataclass(frozen=True, slots=True)
class Assessment:
    """What a claim would be granted: the months counted, the period and the amount."""

    paid: PaidMonths
    benefit_months: int
    carried_months: int
    total_months: int
    monthly_amount: Decimal
    standard_source: str
    start_period: str

    @property
    def eligible(self) -> bool:
        return self.paid.months >= MIN_CONTRIBUTION_MONTHS and self.total_months > 0

    @property
    def end_period(self) -> str:
        return str(Period.parse(self.start_period) + (self.total_months - 1))


def assess(*, registration: UnemploymentRegistration, on: dt.date) -> Assessment:
    """The claim on ``registration`` as of ``on``.

    Contributions count from after the start of the person's last benefit (第十七条第二款:
    再次失业的，缴费时间重新计算), and that benefit's months not drawn are added, up to
    the combined cap. The benefit starts in the month of the registration (《失业保险金
    申领发放办法》第九条: 自办理失业登记之日起计算).
    """
    previous = (
        UnemploymentBenefit.objects.filter(person_id=registration.person_id)
        .order_by("-start_period")
        .first()
    )
    since = previous.start_period if previous else ""
    paid = paid_months(person_ids=[registration.person_id], since=since).get(
        registration.person_id, PaidMonths()
    )
    entitlement = entitlement_for(contribution_months=paid.months, on=on)
    carried = previous.months_unused if previous is not None else 0
    total = entitlement.with_carried(carried) if entitlement.benefit_months else 0
    standard = benefit_standard_for(region=registration.unit.region, on=on)
    return Assessment(
        paid=paid,
        benefit_months=entitlement.benefit_months,
        carried_months=carried if entitlement.benefit_months else 0,
        total_months=total,
        monthly_amount=standard.monthly_amount,
        standard_source=standard.source,
        start_period=str(Period.of(registration.registered_on)),
    )


def paying_benefits(person_ids: Iterable[int]) -> QuerySet[UnemploymentBenefit]:
    return UnemploymentBenefit.objects.filter(
        person_id__in=list(person_ids), status=BenefitStatus.PAYING
    )


def payments_due(*, region: Region, period: str) -> QuerySet[UnemploymentBenefit]:
    """The benefits of ``region``'s units due for ``period`` (YYYYMM): started, not past
    their last month, and not stopped on or before it. The monthly payment list the
    agency exports while there is no benefit payroll (issue #14)."""
    return (
        UnemploymentBenefit.objects.filter(
            unit__region=region, start_period__lte=period, end_period__gte=period
        )
        .exclude(status=BenefitStatus.STOPPED, stopped_period__lte=period)
        .select_related("person", "unit", "registration")
        .order_by("unit__unit_no", "person__person_no")
    )
