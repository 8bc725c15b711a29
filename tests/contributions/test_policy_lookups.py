"""``PolicyLookups``: each distinct parameter asked for once, a missing one refused every time."""

from __future__ import annotations

import datetime as dt

import pytest

from shebao.contributions.policy_lookups import PolicyLookups
from shebao.core.period import Period
from shebao.policy.seed import policy_seed
from shebao.policy.selectors import MissingParameter, Payer, base_rule_for, rate_for
from shebao.registry.choices import InsuranceType

pytestmark = pytest.mark.django_db


def test_the_same_parameter_is_queried_once(region, unit, django_assert_num_queries):
    policy_seed(region)
    lookups = PolicyLookups(unit)
    with django_assert_num_queries(2):  # the base standard, the pension unit rate
        for _row in range(3):
            rule = lookups.base_rule(year=2020)
            rate = lookups.rate(
                insurance_type=InsuranceType.PENSION, payer=Payer.UNIT, on=dt.date(2021, 1, 1)
            )
    assert rule == base_rule_for(region=region, year=2020)
    assert rate == rate_for(
        region=region,
        insurance_type=InsuranceType.PENSION,
        payer=Payer.UNIT,
        on=dt.date(2021, 1, 1),
    )


def test_a_missing_parameter_is_refused_for_every_row_with_its_message(
    region, unit, django_assert_num_queries
):
    lookups = PolicyLookups(unit)  # nothing seeded
    with pytest.raises(MissingParameter) as direct:
        base_rule_for(region=region, year=2020)
    with django_assert_num_queries(1):
        for _row in range(3):
            with pytest.raises(MissingParameter) as memoised:
                lookups.base_rule(year=2020)
            assert str(memoised.value) == str(direct.value)


def test_contribution_year_follows_the_regions_rule(region, unit):
    policy_seed(region)
    lookups = PolicyLookups(unit)
    assert lookups.contribution_year(Period.parse("202106")) == 2020
    assert lookups.contribution_year(Period.parse("202107")) == 2021
