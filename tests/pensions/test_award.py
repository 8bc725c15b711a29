"""The award of 国发〔2005〕38号 worked out by hand from stated inputs (issue #13 §4)."""

import datetime as dt
from decimal import Decimal

import pytest

from shebao.contributions.models import DeemedYearsRecognition
from shebao.core.errors import InvalidValue
from shebao.core.period import Period
from shebao.pensions.models import AccountYear, PensionAward
from shebao.pensions.services import recalculate_award, register_retiree
from shebao.policy.models import BaseStandard
from shebao.policy.pension_seed import PAYOUT_MONTHS
from tests import factories

from .conftest import pay

pytestmark = pytest.mark.django_db


def retire(person, unit, month="202503"):
    return register_retiree(
        person_id=person.pk,
        unit_id=unit.pk,
        retirement_month=Period.parse(month),
        category="normal",
        case_id=None,
        decided_by_id=None,
    )


@pytest.fixture
def worker(policy, unit):
    """Born 1965-03, retires 202503 at 60. Paid 2020 on base 9750 (index 9750/6500 = 1.5)
    and 2021 on 6500 (index 1.0); 视同缴费 1990-1999 recognised (120 months). The 2024
    average wage (the 申报年度 holding 202503) is 8000."""
    BaseStandard.objects.filter(region=unit.region, year=2024).update(average_wage=Decimal("8000"))
    person = factories.person(name="王退休", birth=dt.date(1965, 3, 10))
    pay(person, unit, "202001", "202012", Decimal("9750"))
    pay(person, unit, "202101", "202112", Decimal("6500"))
    DeemedYearsRecognition.objects.create(
        person=person,
        unit=unit,
        start_period="199001",
        end_period="199912",
        monthly_wage=Decimal("3000"),
        document_no="鄂人社认〔2020〕1号",
        recognised_on=dt.date(2020, 5, 1),
    )
    return person


def test_award_computed_by_hand(worker, unit):
    retiree = retire(worker, unit)
    award = PensionAward.objects.get(retiree=retiree, current=True)

    # 平均缴费指数 = (12 × 9750/6500 + 12 × 6500/6500) / 24 = (18 + 12) / 24 = 1.25
    assert award.average_index == Decimal("1.2500")
    # 实际 24 + 视同 120 = 累计 144 months = 12 years
    assert (award.actual_months, award.deemed_months, award.total_months) == (24, 120, 144)
    # 基础养老金 = 8000 × (1 + 1.25) ÷ 2 × 144/12 × 1% = 8000 × 1.125 × 12 × 0.01 = 1080.00
    assert award.basic_pension == Decimal("1080.00")

    # 个人账户 (interest = opening × r + credits × r × 1.083 / 2, each year to the cent):
    # 2020 credits 12 × 780 = 9360.00; interest 9360 × 0.0604 × 0.5415 = 306.13; 9666.13
    # 2021 credits 12 × 520 = 6240.00; interest 9666.13 × 0.0669 + 6240 × 0.0669 × 0.5415
    #      = 646.66 + 226.05 = 872.72 (646.664097 + 226.052424 = 872.716521); 16778.85
    # 2022 16778.85 × 0.0612 = 1026.87 -> 17805.72
    # 2023 17805.72 × 0.0397 = 706.89 -> 18512.61
    # 2024 18512.61 × 0.0262 = 485.03 -> 18997.64
    # 2025 retires in March: 18997.64 × 0.0262 (暂按2024年) × 3/12 = 124.43 -> 19122.07
    closings = dict(AccountYear.objects.filter(person=worker).values_list("year", "closing"))
    assert closings == {
        2020: Decimal("9666.13"),
        2021: Decimal("16778.85"),
        2022: Decimal("17805.72"),
        2023: Decimal("18512.61"),
        2024: Decimal("18997.64"),
        2025: Decimal("19122.07"),
    }
    assert award.account_balance == Decimal("19122.07")
    # 60 岁 -> 计发月数 139; 19122.07 ÷ 139 = 137.568... -> 137.57
    assert (award.retirement_age, award.payout_months) == (60, 139)
    assert award.account_pension == Decimal("137.57")
    # 过渡性养老金 = 8000 × 1.25 × 120/12 × 1.3% = 10000 × 10 × 0.013 = 1300.00
    assert award.transitional_pension == Decimal("1300.00")
    # 基本养老金 = 1080.00 + 137.57 + 1300.00
    assert award.total == Decimal("2517.57")
    assert [s["result"] for s in award.steps] == ["1080.00", "137.57", "1300.00", "2517.57"]
    assert award.inputs["account_years"][-1][-1] == "暂按2024年利率"


def test_unpaid_months_are_not_credited(policy, unit):
    from shebao.contributions.models import BillStatus

    person = factories.person(birth=dt.date(1965, 3, 1))
    pay(person, unit, "202001", "202012", Decimal("6500"))
    pay(person, unit, "202101", "202112", Decimal("6500"), status=BillStatus.VALID)
    award = PensionAward.objects.get(retiree=retire(person, unit))
    assert award.actual_months == 12


def test_payout_months_table_is_the_national_one(policy):
    from shebao.policy.pension import payout_months_for

    on = dt.date(2025, 3, 1)
    assert {a: payout_months_for(age=a, on=on) for a in (40, 45, 50, 55, 60, 63, 70)} == {
        40: 233,
        45: 216,
        50: 195,
        55: 170,
        60: 139,
        63: 117,
        70: 56,
    }
    assert len(PAYOUT_MONTHS) == 31
    months = [PAYOUT_MONTHS[a] for a in range(40, 71)]
    assert months == sorted(months, reverse=True)


def test_recalculation_keeps_history(worker, unit, reviewer):
    retiree = retire(worker, unit)
    pay(worker, unit, "202201", "202212", Decimal("6500"))  # a back-payment arrived later
    award = recalculate_award(retiree_id=retiree.pk, reason="补缴到账后重新计算", by_id=reviewer.pk)
    versions = list(PensionAward.objects.filter(retiree=retiree).values_list("version", "current"))
    assert sorted(versions) == [(1, False), (2, True)]
    assert award.actual_months == 36


def test_a_person_is_registered_once(worker, unit):
    retire(worker, unit)
    with pytest.raises(InvalidValue, match="已是离退休人员"):
        retire(worker, unit)
