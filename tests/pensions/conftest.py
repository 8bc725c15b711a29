"""Paid pension months as the contribution services leave them: a billed declaration per
unit and period, its detail lines, and a 已足额到账 bill covering it."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest

from shebao.contributions.models import (
    Bill,
    BillLine,
    BillLineSource,
    BillStatus,
    CollectionType,
    ContributionDetail,
    DeclarationStatus,
    MonthlyDeclaration,
)
from shebao.core.period import Period
from shebao.policy.seed import policy_seed
from shebao.registry.choices import InsuranceType

_bills = itertools.count(1)
PENSION = InsuranceType.PENSION


@pytest.fixture
def policy(region):
    """The seeded parameters: 缴费基数标准 6500 for 2018-2026, 记账利率 2016-2024,
    计发月数 table, 过渡系数 1.3%."""
    policy_seed(region)
    return region


def months(first: str, last: str) -> list[str]:
    start, end = Period.parse(first), Period.parse(last)
    return [str(start + i) for i in range(start.months_until(end))]


def pay(person, unit, first: str, last: str, base: Decimal, *, status=BillStatus.PAID):
    """``person`` paid pension on ``base`` (16% unit, 8% person) for every month from
    ``first`` to ``last``; one bill of ``status`` covers the declarations."""
    periods = months(first, last)
    person_amount = (base * Decimal("0.08")).quantize(Decimal("0.01"))
    unit_amount = (base * Decimal("0.16")).quantize(Decimal("0.01"))
    bill = Bill.objects.create(
        document_no=f"T{next(_bills):015d}",
        unit=unit,
        region=unit.region,
        collection_type=CollectionType.NORMAL,
        insurance_type=PENSION,
        period_from=periods[0],
        period_to=periods[-1],
        unit_amount=unit_amount * len(periods),
        individual_amount=person_amount * len(periods),
        total_amount=(unit_amount + person_amount) * len(periods),
        received_amount=(unit_amount + person_amount) * len(periods)
        if status == BillStatus.PAID
        else 0,
        status=status,
        due_date=dt.date(2030, 1, 1),
    )
    for period in periods:
        declaration, _ = MonthlyDeclaration.objects.get_or_create(
            unit=unit,
            period=period,
            insurance_type=PENSION,
            status=DeclarationStatus.BILLED,
            defaults={"region": unit.region},
        )
        ContributionDetail.objects.create(
            period=period,
            person=person,
            unit=unit,
            insurance_type=PENSION,
            wage=base,
            base=base,
            unit_amount=unit_amount,
            individual_amount=person_amount,
            declaration=declaration,
        )
        BillLine.objects.create(
            bill=bill,
            source=BillLineSource.DECLARATION,
            declaration=declaration,
            insurance_type=PENSION,
            period=period,
            unit_amount=unit_amount,
            individual_amount=person_amount,
        )
    return bill


def calculate(unit, operator, *person_nos):
    """§3.3.42 through the engine: start, accept, one row per person, submit."""
    from shebao.cases import services as cases

    case = cases.case_start(
        service_code="hb_basic_pension_calculation", unit=unit, operator=operator
    )
    case = cases.case_accept(
        case=case, declarant="王建", declarant_mobile="18555555555", agreement_accepted=True
    )
    rows = [cases.case_row_add(case=case, raw={"person_no": n}) for n in person_nos]
    return case, rows
