"""Masks for personal numbers shown in lists and exports."""

from __future__ import annotations


def mask_id_number(value: str | None) -> str:
    """510725199301018319 -> 510725********8319."""
    if not value:
        return ""
    if len(value) <= 10:
        return value[:2] + "*" * max(len(value) - 4, 0) + value[-2:]
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_mobile(value: str | None) -> str:
    """13812345678 -> 138****5678."""
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_account_no(value: str | None) -> str:
    """6222021234567890123 -> 6222***********0123 (bank account numbers in lists)."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * (len(value) - 2) + value[-2:]
    return value[:4] + "*" * (len(value) - 8) + value[-4:]
