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
    if value.normalize().as_tuple().exponent < -2:  # type: ignore[operator]
        raise InvalidValue(_("金额最多保留两位小数"))
    return value


def round_half_up_to_cent(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


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
