"""The pensions services; each module registers its spec on import."""

from . import calculation

__all__ = ["calculation"]
