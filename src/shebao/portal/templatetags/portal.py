"""Template helpers of the portal and back office: ``{% load portal %}``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from shebao.services.registry import registry

register = template.Library()


@register.filter
def service_title(code: str) -> str:
    """``hb_employee_enrolment`` -> ``单位职工参保登记/续保`` in the page's language (the
    code itself if unknown)."""
    return _(registry[code].title) if code in registry else code


@register.simple_tag(takes_context=True)
def page_url(context: dict[str, Any], param: str, number: int) -> str:
    """This page's query string with ``param`` set to ``number`` (other filters kept)."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    query[param] = str(number)
    return "?" + query.urlencode()


@register.filter
def age(moment: dt.datetime | None) -> str:
    """How long ago, as a clerk says it: ``3 天前``, ``5 小时前``, ``刚刚`` (a draft's age)."""
    if moment is None:
        return ""
    seconds = max(0, int((timezone.now() - moment).total_seconds()))
    if seconds >= 86400:
        n = seconds // 86400
        return ngettext("%(n)d 天前", "%(n)d 天前", n) % {"n": n}
    if seconds >= 3600:
        n = seconds // 3600
        return ngettext("%(n)d 小时前", "%(n)d 小时前", n) % {"n": n}
    if seconds >= 60:
        n = seconds // 60
        return ngettext("%(n)d 分钟前", "%(n)d 分钟前", n) % {"n": n}
    return _("刚刚")
