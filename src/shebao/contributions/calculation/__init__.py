"""The monthly calculation (R-BASE-09): amounts due from enrolments and bases, in SQL.

One ``INSERT ... SELECT`` writes every person-month-type line of a declaration, so a unit
of 100,000 staff costs one statement, not 100,000 Python objects. The arithmetic runs on
integer cents so SQLite (floating point) and PostgreSQL (numeric) give the same cents:

- base, the first of: the audit department's ``AuditedBase`` for the person-month
  (R-BASE-06); an approved §3.3.21 ``WageChange`` covering the month, its wage through the
  year's base rule (R-BASE-05: a change reaching past the last declared month sets the
  base of the months declared later); the person's ``ContributionBase`` for the
  contribution year holding the period (a per-type base before the all-types one of
  §3.3.20); the enrolment's ``monthly_wage`` through the year's base rule (rounding and
  floor/cap, as ``BaseRule.base`` does it in Python);
- amount: ``(base_cents × rate_micros + 500000) / 1000000`` in integer division, i.e.
  base × rate half-up to the cent (``shebao.core.money.amount_due``); rates have at most
  six decimals (the policy field), so ``rate × 10⁶`` is exact.

A person is enrolled in period P if the enrolment started in or before P and has not
stopped, or stopped after P: the stop month (停保年月) itself is not due.

``unit`` declares one unit's period; ``region`` every unit of a region at once.
"""

from .region import RegionRun, declare_region
from .unit import (
    DETAIL_COLUMNS,
    MICROS,
    Due,
    Plan,
    aggregate,
    amounts_due,
    declare,
    line_counts,
    lines_due,
    plan_for,
)

__all__ = [
    "DETAIL_COLUMNS",
    "MICROS",
    "Due",
    "Plan",
    "RegionRun",
    "aggregate",
    "amounts_due",
    "declare",
    "declare_region",
    "line_counts",
    "lines_due",
    "plan_for",
]
