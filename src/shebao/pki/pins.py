"""PIN rules for a PKCS#12 the platform hands over (the U-key PIN of the manuals, §3 R-CERT-01/04).

The manuals' initial PINs, 111111 (Chongqing) and 123456 (Nanjing), are exactly what we refuse:
a file copied off a desk must not open with a guess.
"""

from __future__ import annotations

import string

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.errors import InvalidValue

PIN_MIN = 6
PIN_MAX = 32
PIN_CHARS = set(string.ascii_letters + string.digits + string.punctuation)

PIN_TOO_SHORT = gettext_noop("PIN码至少需要 %(n)d 位")
PIN_TOO_LONG = gettext_noop("PIN码最多 %(n)d 位")
PIN_BAD_CHARS = gettext_noop("PIN码只能由英文字母、数字和英文标点组成，不能有空格或汉字")
PIN_ALL_SAME = gettext_noop("PIN码不能由同一个字符重复组成（如 111111、000000）")
PIN_SEQUENCE = gettext_noop("PIN码不能是连续递增或递减的字符（如 123456、654321、abcdef）")


def pin_check(pin: str) -> str:
    """The PIN if it is strong enough, else :class:`InvalidValue` saying why."""
    if len(pin) < PIN_MIN:
        raise InvalidValue(_(PIN_TOO_SHORT) % {"n": PIN_MIN})
    if len(pin) > PIN_MAX:
        raise InvalidValue(_(PIN_TOO_LONG) % {"n": PIN_MAX})
    if not set(pin) <= PIN_CHARS:
        raise InvalidValue(_(PIN_BAD_CHARS))
    if len(set(pin)) == 1:
        raise InvalidValue(_(PIN_ALL_SAME))
    steps = {ord(b) - ord(a) for a, b in zip(pin.lower(), pin.lower()[1:], strict=False)}
    if steps in ({1}, {-1}):
        raise InvalidValue(_(PIN_SEQUENCE))
    return pin
