"""Contribution periods (期号, YYYYMM) and their arithmetic."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .errors import InvalidValue

_YYYYMM = re.compile(r"^(\d{4})(\d{2})$")


@dataclass(frozen=True, order=True, slots=True)
class Period:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise InvalidValue(_("期号月份应为 01-12，实际为 %(m)02d") % {"m": self.month})

    @classmethod
    def parse(cls, raw: object) -> Period:
        text = str(raw or "").strip().replace("-", "")
        if text.endswith(".0"):
            text = text[:-2]
        match = _YYYYMM.match(text)
        if not match:
            raise InvalidValue(_("期号“%(v)s”格式不正确，应为 YYYYMM，例如 202103") % {"v": raw})
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> Period:
        return cls(day.year, day.month)

    def __add__(self, months: int) -> Period:
        index = self.year * 12 + self.month - 1 + months
        return Period(index // 12, index % 12 + 1)

    def __sub__(self, other: Period | int) -> Period | int:
        if isinstance(other, int):
            return self + (-other)
        return (self.year * 12 + self.month) - (other.year * 12 + other.month)

    def months_until(self, other: Period) -> int:
        """Inclusive count of months from self to other (202101..202103 -> 3)."""
        return (other.year * 12 + other.month) - (self.year * 12 + self.month) + 1

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    def __str__(self) -> str:
        return f"{self.year:04d}{self.month:02d}"


def contribution_year_of(period: Period, *, start_month: int) -> int:
    """The 申报年度 holding ``period`` when years start in ``start_month`` (a policy parameter:
    Hubei's 7 makes 申报年度 2020 run 202007-202106, R-TIME-11)."""
    return period.year if period.month >= start_month else period.year - 1


def contribution_year_range(year: int, *, start_month: int) -> tuple[Period, Period]:
    start = Period(year, start_month)
    return start, start + 11
