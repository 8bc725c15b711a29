"""Service specs whose effect changes contributions."""

from . import annual_wage, bills, monthly, project_premiums

__all__ = ["annual_wage", "bills", "monthly", "project_premiums"]
