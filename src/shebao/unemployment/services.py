"""Writes of the unemployment records: register, grant a benefit, stop it on re-enrolment.

Every change is audited; the engine's specs call these from their ``apply``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.dispatch import receiver
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.audit.services import audit_record
from shebao.audit.types import EventType
from shebao.core.errors import InvalidValue
from shebao.registry.models import Enrolment, Unit
from shebao.registry.signals import enrolments_opened

from .choices import BenefitStatus, RegistrationStatus
from .models import UnemploymentBenefit, UnemploymentRegistration
from .selectors import assess

NOT_ELIGIBLE = gettext_noop("该人员累计缴纳失业保险费不满1年，不能申领失业保险金")


def registrations_create(
    *,
    unit: Unit,
    registrations: Sequence[UnemploymentRegistration],
    serial_no: str,
    decided_by_id: int | None,
) -> list[UnemploymentRegistration]:
    """Write the unit's 失业登记 (already checked), one audit event for the batch."""
    for registration in registrations:
        registration.unit = unit
        registration.opened_by = serial_no
    created = UnemploymentRegistration.objects.bulk_create(registrations)
    audit_record(
        event_type=EventType.UNEMPLOYMENT_REGISTER,
        acting_unit=unit,
        to_status=RegistrationStatus.REGISTERED,
        detail={
            "serial_no": serial_no,
            "decided_by": decided_by_id,
            "registrations": [r.pk for r in created],
        },
    )
    return created


def benefit_grant(
    *,
    registration: UnemploymentRegistration,
    serial_no: str,
    decided_by_id: int | None,
    on: dt.date,
) -> UnemploymentBenefit:
    """The benefit of an approved claim, from the records as they are at approval."""
    assessment = assess(registration=registration, on=on)
    if not assessment.eligible:
        raise InvalidValue(_(NOT_ELIGIBLE))
    benefit = UnemploymentBenefit.objects.create(
        registration=registration,
        person_id=registration.person_id,
        unit_id=registration.unit_id,
        contribution_months=assessment.paid.months,
        benefit_months=assessment.benefit_months,
        carried_months=assessment.carried_months,
        total_months=assessment.total_months,
        monthly_amount=assessment.monthly_amount,
        standard_source=assessment.standard_source,
        start_period=assessment.start_period,
        end_period=assessment.end_period,
        opened_by=serial_no,
        decided_by_id=decided_by_id,
    )
    UnemploymentRegistration.objects.filter(pk=registration.pk).update(
        status=RegistrationStatus.CLAIMED
    )
    audit_record(
        event_type=EventType.UNEMPLOYMENT_BENEFIT_GRANT,
        acting_unit=registration.unit,
        from_status=RegistrationStatus.REGISTERED,
        to_status=BenefitStatus.PAYING,
        detail={
            "serial_no": serial_no,
            "decided_by": decided_by_id,
            "benefit": benefit.pk,
            "contribution_months": benefit.contribution_months,
            "total_months": benefit.total_months,
            "monthly_amount": str(benefit.monthly_amount),
            "start_period": benefit.start_period,
        },
    )
    return benefit


@receiver(enrolments_opened, dispatch_uid="unemployment_benefit_stop_on_enrolment")
def benefits_stop_on_enrolment(
    sender: Any, *, enrolments: Sequence[Enrolment], serial_no: str, **kwargs: Any
) -> int:
    """失业保险条例 第十五条: re-employment stops the benefit. The first month not paid is
    the new enrolment's start month (or the month after the last one due, if later); the
    registration closes. Any insurance type counts as re-employment, unemployment's or not."""
    starts: dict[int, str] = {}
    for e in enrolments:
        starts[e.person_id] = min(starts.get(e.person_id, e.start_period), e.start_period)
    stopped = 0
    for benefit in UnemploymentBenefit.objects.select_for_update().filter(
        person_id__in=list(starts), status=BenefitStatus.PAYING
    ):
        start = starts[benefit.person_id]
        if start > benefit.end_period:
            continue  # enrolled after the last month due: nothing to stop
        first_unpaid = max(start, benefit.start_period)
        benefit.status = BenefitStatus.STOPPED
        benefit.stopped_period = first_unpaid
        benefit.stopped_by = serial_no
        benefit.save(update_fields=["status", "stopped_period", "stopped_by"])
        UnemploymentRegistration.objects.filter(pk=benefit.registration_id).update(
            status=RegistrationStatus.CLOSED
        )
        audit_record(
            event_type=EventType.UNEMPLOYMENT_BENEFIT_STOP,
            acting_unit=benefit.unit,
            from_status=BenefitStatus.PAYING,
            to_status=BenefitStatus.STOPPED,
            detail={
                "serial_no": serial_no,
                "benefit": benefit.pk,
                "stopped_period": first_unpaid,
                "months_unused": benefit.months_unused,
            },
        )
        stopped += 1
    # A registration not yet claimed ends too: the person is employed again.
    UnemploymentRegistration.objects.filter(
        person_id__in=list(starts), status=RegistrationStatus.REGISTERED
    ).update(status=RegistrationStatus.CLOSED)
    return stopped


__all__ = ["benefit_grant", "benefits_stop_on_enrolment", "registrations_create"]
