"""The retirement services; importing this package registers them."""

from . import kinds, qualification

__all__ = ["kinds", "qualification"]
