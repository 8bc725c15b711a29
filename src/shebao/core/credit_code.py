"""Unified social credit codes (统一社会信用代码, GB 32100-2015)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .errors import InvalidValue

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_INDEX = {c: i for i, c in enumerate(ALPHABET)}


def check_char(first17: str) -> str:
    total = sum(_INDEX[c] * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


@dataclass(frozen=True, slots=True)
class CreditCode:
    value: str

    @classmethod
    def parse(cls, raw: object) -> CreditCode:
        text = str(raw or "").strip().upper()
        if len(text) != 18:
            raise InvalidValue(_("统一社会信用代码应为 18 位，实际为 %(n)d 位") % {"n": len(text)})
        bad = sorted({c for c in text if c not in _INDEX})
        if bad:
            raise InvalidValue(
                _("统一社会信用代码含有不允许的字符：%(c)s（不使用 I、O、Z、S、V）")
                % {"c": "、".join(bad)}
            )
        expected = check_char(text[:17])
        if text[17] != expected:
            raise InvalidValue(
                _("统一社会信用代码校验位错误：第 18 位应为 %(e)s，实际为 %(a)s")
                % {"e": expected, "a": text[17]}
            )
        return cls(text)

    def __str__(self) -> str:
        return self.value
