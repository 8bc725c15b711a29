"""What every form of the platform shares: one wording for a missing value and the error summary.

Django's own "该字段是必填项" / "This field is required." names no field, so a clerk looking at
a summary of problems cannot tell which one is meant. :class:`ClearForm` words it after the
field ("请填写申报人", "请选择民族", "请上传证书文件") for every field whose message was left at
Django's default; a field that declares its own message keeps it. ``error_summary`` lists a
bound form's errors for the shared ``_error_summary.html`` (GOV.UK "There is a problem"), each
linked to its field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

REQUIRED_TEXT = gettext_noop("请填写%(label)s")
REQUIRED_CHOICE = gettext_noop("请选择%(label)s")
REQUIRED_FILE = gettext_noop("请上传%(label)s")
REQUIRED_TICK = gettext_noop("请勾选%(label)s")

#: Django's message object (lazy): a field still carrying it has not chosen its own.
_DJANGO_REQUIRED = forms.Field.default_error_messages["required"]


def required_message(field: forms.Field, label: object = None) -> str:
    """The message for ``field`` left empty: the verb follows the widget."""
    text = str(label if label is not None else field.label or "").rstrip("：:*")
    widget = field.widget
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        template = REQUIRED_FILE
    elif isinstance(widget, forms.CheckboxInput):
        template = REQUIRED_TICK
    elif isinstance(widget, forms.Select | forms.RadioSelect | forms.CheckboxSelectMultiple):
        template = REQUIRED_CHOICE
    else:
        template = REQUIRED_TEXT
    return _(template) % {"label": text}


def word_required(fields: Iterable[forms.Field]) -> None:
    """Replace Django's default "required" message of each field by :func:`required_message`."""
    for field in fields:
        if field.error_messages.get("required") is _DJANGO_REQUIRED:
            field.error_messages["required"] = required_message(field)


class ClearFormMixin:
    """Put first in the bases (``class F(ClearFormMixin, SomeForm)``). Every default "required"
    message is reworded when the form is validated, so fields a form adds or relabels in its
    own ``__init__`` (the single-row form builds all of its fields there) are covered too."""

    fields: dict[str, forms.Field]

    def full_clean(self) -> None:
        word_required(self.fields.values())
        super().full_clean()  # type: ignore[misc]


class ClearForm(ClearFormMixin, forms.Form):
    """The base of the platform's forms."""


@dataclass(frozen=True)
class SummaryItem:
    message: str
    href: str = ""  # "#id_field"; empty for an error of the whole form


def error_summary(*bound_forms: Any) -> list[SummaryItem]:
    """Every error of the bound ``forms``, the form's own first, then field by field in the
    order the page shows them, each linked to the input it is about."""
    items: list[SummaryItem] = []
    for form in bound_forms:
        if form is None or not getattr(form, "is_bound", False) or not form.errors:
            continue
        items += [SummaryItem(str(e)) for e in form.non_field_errors()]
        for bound in form:
            if not bound.errors:
                continue
            href = f"#{bound.id_for_label}" if bound.id_for_label and not bound.is_hidden else ""
            items += [SummaryItem(str(e), href) for e in bound.errors]
    return items
