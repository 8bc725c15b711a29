"""Service specs whose effect changes the registry."""

from . import enrolment, suspension

__all__ = ["enrolment", "suspension"]
