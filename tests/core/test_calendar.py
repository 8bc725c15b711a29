"""Working days on the Chinese holiday calendar, with 调休 Saturdays and the admin table on top."""

import datetime as dt
import logging

import chinese_calendar
import pytest

from shebao.policy import calendar
from shebao.policy.calendar import add_workdays, is_workday, workdays_between
from shebao.policy.models import CalendarDay

pytestmark = pytest.mark.django_db

D = dt.date


def adjusted_working_saturday(year: int) -> dt.date:
    """A Saturday the State Council made a working day (调休上班), per chinese-calendar."""
    day = D(year, 1, 1)
    while day.year == year:
        if day.weekday() == 5 and chinese_calendar.is_workday(day):
            return day
        day += dt.timedelta(days=1)
    raise AssertionError(f"no adjusted working Saturday in {year}")


def test_two_working_days_after_2026_09_30_is_2026_10_09():
    # 10-01..10-07 National Day; 10-08 is the first working day, 10-09 the second
    assert add_workdays(D(2026, 9, 30), 2) == D(2026, 10, 9)


def test_a_friday_plus_two_skips_the_weekend():
    assert D(2026, 3, 6).weekday() == 4
    assert add_workdays(D(2026, 3, 6), 2) == D(2026, 3, 10)


def test_the_day_of_receipt_is_not_counted():
    assert add_workdays(D(2026, 3, 10), 1) == D(2026, 3, 11)
    assert add_workdays(D(2026, 3, 10), 0) == D(2026, 3, 10)


def test_an_adjusted_working_saturday_counts():
    saturday = adjusted_working_saturday(2026)
    assert is_workday(saturday)
    assert add_workdays(saturday - dt.timedelta(days=1), 1) == saturday


def test_public_holidays_are_not_working_days():
    assert not is_workday(D(2026, 10, 1))
    assert not is_workday(D(2026, 1, 1))


def test_a_calendar_day_row_overrides_the_package():
    CalendarDay.objects.create(date=D(2026, 3, 9), is_workday=False, name="测试停工")
    assert not is_workday(D(2026, 3, 9))
    assert add_workdays(D(2026, 3, 6), 2) == D(2026, 3, 11)
    CalendarDay.objects.create(date=D(2026, 3, 15), is_workday=True, name="测试调休上班")
    assert add_workdays(D(2026, 3, 13), 1) == D(2026, 3, 15)  # Sunday made a working day


def package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(D(year, 1, 1))
    except NotImplementedError:
        return False
    return True


needs_unknown_2027 = pytest.mark.skipif(
    package_knows(2027), reason="chinese-calendar now knows 2027; pick a later year"
)


@needs_unknown_2027
def test_a_year_the_package_does_not_know_falls_back_to_monday_to_friday(caplog):
    calendar._warn_unknown_year.cache_clear()  # warned once per process: another test may have
    with caplog.at_level(logging.WARNING, logger="shebao.policy.calendar"):
        assert add_workdays(D(2027, 3, 5), 2) == D(2027, 3, 9)  # Fri -> Tue
    assert "工作日日历" in caplog.text


@needs_unknown_2027
def test_counting_from_late_december_into_the_unknown_year_does_not_crash():
    # 2026-12-31 (Thu) is a working day; 2027-01-01 is unknown to the package: Mon-Fri rule
    assert add_workdays(D(2026, 12, 30), 2) == D(2027, 1, 1)


def test_the_admin_table_covers_an_unknown_year():
    CalendarDay.objects.create(date=D(2027, 1, 1), is_workday=False, name="元旦")
    assert add_workdays(D(2026, 12, 30), 2) == D(2027, 1, 4)


def test_workdays_between():
    assert workdays_between(D(2026, 3, 6), D(2026, 3, 10)) == 2
    assert workdays_between(D(2026, 3, 10), D(2026, 3, 6)) == -2
    assert workdays_between(D(2026, 9, 30), D(2026, 10, 9)) == 2
