"""Working days on the Chinese holiday calendar, adjusted working days (调休) included.

Order of authority: the admin table (``CalendarDay``), then the chinese-calendar package,
then, for a year neither knows, Monday-Friday with a warning so the gap gets noticed.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging

import chinese_calendar

from .models import CalendarDay

logger = logging.getLogger(__name__)


def is_workday(day: dt.date, *, overrides: dict[dt.date, bool] | None = None) -> bool:
    if overrides is None:
        overrides = _overrides(day, day)
    if day in overrides:
        return overrides[day]
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        _warn_unknown_year(day.year)
        return day.weekday() < 5


@functools.cache
def _warn_unknown_year(year: int) -> None:
    logger.warning(
        "No holiday data for %s: add the year's holidays in 工作日日历; assuming Mon-Fri", year
    )


def add_workdays(start: dt.date, count: int) -> dt.date:
    """The date ``count`` working days after ``start`` (the day of receipt is not counted)."""
    overrides = _overrides(start, start + dt.timedelta(days=count * 3 + 30))
    day = start
    remaining = count
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_workday(day, overrides=overrides):
            remaining -= 1
    return day


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
    if end < start:
        return -workdays_between(end, start)
    overrides = _overrides(start, end)
    return sum(
        1
        for n in range(1, (end - start).days + 1)
        if is_workday(start + dt.timedelta(days=n), overrides=overrides)
    )


def _overrides(start: dt.date, end: dt.date) -> dict[dt.date, bool]:
    rows = CalendarDay.objects.filter(date__gte=start, date__lte=end).values_list(
        "date", "is_workday"
    )
    return dict(rows)
