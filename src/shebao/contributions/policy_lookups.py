"""The policy parameters of one unit's region, each looked up once (for the contribution
calculations; kept out of ``policy``, which may not name the registry's ``Unit``).

A validation of 1,000 back-payment rows asks for the same few rates, base rules and
记账利率 again and again; the selectors query on every call. A ``PolicyLookups`` made for
one validation (a spec's ``prefetch``), one report or one effect answers each distinct
question once, so the queries follow the distinct periods and years, not the rows. Not
kept beyond that: parameters change, and a later validation must see the change.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from shebao.core.period import Period
from shebao.policy.selectors import (
    BaseRule,
    InterestRate,
    MissingParameter,
    account_interest_rate_for,
    base_rule_for,
    contribution_year_of,
    late_fee_rate_for,
    rate_for,
    risk_class_for,
)

if TYPE_CHECKING:
    from shebao.registry.models import Unit

T = TypeVar("T")


class PolicyLookups:
    """Memoised policy selectors for one unit; a missing parameter is remembered too and
    raised again (a fresh copy) for every row that needs it."""

    def __init__(self, unit: Unit) -> None:
        self.unit = unit
        self.region = unit.region
        self._found: dict[tuple[Any, ...], Any] = {}

    def _once(self, key: tuple[Any, ...], fetch: Callable[[], T]) -> T:
        try:
            found = self._found[key]
        except KeyError:
            try:
                found = fetch()
            except MissingParameter as missing:
                found = missing
            self._found[key] = found
        if isinstance(found, MissingParameter):
            raise copy.copy(found)
        return found  # type: ignore[no-any-return]

    def rate(
        self, *, insurance_type: str, payer: str, on: dt.date, risk_class: int | None = None
    ) -> Decimal:
        return self._once(
            ("rate", insurance_type, payer, on, risk_class),
            lambda: rate_for(
                region=self.region,
                insurance_type=insurance_type,
                payer=payer,
                on=on,
                risk_class=risk_class,
            ),
        )

    def risk_class(self, *, on: dt.date) -> int:
        return self._once(("risk", on), lambda: risk_class_for(unit=self.unit, on=on))

    def base_rule(self, *, year: int) -> BaseRule:
        return self._once(("base", year), lambda: base_rule_for(region=self.region, year=year))

    def contribution_year(self, period: Period) -> int:
        return self._once(
            ("year", str(period)), lambda: contribution_year_of(period, region=self.region)
        )

    def late_fee_rate(self, *, on: dt.date) -> Decimal:
        return self._once(("late", on), lambda: late_fee_rate_for(region=self.region, on=on))

    def interest_rate(self, *, year: int) -> InterestRate:
        return self._once(
            ("interest", year), lambda: account_interest_rate_for(region=self.region, year=year)
        )

    def interest_rates(self, years: Iterable[int]) -> tuple[dict[int, Decimal], dict[int, int]]:
        """Like ``contributions.arrears.interest_rates``: rates by year, and the published
        year standing in for each year not published yet."""
        rates: dict[int, Decimal] = {}
        provisional: dict[int, int] = {}
        for year in sorted(years):
            found = self.interest_rate(year=year)
            rates[year] = found.rate
            if found.provisional:
                provisional[year] = found.year_used
        return rates, provisional
