from typing import Any

from django import template

from shebao.core.masking import Sensitive, mask

register = template.Library()


@register.filter("mask")
def mask_filter(value: Any, kind: str) -> str:
    """``{{ value|mask:"id" }}`` / ``"mobile"`` / ``"account"``: the one masking rule."""
    return mask(value, Sensitive(kind))
