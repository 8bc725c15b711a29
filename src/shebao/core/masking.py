"""The one masking rule set for personal numbers on pages, in files and in API responses.

A column declares what it holds (``column(..., sensitive=Sensitive.ID)`` on a row,
``QueryColumn(..., sensitive=Sensitive.ID)`` on a query) and every presenter calls
:func:`mask`; nothing guesses from labels or field names any more, so the portal, the API,
the PDF reports and the exports cannot disagree. A full number leaves the server only
through an explicit, audited action (a reviewer's reveal, a unit's full export).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any


class Sensitive(enum.StrEnum):
    """What kind of personal number a column holds (the value is stored in audit details)."""

    ID = "id"  # 身份证号码 / 证件号码
    MOBILE = "mobile"  # 手机号码 / 联系电话
    ACCOUNT = "account"  # 银行账号


def _id_number(value: str) -> str:
    """Every 证件类型: 510725199301018319 -> 510725********8319 (15 and 18 characters: resident
    IDs, residence permits, foreigner cards); shorter passports and permits keep two characters
    at each end, E12345678 -> E1*****78, so at most half of them shows."""
    if len(value) < 15:
        return value[:2] + "*" * max(len(value) - 4, 0) + value[-2:]
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def _mobile(value: str) -> str:
    """13812345678 -> 138****5678."""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def _account(value: str) -> str:
    """6222021234567890123 -> 6222***********0123."""
    if len(value) <= 8:
        return "*" * (len(value) - 2) + value[-2:]
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_name(value: str) -> str:
    """张三丰 -> 张**: a name on a public page (certificate verification) keeps its first
    character only."""
    return value[:1] + "*" * max(len(value) - 1, 1) if value else ""


_RULES: dict[Sensitive, Callable[[str], str]] = {
    Sensitive.ID: _id_number,
    Sensitive.MOBILE: _mobile,
    Sensitive.ACCOUNT: _account,
}


def mask(value: Any, kind: Sensitive | None) -> str:
    """``value`` as text with the digits its ``kind`` hides starred; ``None`` kind: as is."""
    if value is None or value == "":
        return ""
    text = str(value)
    if kind is None:
        return text
    return _RULES[Sensitive(kind)](text)
