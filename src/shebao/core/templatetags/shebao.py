from typing import Any

from django import template

from shebao.core.masking import Sensitive, mask
from shebao.core.money import format_money

register = template.Library()


@register.filter("mask")
def mask_filter(value: Any, kind: str) -> str:
    """``{{ value|mask:"id" }}`` / ``"mobile"`` / ``"account"``: the one masking rule."""
    return mask(value, Sensitive(kind))


@register.filter("money")
def money_filter(value: Any) -> str:
    """``{{ amount|money }}``: ``1,391,675.60``, the one money format (``format_money``)."""
    return format_money(value)
