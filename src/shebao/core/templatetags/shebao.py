from typing import Any

from django import template
from django.utils.translation import gettext

from shebao.core.forms import SummaryItem, error_summary
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


@register.filter
def ui(value: Any) -> str:
    """``{{ spec.title|ui }}``: a text a spec declares in Chinese (service title, description,
    column label, material name), in the page's language. The specs keep the Chinese for the
    roster reader, the forms and the audit trail; the catalogue has the English
    (``shebao/services/texts.py``). Empty and unknown texts come back as they are."""
    text = "" if value is None else str(value)
    return gettext(text) if text else text


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
