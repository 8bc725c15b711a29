"""Service specs whose effect changes contributions."""

from . import annual_wage, monthly

__all__ = ["annual_wage", "monthly"]
