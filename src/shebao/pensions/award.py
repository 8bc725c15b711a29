"""The award (基本养老金) of 国发〔2005〕38号, for many retirees at once.

    基础养老金     = W × (1 + I) ÷ 2 × 缴费年限 × 1%
    个人账户养老金 = 个人账户储存额 ÷ 计发月数
    过渡性养老金   = W × I × 视同缴费年限 × 过渡系数

W is the 上年度在岗职工月平均工资 of the 申报年度 holding the retirement month, I the
平均缴费指数 (each paid month's base over its 申报年度's average wage, averaged over the
paid months, to four places), 缴费年限 the 累计缴费月数 (实际 + 视同) ÷ 12 and
视同缴费年限 the deemed months ÷ 12. Each named step is rounded half-up to the cent.
Set-based: per region a fixed number of queries (paid months, deemed months, parameters,
account rebuild, the awards' insert), whatever the number of retirees.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.contributions.models import DeemedYearsRecognition
from shebao.core.period import Period
from shebao.policy.models import Region
from shebao.policy.pension import (
    average_wages,
    payout_source,
    payout_table,
    transition_coefficient_for,
)
from shebao.policy.selectors import MissingParameter, contribution_year_of

from .accounts import YearRow, accounts_build, cents
from .bulk import copy_objects, id_array
from .models import PensionAward, Retiree
from .paid import PaidHalf, paid_halves

INDEX_PLACES = Decimal("0.0001")
ONE_PERCENT = Decimal("0.01")
MISSING_WAGE = gettext_noop("未配置%(r)s%(y)d年度的在岗职工月平均工资（缴费基数标准）")
MISSING_PAYOUT_AGE = gettext_noop("未配置%(a)d岁退休的个人账户养老金计发月数")


def retirement_months_of(person_ids: Sequence[int]) -> dict[int, str]:
    """{person id: 退休年月} of those of ``person_ids`` who are retirees."""
    return dict(
        Retiree.objects.filter(person_id__in=person_ids).values_list(
            "person_id", "retirement_month"
        )
    )


def deemed_months(person_ids: Sequence[int]) -> dict[int, int]:
    """视同缴费月数 per person: the months of their 视同缴费年限认定 (§3.3.32)."""
    totals: dict[int, int] = defaultdict(int)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT person_id, start_period, end_period FROM {DeemedYearsRecognition._meta.db_table} "
            "WHERE person_id = ANY(%s::bigint[])",
            [id_array(person_ids)],
        )
        for person_id, start, end in cursor.fetchall():
            totals[person_id] += Period.parse(start).months_until(Period.parse(end))
    return totals


@dataclass
class _Index:
    months: int = 0
    years: list[dict[str, Any]] = field(default_factory=list)
    ratio_sum: Decimal = Decimal(0)


def _indexes(
    halves: list[PaidHalf], wages: dict[tuple[int, int], tuple[Decimal, str]], region: Region
) -> dict[int, _Index]:
    by_year: dict[tuple[int, int], list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for half in halves:
        total = by_year[(half.person_id, half.contribution_year)]
        total[0] += half.months
        total[1] += half.base
    result: dict[int, _Index] = defaultdict(_Index)
    for (person_id, year), (months, base) in sorted(by_year.items()):
        if (region.pk, year) not in wages:
            raise MissingParameter(_(MISSING_WAGE) % {"r": region.name, "y": year})
        wage = wages[(region.pk, year)][0]
        index = result[person_id]
        index.months += int(months)
        index.ratio_sum += base / wage
        index.years.append(
            {"year": year, "months": int(months), "base": str(base), "wage": str(wage)}
        )
    return result


def _age(birth: dt.date, retirement: Period) -> int:
    months = retirement - Period.of(birth)
    assert isinstance(months, int)
    return months // 12


def _award(
    retiree: Retiree,
    *,
    index: _Index,
    deemed: int,
    balance: Decimal,
    wage: tuple[Decimal, str],
    table: dict[int, int],
    coefficient: tuple[Decimal, str],
) -> PensionAward:
    person = retiree.person
    month = Period.parse(retiree.retirement_month)
    age = _age(person.birth_date, month)
    if age not in table:
        raise MissingParameter(_(MISSING_PAYOUT_AGE) % {"a": age})
    divisor = table[age]
    actual = index.months
    total_months = actual + deemed
    average_index = (
        (index.ratio_sum / actual).quantize(INDEX_PLACES, rounding=ROUND_HALF_UP)
        if actual
        else Decimal(0)
    )
    w, rate = wage[0], coefficient[0]
    basic = cents(w * (1 + average_index) / 2 * total_months / 12 * ONE_PERCENT)
    account = cents(balance / divisor)
    transitional = cents(w * average_index * deemed / 12 * rate)
    years = f"{total_months}÷12"
    steps = [
        {
            "name": "基础养老金",
            "formula": "上年度在岗职工月平均工资 × (1 + 平均缴费指数) ÷ 2 × 缴费年限 × 1%",
            "figures": f"{w} × (1 + {average_index}) ÷ 2 × {years} × 1%",
            "result": str(basic),
        },
        {
            "name": "个人账户养老金",
            "formula": "个人账户储存额 ÷ 计发月数",
            "figures": f"{balance} ÷ {divisor}",
            "result": str(account),
        },
        {
            "name": "过渡性养老金",
            "formula": "上年度在岗职工月平均工资 × 平均缴费指数 × 视同缴费年限 × 过渡系数",
            "figures": f"{w} × {average_index} × {deemed}÷12 × {(rate * 100).normalize():f}%",
            "result": str(transitional),
        },
        {
            "name": "基本养老金",
            "formula": "基础养老金 + 个人账户养老金 + 过渡性养老金",
            "figures": f"{basic} + {account} + {transitional}",
            "result": str(basic + account + transitional),
        },
    ]
    inputs = {
        "birth_month": str(Period.of(person.birth_date)),
        "retirement_month": retiree.retirement_month,
        "retirement_age": age,
        "average_wage": str(w),
        "average_wage_source": wage[1],
        "index_sum": str(index.ratio_sum.quantize(Decimal("0.000001"))),
        "index_years": index.years,
        "payout_source": "",
        "coefficient_source": coefficient[1],
    }
    return PensionAward(
        retiree=retiree,
        average_wage=w,
        average_index=average_index,
        actual_months=actual,
        deemed_months=deemed,
        total_months=total_months,
        account_balance=balance,
        retirement_age=age,
        payout_months=divisor,
        transition_coefficient=rate,
        basic_pension=basic,
        account_pension=account,
        transitional_pension=transitional,
        total=basic + account + transitional,
        inputs=inputs,
        steps=steps,
    )


def _region_awards(region: Region, retirees: list[Retiree]) -> list[PensionAward]:
    person_ids = [r.person_id for r in retirees]
    months = {r.person_id: r.retirement_month for r in retirees}
    from shebao.policy.selectors import contribution_year_periods

    start = contribution_year_periods(2000, region=region)[0].month
    halves = paid_halves(person_ids=person_ids, start_month=start, until=max(months.values()))
    built: list[YearRow] = []
    balances = accounts_build(
        region=region, person_ids=person_ids, retirement_months=months, halves=halves, built=built
    )
    wages = average_wages(region_ids=[region.pk])
    indexes = _indexes(halves, wages, region)
    deemed = deemed_months(person_ids)
    tables: dict[str, dict[int, int]] = {}
    sources: dict[str, str] = {}
    coefficients: dict[str, tuple[Decimal, str]] = {}
    awards = []
    years: dict[str, int] = {}
    for retiree in retirees:
        month = retiree.retirement_month
        if month not in tables:
            on = Period.parse(month).first_day
            tables[month] = payout_table(on=on)
            sources[month] = payout_source(on=on)
            coefficients[month] = transition_coefficient_for(region=region, on=on)
            years[month] = contribution_year_of(Period.parse(month), region=region)
        year = years[month]
        if (region.pk, year) not in wages:
            raise MissingParameter(_(MISSING_WAGE) % {"r": region.name, "y": year})
        awards.append(
            _award(
                retiree,
                index=indexes.get(retiree.person_id, _Index()),
                deemed=deemed.get(retiree.person_id, 0),
                balance=balances.get(retiree.person_id, Decimal(0)),
                wage=wages[(region.pk, year)],
                table=tables[month],
                coefficient=coefficients[month],
            )
        )
    for award in awards:
        award.inputs["payout_source"] = sources[award.retiree.retirement_month]
    _snapshot_accounts(awards, built)
    return awards


def _snapshot_accounts(awards: list[PensionAward], rows: list[YearRow]) -> None:
    """Keep the account years an award used in its inputs: the account is rebuilt later
    (a rate published, a back-payment), the award version must still show its own."""
    years: dict[int, list[list[str]]] = defaultdict(list)
    for row in rows:  # in person and year order, as built
        years[row.person_id].append(
            [
                str(row.year),
                str(row.opening),
                str(row.credits),
                str(row.credit_months),
                str(row.rate),
                str(row.interest),
                str(row.closing),
                row.rate_note,
            ]
        )
    for award in awards:
        award.inputs["account_years"] = years.get(award.retiree.person_id, [])


def awards_compute(
    *, retirees: Sequence[Retiree], reason: str, by_id: int | None, case_id: int | None
) -> list[PensionAward]:
    """A new current award version for each of ``retirees`` (the earlier stays as history).

    ``retirees`` come with ``person`` and ``unit__region`` loaded. Raises
    :class:`MissingParameter` when a parameter the award needs is not configured.
    """
    by_region: dict[int, list[Retiree]] = defaultdict(list)
    regions: dict[int, Region] = {}
    for retiree in retirees:
        region = retiree.unit.region
        regions[region.pk] = region
        by_region[region.pk].append(retiree)
    awards: list[PensionAward] = []
    for region_id, group in by_region.items():
        awards += _region_awards(regions[region_id], group)
    ids = id_array(r.pk for r in retirees)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT retiree_id, MAX(version) FROM pensions_pensionaward "
            "WHERE retiree_id = ANY(%s::bigint[]) GROUP BY retiree_id",
            [ids],
        )
        latest = dict(cursor.fetchall())
        cursor.execute(
            "UPDATE pensions_pensionaward SET current = false "
            "WHERE retiree_id = ANY(%s::bigint[]) AND current",
            [ids],
        )
    for award in awards:
        award.version = (latest.get(award.retiree_id) or 0) + 1
        award.reason = reason
        award.computed_by_id = by_id
        award.case_id = case_id
    return copy_objects(awards)
