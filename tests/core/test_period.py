"""期号 (YYYYMM): parsing, month arithmetic across years, and the July-June contribution year."""

import datetime as dt

import pytest

from shebao.core.errors import InvalidValue
from shebao.core.period import Period, contribution_year_of, contribution_year_range


@pytest.mark.parametrize("raw", ["202103", "2021-03", 202103, 202103.0, " 202103 ", "202103.0"])
def test_parse(raw):
    assert Period.parse(raw) == Period(2021, 3)


def test_str_is_yyyymm():
    assert str(Period(2021, 3)) == "202103" and str(Period(999, 12)) == "099912"


@pytest.mark.parametrize("raw", ["2021", "20210", "2021033", "abcdef", "", None, "2021/03"])
def test_bad_format(raw):
    with pytest.raises(InvalidValue, match="格式不正确，应为 YYYYMM，例如 202103"):
        Period.parse(raw)


@pytest.mark.parametrize("raw", ["202113", "202100"])
def test_bad_month(raw):
    with pytest.raises(InvalidValue, match="期号月份应为 01-12"):
        Period.parse(raw)


def test_adding_months_crosses_years():
    assert Period(2021, 11) + 3 == Period(2022, 2)
    assert Period(2021, 12) + 1 == Period(2022, 1)
    assert Period(2021, 3) + 0 == Period(2021, 3)
    assert Period(2021, 3) + 24 == Period(2023, 3)
    assert Period(2021, 3) + -3 == Period(2020, 12)


def test_subtracting_months_and_periods():
    assert Period(2021, 1) - 1 == Period(2020, 12)
    assert Period(2021, 1) - 13 == Period(2019, 12)
    assert Period(2022, 2) - Period(2021, 11) == 3
    assert Period(2021, 11) - Period(2022, 2) == -3


def test_months_until_counts_both_ends():
    assert Period(2021, 1).months_until(Period(2021, 3)) == 3
    assert Period(2020, 7).months_until(Period(2021, 6)) == 12
    assert Period(2021, 3).months_until(Period(2021, 3)) == 1


def test_periods_sort_in_time_order():
    assert sorted([Period(2021, 1), Period(2020, 12), Period(2021, 10)]) == [
        Period(2020, 12),
        Period(2021, 1),
        Period(2021, 10),
    ]


@pytest.mark.parametrize(
    ("period", "year"),
    [
        (Period(2020, 7), 2020),
        (Period(2021, 6), 2020),
        (Period(2020, 6), 2019),
        (Period(2020, 12), 2020),
    ],
)
def test_contribution_year_runs_july_to_june(period, year):
    assert contribution_year_of(period, start_month=7) == year


def test_contribution_year_2020_is_202007_to_202106():
    assert contribution_year_range(2020, start_month=7) == (Period(2020, 7), Period(2021, 6))


def test_a_calendar_contribution_year():
    assert contribution_year_of(Period(2020, 1), start_month=1) == 2020
    assert contribution_year_range(2020, start_month=1) == (Period(2020, 1), Period(2020, 12))


def test_of_a_date_and_first_day():
    assert Period.of(dt.date(2026, 3, 31)) == Period(2026, 3)
    assert Period(2026, 3).first_day == dt.date(2026, 3, 1)
