"""Serial numbers, due dates and statistical periods of cases (ARCHITECTURE.md, R-TIME-02/04)."""

from __future__ import annotations

import datetime as dt

from shebao.core.models import next_values
from shebao.core.period import Period
from shebao.policy.calendar import add_workdays

REVIEW_WORKDAYS = 2
SERIAL_COUNTER = "case_serial"


def new_serial_no(day: dt.date) -> str:
    """业务流水号: YYYYMMDD + a 7-digit global sequence (it does not restart each day)."""
    (value,) = next_values(SERIAL_COUNTER)
    return f"{day:%Y%m%d}{value % 10_000_000:07d}"


def due_date(received: dt.date, workdays: int = REVIEW_WORKDAYS) -> dt.date:
    return add_workdays(received, workdays)


def statistical_period(received: dt.date) -> Period:
    """21st of the previous month to the 20th of this one; from the 21st it is next month's."""
    period = Period.of(received)
    return period + 1 if received.day >= 21 else period
