"""Mainland mobile numbers (手机号码)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from .errors import InvalidValue

_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def parse_mobile(raw: object) -> str:
    text = str(raw or "").strip().replace(" ", "").replace("-", "")
    if text.endswith(".0"):
        text = text[:-2]
    if text.startswith("+86"):
        text = text[3:]
    if not text:
        raise InvalidValue(_("手机号码不能为空"))
    if not _MOBILE.match(text):
        raise InvalidValue(_("手机号码“%(v)s”格式不正确，应为 1 开头的 11 位数字") % {"v": text})
    return text
