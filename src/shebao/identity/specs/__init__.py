"""Service specs whose effect changes who may do business online."""

from . import online_business

__all__ = ["online_business"]
