"""Service specs whose effect changes contributions."""

from . import (
    annual_wage,
    arrears_deemed,
    arrears_person,
    arrears_unit,
    bills,
    certificate,
    monthly,
    monthly_revocation,
    project_premium_cancellation,
    project_premiums,
    refund,
    wage_change,
)

__all__ = [
    "annual_wage",
    "arrears_deemed",
    "arrears_person",
    "arrears_unit",
    "bills",
    "certificate",
    "monthly",
    "monthly_revocation",
    "project_premium_cancellation",
    "project_premiums",
    "refund",
    "wage_change",
]
