"""个人账户: the yearly account of each insured person, rebuilt set-based from paid months.

Credits are the 8% person share (个人缴费金额) of every paid month, back-payments
included. Interest follows 劳办发〔1997〕116号《职工基本养老保险个人账户管理暂行办法》:

    本年利息 = 上年末累计储存额 × 本年记账利率 + 本年记账额 × 本年记账利率 × 1.083 × 1/2

(1.083 × 1/2 being the annuity factor of twelve monthly credits). Each year's interest is
rounded to the cent. The year of retirement earns interest on its opening balance for the
months up to the retirement month (× m/12) and none on that year's credits; the current
year earns none until it closes. Both are this code's reading, said in every statement.
A year whose 记账利率 is not published takes the last published one (暂按); publishing
it rebuilds the accounts that stood on it (the ``interest_rate_published`` listener).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from shebao.policy.models import AccountInterestRate, Region
from shebao.policy.selectors import (
    PROVISIONAL_INTEREST,
    InterestRate,
    account_interest_rate_for,
)
from shebao.policy.services import interest_rate_published

from .bulk import copy_rows, id_array
from .models import AccountYear
from .paid import PaidHalf, paid_halves

CENT = Decimal("0.01")
REPUBLISHED = gettext_noop("%(y)d年记账利率公布后重新计算")
REBUILT = gettext_noop("个人账户重新计算 %(n)d 人，其中重新核定基本养老金 %(r)d 人")
ANNUITY = Decimal("1.083") / 2


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def interest_rates(*, region: Region, years: Iterable[int]) -> dict[int, InterestRate]:
    """The 记账利率 of each year asked for (the published one or the 暂按 one)."""
    published = dict(AccountInterestRate.objects.filter(region=region).values_list("year", "rate"))
    last = max(published) if published else None
    rates: dict[int, InterestRate] = {}
    for year in sorted(set(years)):
        if year in published:
            rates[year] = InterestRate(year=year, rate=published[year], year_used=year)
        elif last is not None and year > last:
            rates[year] = InterestRate(
                year=year, rate=published[last], year_used=last, provisional=True
            )
        else:  # a gap: the selector raises the administrator's message
            rates[year] = account_interest_rate_for(region=region, year=year)
    return rates


class YearRow(NamedTuple):
    """An account year as written (``AccountYear`` without the model's overhead)."""

    person_id: int
    region_id: int
    year: int
    opening: Decimal
    credits: Decimal
    credit_months: int
    interest: Decimal
    closing: Decimal
    rate: Decimal
    rate_year: int | None
    built_at: dt.datetime

    @property
    def rate_note(self) -> str:
        if self.rate_year is None or self.rate_year == self.year:
            return ""
        return gettext(PROVISIONAL_INTEREST) % {"y": self.rate_year}


def _year_rows(
    person_id: int,
    region: Region,
    credits: dict[int, tuple[Decimal, int]],
    rates: dict[int, InterestRate],
    *,
    last_year: int,
    retirement: tuple[int, int] | None,
    today: dt.date,
    now: dt.datetime,
) -> list[YearRow]:
    rows: list[YearRow] = []
    balance = Decimal(0)
    for year in range(min(credits), last_year + 1):
        amount, months = credits.get(year, (Decimal(0), 0))
        rate = rates[year]
        if retirement is not None and year == retirement[0]:
            interest = cents(balance * rate.rate * retirement[1] / 12)
        elif year >= today.year:
            interest = Decimal(0)
        else:
            interest = cents(balance * rate.rate + amount * rate.rate * ANNUITY)
        closing = balance + amount + interest
        credited = bool(interest) or year < today.year
        rows.append(
            YearRow(
                person_id,
                region.pk,
                year,
                balance,
                amount,
                months,
                interest,
                closing,
                rate.rate if credited else Decimal(0),
                rate.year_used if credited else None,
                now,
            )
        )
        balance = closing
    return rows


@transaction.atomic
def accounts_build(
    *,
    region: Region,
    person_ids: Sequence[int],
    retirement_months: dict[int, str] | None = None,
    halves: list[PaidHalf] | None = None,
    built: list[YearRow] | None = None,
) -> dict[int, Decimal]:
    """Rebuild the account years of ``person_ids`` (all insured in ``region``) and return
    each one's balance: at the retirement month for those in ``retirement_months``
    ({person id: YYYYMM}), else the latest closing. ``halves`` are the paid months when
    the caller already read them (the award does); ``built``, when given, receives the
    account years written."""
    retirement_months = retirement_months or {}
    today = timezone.localdate()
    if halves is None:
        until = max(retirement_months.values(), default=f"{today.year:04d}12")
        halves = paid_halves(person_ids=person_ids, start_month=1, until=until)
    credits: dict[int, dict[int, tuple[Decimal, int]]] = defaultdict(dict)
    for half in halves:
        retired = retirement_months.get(half.person_id)
        if retired and half.year > int(retired[:4]):
            continue
        amount, months = credits[half.person_id].get(half.year, (Decimal(0), 0))
        credits[half.person_id][half.year] = (amount + half.amount, months + half.months)
    last_years = {
        p: int(retirement_months[p][:4]) if p in retirement_months else today.year
        for p in person_ids
    }
    years = {y for p, c in credits.items() for y in range(min(c), last_years[p] + 1)}
    rates = interest_rates(region=region, years=years) if years else {}
    rows: list[YearRow] = []
    now = timezone.now()
    for person_id, by_year in credits.items():
        retired = retirement_months.get(person_id)
        retirement = (int(retired[:4]), int(retired[4:])) if retired else None
        rows += _year_rows(
            person_id,
            region,
            by_year,
            rates,
            last_year=last_years[person_id],
            retirement=retirement,
            today=today,
            now=now,
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM pensions_accountyear WHERE person_id = ANY(%s::bigint[])",
            [id_array(person_ids)],
        )
    copy_rows(AccountYear, YearRow._fields, rows)
    balances = {p: Decimal(0) for p in person_ids}
    for row in rows:  # in year order per person: the last one wins
        balances[row.person_id] = row.closing
    if built is not None:
        built.extend(rows)
    return balances


@receiver(interest_rate_published, dispatch_uid="pensions_accounts_rebuild")
def accounts_rebuild_on_publication(
    sender: Any, *, region: Region, year: int, actor: Any = None, **kwargs: Any
) -> str | None:
    """The real 记账利率 of ``year`` was entered: rebuild the accounts whose interest of
    that year stood on another year's rate (or on a corrected one), and give the retirees
    among them whose current award used that year a new award version (the old one stays
    as history)."""
    person_ids = list(
        AccountYear.objects.filter(region=region, year=year)
        .values_list("person_id", flat=True)
        .distinct()
    )
    if not person_ids:
        return None
    from .award import awards_compute, retirement_months_of
    from .models import Retiree

    retirement_months = retirement_months_of(person_ids)
    accounts_build(region=region, person_ids=person_ids, retirement_months=retirement_months)
    retirees = list(
        Retiree.objects.filter(
            person_id__in=[p for p, month in retirement_months.items() if int(month[:4]) >= year],
            awards__current=True,
        ).select_related("person", "unit__region")
    )
    if retirees:
        awards_compute(
            retirees=retirees,
            reason=gettext(REPUBLISHED) % {"y": year},
            by_id=getattr(actor, "pk", None),
            case_id=None,
        )
    return gettext(REBUILT) % {"n": len(person_ids), "r": len(retirees)}
