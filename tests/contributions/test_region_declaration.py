"""declarations_for_region: a whole region's period at once, with the per-unit numbers."""

import datetime as dt
from decimal import Decimal

import pytest

from shebao.cases import services as cases
from shebao.cases.models import CaseStatus
from shebao.contributions.models import (
    ContributionBase,
    ContributionDetail,
    MonthlyDeclaration,
    RegionDeclarationRun,
)
from shebao.contributions.services import declarations_for_region
from shebao.core.errors import InvalidValue
from shebao.core.period import Period
from shebao.policy.models import UnitRiskClass
from shebao.policy.seed import policy_seed
from shebao.registry.choices import InsuranceType, UnitInsuranceStatus
from tests import factories

from .conftest import MONTHLY, draft

D = Decimal
P, U, WI = InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT, InsuranceType.WORK_INJURY
PERIOD = "202103"


def base_of(person, unit, wage, *, kind="", base=None):
    ContributionBase.objects.create(
        person=person,
        unit=unit,
        insurance_type=kind,
        year=2020,
        declared_wage=D(wage),
        base=D(base or wage),
        start_period="202007",
        end_period="202106",
    )


def staff(unit, *types, wage=None, start=dt.date(2019, 1, 1), end=""):
    person = factories.person(name="张三")
    for e in factories.enrol(person, unit, *types, start=start):
        e.monthly_wage = D(wage) if wage else None
        e.end_period = end
        e.save()
    return person


@pytest.fixture
def province(policy, region):
    """Units of every kind the per-unit check treats differently."""
    units = {}
    a = units["a"] = factories.unit(region_obj=region)
    p1 = staff(a)
    base_of(p1, a, "8888", base="8890")
    base_of(p1, a, "12000", kind=P)  # per-type base wins for pension
    base_of(staff(a), a, "3333")
    staff(a, wage="1000")  # no base: the wage through the rule (floor)
    staff(a, wage="5555", end="202103")  # stopped: the stop month is not due
    base_of(staff(a, start=dt.date(2021, 4, 1)), a, "9000")  # starts later
    b = units["b"] = factories.unit(region_obj=region, types=(P, U, WI))
    UnitRiskClass.objects.create(unit=b, risk_class=3, effective_from=dt.date(2019, 1, 1))
    UnitRiskClass.objects.create(unit=b, risk_class=5, effective_from=dt.date(2020, 1, 1))
    base_of(staff(b, P, U, WI), b, "3335")
    staff(b, P, U, WI, wage="50000")  # cap
    staff(b, WI, wage="7000")
    c = units["c"] = factories.unit(region_obj=region)
    base_of(staff(c), c, "6000")
    staff(c)  # neither base nor wage: the unit is refused
    d = units["d"] = factories.unit(region_obj=region, types=(WI,))
    base_of(staff(d, WI), d, "6000")  # work injury without a risk class
    units["e"] = factories.unit(region_obj=region)  # nobody insured
    f = units["f"] = factories.unit(region_obj=region)
    base_of(staff(f), f, "4000")
    h = units["h"] = factories.unit(region_obj=region)
    base_of(staff(h), h, "7000")
    h.insurances.filter(insurance_type=U).update(status=UnitInsuranceStatus.SUSPENDED)
    submit(f, period=PERIOD, pension="√")  # f has declared its pension already
    return units


def submit(unit, **row):
    operator = factories.operator(unit)
    case = draft(MONTHLY, unit, operator)
    stored = cases.case_row_add(case=case, raw=row)
    if not stored.passed:
        return None
    return cases.case_submit(case=case, actor=operator)


def snapshot(serial_nos):
    declarations = MonthlyDeclaration.objects.filter(serial_no__in=serial_nos)
    return (
        sorted(
            declarations.values_list(
                "unit_id",
                "period",
                "insurance_type",
                "status",
                "headcount",
                "wage_total",
                "base_total",
                "unit_amount",
                "individual_amount",
            )
        ),
        sorted(
            ContributionDetail.objects.filter(declaration__in=declarations).values_list(
                "period",
                "person_id",
                "unit_id",
                "insurance_type",
                "wage",
                "base",
                "unit_amount",
                "individual_amount",
            )
        ),
    )


def test_region_run_gives_the_numbers_of_each_units_own_declaration(region, province):
    run = declarations_for_region(region=region, period=Period.parse(PERIOD))
    by_region = snapshot([run.serial_no])
    assert run.units == 4 and run.declarations == 7  # a: P U, b: P U WI, f: U, h: P
    assert run.details == len(by_region[1]) == 3 * 2 + (2 * 3 + 1) + 1 + 1  # a, b, f, h
    ids = {k: u.pk for k, u in province.items()}
    assert run.skipped == {
        "without_staff": [ids["e"]],
        "without_base": [ids["c"]],
        "without_risk_class": [ids["d"]],
    }

    MonthlyDeclaration.objects.filter(serial_no=run.serial_no).delete()  # details cascade
    assert not ContributionDetail.objects.filter(period=PERIOD, unit_id=ids["a"]).exists()
    serials = []
    for key, row in (("a", {}), ("b", {}), ("f", {"unemployment": "√"}), ("h", {})):
        case = submit(province[key], period=PERIOD, **row)
        assert case is not None and case.status == CaseStatus.COMPLETED
        serials.append(case.serial_no)
    for key in ("c", "d", "e"):  # the units the run left out are refused one by one too
        assert submit(province[key], period=PERIOD) is None
    assert snapshot(serials) == by_region

    pension_b = ContributionDetail.objects.get(unit_id=ids["b"], insurance_type=WI, wage=D("50000"))
    assert (pension_b.base, pension_b.unit_amount) == (D("19500.00"), D("214.50"))  # class 5


def test_run_is_audited_and_declares_each_unit_once(region, province, other_unit):
    policy_seed(other_unit.region)
    base_of(staff(other_unit), other_unit, "5000")
    first = declarations_for_region(region=region, period=Period.parse(PERIOD))
    stored = RegionDeclarationRun.objects.get()
    assert (stored.serial_no, stored.period, stored.region) == (first.serial_no, PERIOD, region)
    assert set(
        MonthlyDeclaration.objects.filter(serial_no=first.serial_no).values_list(
            "region_id", flat=True
        )
    ) == {region.pk}
    assert not MonthlyDeclaration.objects.filter(unit=other_unit).exists()
    again = declarations_for_region(region=region, period=Period.parse(PERIOD))
    assert (again.units, again.declarations, again.details) == (0, 0, 0)
    assert RegionDeclarationRun.objects.count() == 2


def test_a_future_period_is_refused(region, province):
    with pytest.raises(InvalidValue, match="晚于当前月份"):
        declarations_for_region(region=region, period=Period.of(dt.date.today()) + 1)
    assert not RegionDeclarationRun.objects.exists()
