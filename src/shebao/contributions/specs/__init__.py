"""Service specs whose effect changes contributions."""

from . import annual_wage, monthly, wage_change

__all__ = ["annual_wage", "monthly", "wage_change"]
