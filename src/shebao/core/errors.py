"""The one exception type for bad input: its message is shown to the user as is."""

from __future__ import annotations


class InvalidValue(ValueError):
    """A value that breaks a rule; ``str(exc)`` is a precise Chinese message."""
