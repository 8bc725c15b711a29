"""Money is ``Decimal`` yuan; every rounding used by the rules has a name here."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .errors import InvalidValue

CENT = Decimal("0.01")
TEN = Decimal("10")


def parse_yuan(raw: object) -> Decimal:
    """Parse an amount; floats from spreadsheets go through ``repr`` so 0.1 stays 0.1."""
    if isinstance(raw, float):
        raw = repr(raw)
    text = str(raw if raw is not None else "").strip().replace(",", "").replace("，", "")
    if text.endswith("元"):
        text = text[:-1]
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InvalidValue(_("金额“%(v)s”不是有效数字") % {"v": raw})
    if not value.is_finite():
        raise InvalidValue(_("金额“%(v)s”不是有效数字") % {"v": raw})
    if value < 0:
        raise InvalidValue(_("金额不能为负数"))
    # "1.500" has two decimals that matter: only significant digits past the cent are refused.
    exponent = value.normalize().as_tuple().exponent  # an int: the value is finite
    if isinstance(exponent, int) and exponent < -2:
        raise InvalidValue(_("金额最多保留两位小数"))
    return value


def round_half_up_to_cent(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(amount: object) -> str:
    """Money as every page, PDF and message shows it: ``1,391,675.60``.

    Two decimals (half-up to the cent), thousands commas, computed on ``Decimal`` so no
    cent is lost to binary floating point (a float goes through ``repr``: 0.1 stays 0.1).
    None and "" print as "" (an empty cell); a value that is not a number prints as given.
    """
    if amount is None or amount == "":
        return ""
    if isinstance(amount, float):
        amount = repr(amount)
    try:
        value = amount if isinstance(amount, Decimal) else Decimal(str(amount).replace(",", ""))
    except InvalidOperation:
        return str(amount)
    if not value.is_finite():
        return str(amount)
    return f"{round_half_up_to_cent(value):,.2f}"


def round_half_up_to_10_yuan(amount: Decimal) -> Decimal:
    """四舍五入到十元 (R-BASE-01): 17776 -> 17780, 1005 -> 1010."""
    return (amount / TEN).quantize(Decimal(1), rounding=ROUND_HALF_UP) * TEN


def amount_due(base: Decimal, rate: Decimal) -> Decimal:
    """应缴金额 = base × rate to the cent, half-up.

    DV-01 leaves rounding past two decimals unspecified (3333 × 0.7% = 23.331); half-up is
    what 四舍五入 means everywhere else in the rules (R-BASE-01). The monthly calculation
    does the same in SQL on integer cents (``shebao.contributions.calculation``).
    """
    return round_half_up_to_cent(base * rate)


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ((3, "仟"), (2, "佰"), (1, "拾"), (0, ""))
_GROUPS = ("", "万", "亿", "万亿")


def _capital_group(value: int) -> str:
    """0 < value < 10000 in capitals, a zero run inside as one 零 (1005 -> 壹仟零伍)."""
    text, zero = "", False
    for power, place in _PLACES:
        digit = value // 10**power % 10
        if digit == 0:
            zero = zero or bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        text += _DIGITS[digit] + place
    return text


def yuan_in_capitals(amount: Decimal) -> str:
    """大写金额 as printed on bills and receipts: 4445.00 -> 肆仟肆佰肆拾伍元整,
    2844.80 -> 贰仟捌佰肆拾肆元捌角, 10.05 -> 壹拾元零伍分, 100000 -> 壹拾万元整.

    The amount is first rounded half-up to the cent. 整 closes an amount without 角 and 分;
    a zero between 元 and 分 is written 零; 壹拾 keeps its 壹 (financial usage).
    """
    cents = int(round_half_up_to_cent(amount) * 100)
    sign = "负" if cents < 0 else ""
    cents = abs(cents)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    if yuan >= 10**16:
        raise InvalidValue(_("金额过大"))
    groups: list[int] = []
    rest = yuan
    while rest:
        groups.append(rest % 10000)
        rest //= 10000
    text, pending_zero = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            pending_zero = pending_zero or bool(text)
            continue
        if text and (pending_zero or group < 1000):
            text += "零"
        text += _capital_group(group) + _GROUPS[index]
        pending_zero = False
    if text:
        text += "元"
    if not jiao and not fen:
        return sign + (text or "零元") + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif text:
        text += "零"
    if fen:
        text += _DIGITS[fen] + "分"
    return sign + text
