"""The retirement services; importing this package registers them."""

from . import kinds

__all__ = ["kinds"]
