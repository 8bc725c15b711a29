from typing import Any

from django import template

from shebao.core.forms import SummaryItem, error_summary
from shebao.core.masking import Sensitive, mask

register = template.Library()


@register.filter("mask")
def mask_filter(value: Any, kind: str) -> str:
    """``{{ value|mask:"id" }}`` / ``"mobile"`` / ``"account"``: the one masking rule."""
    return mask(value, Sensitive(kind))


@register.simple_tag
def summary_items(*forms: Any, messages: Any = None) -> list[SummaryItem]:
    """``{% summary_items form other_form messages=error as items %}`` for ``_error_summary.html``:
    the forms' errors linked to their fields, then ``messages`` (a text or a list of texts that
    belong to no field, e.g. a view's own error)."""
    items = error_summary(*forms)
    if messages:
        texts = [messages] if isinstance(messages, str) else list(messages)
        items += [SummaryItem(str(t)) for t in texts if t]
    return items
