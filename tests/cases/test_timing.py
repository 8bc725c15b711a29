"""业务流水号, 统计期 (21st rule) and 办理时限 (2 working days) of a case."""

import datetime as dt
import re
import threading

import pytest
from django.db import connection

from shebao.cases.timing import REVIEW_WORKDAYS, due_date, new_serial_no, statistical_period
from shebao.core.period import Period
from shebao.policy.models import CalendarDay

pytestmark = pytest.mark.django_db

D = dt.date


def test_serial_is_15_digits_date_then_sequence():
    serial = new_serial_no(D(2021, 3, 12))
    assert re.fullmatch(r"\d{15}", serial)
    assert serial.startswith("20210312")


def test_consecutive_serials_differ_and_rise():
    first = new_serial_no(D(2021, 3, 12))
    second = new_serial_no(D(2021, 3, 12))
    assert first != second
    assert int(second[8:]) == int(first[8:]) + 1


def test_the_sequence_does_not_restart_on_a_new_day():
    # 202103120470819 ... 202106160583801 in the manual: one global counter
    day_one = new_serial_no(D(2021, 3, 12))
    day_two = new_serial_no(D(2021, 3, 13))
    assert day_two[:8] == "20210313"
    assert int(day_two[8:]) > int(day_one[8:])


@pytest.mark.django_db(transaction=True)
def test_serials_are_unique_under_concurrent_submissions():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers itself; the row lock is exercised on PostgreSQL")
    serials: list[str] = []
    errors: list[BaseException] = []

    def take() -> None:
        try:
            for _ in range(10):
                serials.append(new_serial_no(D(2026, 3, 12)))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(serials) == 40 and len(set(serials)) == 40


@pytest.mark.parametrize(
    ("received", "period"),
    [
        (D(2026, 3, 20), Period(2026, 3)),
        (D(2026, 3, 21), Period(2026, 4)),
        (D(2026, 3, 1), Period(2026, 3)),
        (D(2026, 3, 31), Period(2026, 4)),
        (D(2026, 12, 20), Period(2026, 12)),
        (D(2026, 12, 25), Period(2027, 1)),
        (D(2026, 1, 21), Period(2026, 2)),
    ],
)
def test_statistical_period_runs_from_the_21st_to_the_20th(received, period):
    assert statistical_period(received) == period


def test_due_date_is_two_working_days_on_the_holiday_calendar():
    assert REVIEW_WORKDAYS == 2
    assert due_date(D(2026, 9, 30)) == D(2026, 10, 9)  # across the National Day holiday
    assert due_date(D(2026, 3, 6)) == D(2026, 3, 10)  # Friday -> Tuesday
    assert due_date(D(2026, 3, 10)) == D(2026, 3, 12)


def test_due_date_follows_the_admin_calendar():
    CalendarDay.objects.create(date=D(2026, 3, 11), is_workday=False, name="测试")
    assert due_date(D(2026, 3, 10)) == D(2026, 3, 13)
