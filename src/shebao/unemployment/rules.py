"""R-TIME-10, Hubei's hall rule for unemployment registrations (seed 003 §3.3.67).

"失业时间早于2019年11月，且与当前时间间隔超过60天，请前往大厅办理!" The reading chosen
(DV-05 leaves the boundaries open):

* "早于2019年11月" is strictly before 2019-11-01: 2019-10-31 is early, 2019-11-01 is not;
* "间隔超过60天" is more than 60 days, counted as today minus the unemployment date in
  calendar days: 60 days is still online, 61 goes to the hall;
* the two conditions are joined by AND, as worded: a date from 2019-11 on is accepted
  online however old it is.

BAD-04: the manual's passed sample row (失业时间 2016-09, 登记 2021-03) contradicts the
rule; the rule wins (the sample was most likely taken from a test system), so that row is
refused online and registered at the hall.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_noop

HALL_CUTOFF = dt.date(2019, 11, 1)
HALL_DAYS = 60
HALL_MESSAGE = gettext_noop("失业时间早于2019年11月，且与当前时间间隔超过60天，请前往大厅办理!")


def today() -> dt.date:
    """The registration day; tests replace it to sit on DV-05's boundaries."""
    return timezone.localdate()


def hall_required(unemployed_on: dt.date, on: dt.date) -> bool:
    """True when R-TIME-10 sends the case to the hall on day ``on``."""
    return unemployed_on < HALL_CUTOFF and (on - unemployed_on).days > HALL_DAYS
