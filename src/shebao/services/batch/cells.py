"""Cells as the text a person sees in Excel, so a stored row re-validates the same way later
(an 18-digit ID that Excel turned into a number arrives as ``5.10725E+17`` for
:mod:`shebao.core.ids` to explain)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

#: Characters that make a spreadsheet treat a cell as a formula; exports prefix them with '.
FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: Any) -> str:
    """The text Excel shows for a cell: 100000.0 -> "100000", 5.10725199301018e+17 -> "5.10725E+17"."""
    kind = type(value)
    if kind is str:
        text: str = value.strip()
        if text[:1] == "'" and text[1:2] in FORMULA_CHARS:  # undo our own formula guard
            text = text[1:]
        return text
    if kind is float:
        if value.is_integer():
            # An 18-digit number has lost its last digits: show it the way Excel does.
            return f"{value:.5E}" if abs(value) >= 1e15 else str(int(value))
        return repr(value)
    if kind is int:
        return str(value)
    if kind is bool:
        return "TRUE" if value else "FALSE"
    if kind is dt.datetime:
        if value.time() == dt.time():
            return str(value.date().isoformat())
        return str(value.replace(microsecond=0))
    if kind is dt.date:
        return str(value.isoformat())
    if value is None:
        return ""
    return str(value).strip()


def tick_text(value: Any) -> str:
    if value is True:
        return "√"
    if value is False:
        return ""
    return cell_text(value)


CONVERTERS: dict[str, Callable[[Any], str]] = {"tick": tick_text}


__all__ = ["CONVERTERS", "FORMULA_CHARS", "cell_text", "tick_text"]
