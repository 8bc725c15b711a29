"""Back-payments (补缴) against the system of record: policy look-ups, limits, storage.

The arithmetic itself is :mod:`.arrears_calc`; this module feeds it the region's
parameters (R-BASE-03 base rules per contribution year, rates in force on the period's
first day, 记账利率 per calendar year, the late-fee rate in force on the calculation day)
and writes :class:`~.models.Arrears` with its lines.

Stand-ins, because the registry has no such data yet:

- A person's 统账结合 date is the unit's 单位统账结合日期 (``UnitInsurance.pooling_date``)
  of the pension type; when none is recorded, 1996-01-01 (the manual's example,
  R-INS-05).
- The cumulative 36-month limit (R-BP-01, DV-07) counts the person's labour-contract
  back-payments at every unit (the manual's "累计补缴年限" reads as per person), not
  cancelled ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.period import Period
from shebao.policy.selectors import (
    Payer,
    account_interest_rate_for,
    base_rule_for,
    contribution_year_of,
    late_fee_rate_for,
    rate_for,
    risk_class_for,
)
from shebao.registry.choices import InsuranceType
from shebao.registry.models import Person, Unit, UnitInsurance

from . import arrears_calc as calc
from .models import (
    Arrears,
    ArrearsKind,
    ArrearsLine,
    ContributionDetail,
    DeclarationStatus,
    UnitDeferral,
)
from .policy_lookups import PolicyLookups

if TYPE_CHECKING:
    from shebao.services.spec import EffectContext

#: R-BP-01: at most 36 months of labour-contract back-payment per person.
CUMULATIVE_LIMIT = 36
#: 统账结合 when the unit has none recorded (R-INS-05 example 单位统账结合日期 1996-01-01).
DEFAULT_POOLING_DATE = dt.date(1996, 1, 1)
#: Types whose individual share goes into the individual account (and earns interest).
ACCOUNT_TYPES = frozenset({InsuranceType.PENSION})
#: Back-payments that count towards the 36 months.
CAPPED_KINDS = (ArrearsKind.LABOUR_CONTRACT,)
LIVE = (DeclarationStatus.DECLARED, DeclarationStatus.BILLED)


def calculation_date() -> dt.date:
    """The day amounts are worked out for (the payment date of the bill that follows)."""
    return timezone.localdate()


def pooling_date(unit: Unit) -> dt.date:
    """统账结合 date used for the unit's staff (see the module docstring)."""
    found = (
        UnitInsurance.objects.filter(unit=unit, insurance_type=InsuranceType.PENSION)
        .exclude(pooling_date__isnull=True)
        .values_list("pooling_date", flat=True)
        .first()
    )
    return found or DEFAULT_POOLING_DATE


def months_back_paid(person: Person, *, kinds: Sequence[str] = CAPPED_KINDS) -> int:
    """累计补缴月数 of the person's live back-payments of ``kinds``."""
    total = Arrears.objects.filter(person=person, kind__in=kinds, status__in=LIVE).aggregate(
        n=Sum("months")
    )["n"]
    return int(total or 0)


def paid_periods(person: Person, start: Period, end: Period, types: Iterable[str]) -> list[str]:
    """``YYYYMM 险种`` already due for the person (declared or back-paid), any unit."""
    due = periods_due(persons=[person], start=start, end=end).get(person.pk, set())
    return paid_labels(due, start, end, types)


def periods_due(
    *, persons: Iterable[Person], start: Period, end: Period
) -> dict[int, set[tuple[str, str]]]:
    """``(YYYYMM, type)`` already due (declared or back-paid, any unit) between ``start``
    and ``end``, by person id: :func:`paid_periods` of many persons in two queries."""
    ids = [p.pk for p in persons]
    due: dict[int, set[tuple[str, str]]] = {}
    if not ids:
        return due
    declared = ContributionDetail.objects.filter(
        period__gte=str(start), period__lte=str(end), person_id__in=ids
    ).values_list("person_id", "period", "insurance_type")
    back_paid = ArrearsLine.objects.filter(
        period__gte=str(start),
        period__lte=str(end),
        person_id__in=ids,
        arrears__status__in=LIVE,
    ).values_list("person_id", "period", "insurance_type")
    for person_id, period, insurance_type in [*declared, *back_paid]:
        due.setdefault(person_id, set()).add((period, insurance_type))
    return due


def paid_labels(
    due: Iterable[tuple[str, str]], start: Period, end: Period, types: Iterable[str]
) -> list[str]:
    """The ``YYYYMM 险种`` of ``due`` within ``start``..``end`` and ``types``, in order."""
    kinds = set(types)
    seen = sorted((p, t) for p, t in set(due) if str(start) <= p <= str(end) and t in kinds)
    return [f"{p} {InsuranceType(t).label}" for p, t in seen]


def months_back_paid_of(
    *, persons: Iterable[Person], kinds: Sequence[str] = CAPPED_KINDS
) -> dict[int, int]:
    """:func:`months_back_paid` of many persons in one query, by person id (0 when none)."""
    ids = [p.pk for p in persons]
    if not ids:
        return {}
    totals = dict(
        Arrears.objects.filter(person_id__in=ids, kind__in=kinds, status__in=LIVE)
        .values("person_id")
        .annotate(n=Sum("months"))
        .values_list("person_id", "n")
    )
    return {pk: int(totals.get(pk) or 0) for pk in ids}


def deferral_covering(unit: Unit, start: Period, end: Period) -> UnitDeferral | None:
    return (
        UnitDeferral.objects.filter(
            unit=unit, start_period__lte=str(start), end_period__gte=str(end)
        )
        .order_by("start_period")
        .first()
    )


def interest_rates(region: Any, years: Iterable[int]) -> tuple[dict[int, Decimal], dict[int, int]]:
    """记账利率 of ``years``, and for each year not published yet the published year whose
    rate stands in (暂按, ``account_interest_rate_for``): a back-payment is never refused
    for a rate the ministries have not published; a gap in the past still is."""
    rates: dict[int, Decimal] = {}
    provisional: dict[int, int] = {}
    for year in sorted(years):
        found = account_interest_rate_for(region=region, year=year)
        rates[year] = found.rate
        if found.provisional:
            provisional[year] = found.year_used
    return rates, provisional


def line_inputs(
    *,
    unit: Unit,
    periods: Sequence[Period],
    types: Sequence[str],
    wage: Decimal,
    on: dt.date,
    late_fee: bool = True,
    fees: bool = True,
    policy: PolicyLookups | None = None,
) -> list[calc.LineInput]:
    """The policy parameters of every period × type; raises ``MissingParameter``.

    ``policy`` shares the look-ups across calls (all the rows of one validation); without
    it each distinct parameter is still asked for once per call.
    """
    policy = policy or PolicyLookups(unit)
    rates, provisional = policy.interest_rates(calc.interest_years(periods, on) if fees else set())
    daily = policy.late_fee_rate(on=on) if fees and late_fee else Decimal(0)
    items = []
    for period in periods:
        rule = policy.base_rule(year=policy.contribution_year(period))
        for t in types:
            first = period.first_day
            risk = policy.risk_class(on=first) if t == InsuranceType.WORK_INJURY else None
            unit_rate, person_rate = (
                policy.rate(insurance_type=t, payer=p, on=first, risk_class=risk)
                for p in (Payer.UNIT, Payer.INDIVIDUAL)
            )
            items.append(
                calc.LineInput(
                    period=period,
                    insurance_type=t,
                    type_label=str(InsuranceType(t).label),
                    wage=wage,
                    rule=rule,
                    unit_rate=unit_rate,
                    individual_rate=person_rate,
                    has_account=t in ACCOUNT_TYPES,
                    interest_rates=rates,
                    provisional_rates=provisional,
                    late_fee_rate=daily,
                    charge_late_fee=fees and late_fee,
                    charge_interest=fees,
                )
            )
    return items


def person_lines(
    *,
    unit: Unit,
    start: Period,
    end: Period,
    types: Sequence[str],
    wage: Decimal,
    on: dt.date,
    late_fee: bool = True,
    policy: PolicyLookups | None = None,
) -> list[calc.Line]:
    periods = calc.periods_between(start, end)
    items = line_inputs(
        unit=unit, periods=periods, types=types, wage=wage, on=on, late_fee=late_fee, policy=policy
    )
    return [calc.line_calc(item, on=on) for item in items]


def arrears_create(
    *,
    effect: EffectContext,
    kind: str,
    person: Person | None,
    start: Period,
    end: Period,
    lines: Sequence[tuple[Person, calc.Line]],
    on: dt.date,
    reason: str = "",
    wage: Decimal | None = None,
    fees_on_billing: bool = False,
) -> Arrears:
    """Store one back-payment row and its lines (status ``declared``, for a later bill)."""
    sums = calc.totals(line for _p, line in lines)
    record = Arrears.objects.create(
        unit=effect.unit,
        region=effect.unit.region,
        person=person,
        kind=kind,
        reason=reason,
        start_period=str(start),
        end_period=str(end),
        months=start.months_until(end),
        declared_wage=wage,
        fees_on_billing=fees_on_billing,
        calculated_on=on,
        unit_amount=sums.unit_amount,
        individual_amount=sums.individual_amount,
        interest=sums.interest,
        late_fee=sums.late_fee,
        serial_no=effect.serial_no,
        case_id=effect.case_id,
    )
    ArrearsLine.objects.bulk_create(
        [
            ArrearsLine(
                arrears=record,
                period=str(line.period),
                person=who,
                insurance_type=line.insurance_type,
                wage=line.wage,
                base=line.base,
                clamp=line.clamp,
                unit_amount=line.unit_amount,
                individual_amount=line.individual_amount,
                interest=line.interest,
                late_fee=line.late_fee,
                late_days=line.late_days,
                explanation=line.explanation,
                interest_provisional=line.interest_provisional,
            )
            for who, line in lines
        ],
        batch_size=1000,
    )
    return record


def arrears_fees_assess(*, arrears: Arrears, on: dt.date) -> Arrears:
    """Interest and late fees of a back-payment whose fees wait for its bill (R-BP-09).

    The bill (应缴认定表) calls this before moving the record to ``billed``; each line is
    worked out again on its stored base, the totals are the sums of the rounded lines.
    """
    unit = arrears.unit
    stored = list(arrears.lines.select_related("person"))
    periods = sorted({Period.parse(line.period) for line in stored})
    region = unit.region
    rates, provisional = interest_rates(region, calc.interest_years(periods, on))
    daily = late_fee_rate_for(region=region, on=on)
    for line in stored:
        period = Period.parse(line.period)
        first = period.first_day
        t = line.insurance_type
        risk = risk_class_for(unit=unit, on=first) if t == InsuranceType.WORK_INJURY else None
        unit_rate, person_rate = (
            rate_for(region=region, insurance_type=t, payer=p, on=first, risk_class=risk)
            for p in (Payer.UNIT, Payer.INDIVIDUAL)
        )
        result = calc.line_calc(
            calc.LineInput(
                period=period,
                insurance_type=t,
                type_label=str(InsuranceType(t).label),
                wage=line.wage,
                rule=base_rule_for(region=region, year=contribution_year_of(period, region=region)),
                unit_rate=unit_rate,
                individual_rate=person_rate,
                has_account=t in ACCOUNT_TYPES,
                interest_rates=rates,
                provisional_rates=provisional,
                late_fee_rate=daily,
                base=line.base,
            ),
            on=on,
        )
        line.interest, line.late_fee, line.late_days = (
            result.interest,
            result.late_fee,
            result.late_days,
        )
        line.explanation = result.explanation
        line.interest_provisional = result.interest_provisional
    ArrearsLine.objects.bulk_update(
        stored, ["interest", "late_fee", "late_days", "explanation", "interest_provisional"]
    )
    arrears.interest = sum((line.interest for line in stored), calc.ZERO)
    arrears.late_fee = sum((line.late_fee for line in stored), calc.ZERO)
    arrears.calculated_on = on
    arrears.fees_on_billing = False
    arrears.save(update_fields=["interest", "late_fee", "calculated_on", "fees_on_billing"])
    return arrears


def arrears_cancel_for_case(effect: EffectContext) -> dict[str, Any]:
    """The rollback of a back-payment case: its records, if none is billed yet, are cancelled."""
    from shebao.core.errors import InvalidValue

    records = list(
        Arrears.objects.select_for_update().filter(case_id=effect.case_id).order_by("pk")
    )
    if any(r.status == DeclarationStatus.BILLED for r in records):
        raise InvalidValue(_(ALREADY_BILLED))
    Arrears.objects.filter(pk__in=[r.pk for r in records]).update(
        status=DeclarationStatus.CANCELLED
    )
    return {"arrears_cancelled": [r.pk for r in records]}


ALREADY_BILLED = gettext_noop("补缴数据已开具应缴认定单，不能回退")
