"""Unemployment fixtures: a person suspended from this unit's unemployment insurance, paid
unemployment months as the contribution services leave them, and a fixed registration day."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest

from shebao.cases import services as cases
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
from shebao.registry.choices import EnrolmentStatus, InsuranceType
from shebao.unemployment import rules
from tests import factories

_bills = itertools.count(1)
UNEMPLOYMENT = InsuranceType.UNEMPLOYMENT
TODAY = dt.date(2026, 12, 8)
INVOLUNTARY = "终止解除劳动合同(劳动关系)"


@pytest.fixture
def policy(region):
    policy_seed(region)
    return region


@pytest.fixture
def today(monkeypatch):
    """The registration day: ``today.set(date)`` moves it."""

    class Clock:
        day = TODAY

        def set(self, day):
            self.day = day

    clock = Clock()
    monkeypatch.setattr(rules, "today", lambda: clock.day)
    return clock


def suspended(unit, *, name="赵六", start=dt.date(2014, 7, 1), end=dt.date(2026, 11, 30),
              reason=INVOLUNTARY, birth=dt.date(1991, 2, 1)):  # fmt: skip
    """A person insured for pension and unemployment in ``unit`` from ``start`` and suspended
    at ``end`` for ``reason`` (as §3.3.17 leaves it)."""
    person = factories.person(name=name, birth=birth)
    for e in factories.enrol(person, unit, start=start):
        e.status = EnrolmentStatus.SUSPENDED
        e.end_date = end
        e.end_period = f"{end:%Y%m}"
        e.suspension_reason = reason
        e.save()
    return person


def pay(person, unit, first: str, last: str, base=Decimal("5000")):
    """``person`` paid unemployment insurance (0.7% unit, 0.3% person) every month from
    ``first`` to ``last``; one 已足额到账 bill covers the declarations."""
    start, end = Period.parse(first), Period.parse(last)
    periods = [str(start + i) for i in range(start.months_until(end))]
    person_amount, unit_amount = base * Decimal("0.003"), base * Decimal("0.007")
    bill = Bill.objects.create(
        document_no=f"U{next(_bills):015d}",
        unit=unit,
        region=unit.region,
        collection_type=CollectionType.NORMAL,
        insurance_type=UNEMPLOYMENT,
        period_from=periods[0],
        period_to=periods[-1],
        unit_amount=unit_amount * len(periods),
        individual_amount=person_amount * len(periods),
        total_amount=(unit_amount + person_amount) * len(periods),
        received_amount=(unit_amount + person_amount) * len(periods),
        status=BillStatus.PAID,
        due_date=dt.date(2030, 1, 1),
    )
    for period in periods:
        declaration, _ = MonthlyDeclaration.objects.get_or_create(
            unit=unit,
            period=period,
            insurance_type=UNEMPLOYMENT,
            status=DeclarationStatus.BILLED,
            defaults={"region": unit.region},
        )
        ContributionDetail.objects.create(
            period=period,
            person=person,
            unit=unit,
            insurance_type=UNEMPLOYMENT,
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
            insurance_type=UNEMPLOYMENT,
            period=period,
            unit_amount=unit_amount,
            individual_amount=person_amount,
        )
    return bill


def draft(code, unit, operator):
    case = cases.case_start(service_code=code, unit=unit, operator=operator)
    return cases.case_accept(
        case=case, declarant="王建", declarant_mobile="18555555555", agreement_accepted=True
    )


def registration_row(person, **overrides):
    row = {
        "id_number": person.id_number,
        "name": person.name,
        "unemployed_on": "2026-11-30",
        "reason": "被用人单位解除劳动合同",
        "hukou_type": "城镇",
        "wuhan_flag": "汉外",
        "medical_place": "武汉",
        "bank_account_name": person.name,
        "bank_card": "6222020200000000000",
        "contact_name": person.name,
        "contact_phone": "18555555555",
    }
    row.update(overrides)
    return row


def register(person, unit, operator, reviewer, **overrides):
    """§3.3.67 through the engine, approved."""
    case = draft("hb_unemployed_persons_batch_add", unit, operator)
    stored = cases.case_row_add(case=case, raw=registration_row(person, **overrides))
    assert stored.passed, stored.errors
    case = cases.case_submit(case=case, actor=operator)
    return cases.case_approve(case=case, reviewer=reviewer)


def claim_row(person, **overrides):
    row = {
        "id_number": person.id_number,
        "name": person.name,
        "migrant_worker": "否",
        "seeking_job": "是",
        "contact_name": person.name,
        "contact_phone": "18555555555",
        "payee_type": "个人",
        "payment_method": "委托银行发放",
        "bank_type": "中国工商银行",
        "account_holder_name": person.name,
        "bank_account_no": "6222020200000000000",
    }
    row.update(overrides)
    return row
