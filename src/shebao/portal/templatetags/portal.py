"""Template helpers of the portal and back office: ``{% load portal %}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict

from shebao.services.registry import registry

register = template.Library()


@register.filter
def service_title(code: str) -> str:
    """``hb_employee_enrolment`` -> ``单位职工参保登记/续保`` (the code itself if unknown)."""
    return registry[code].title if code in registry else code


@register.simple_tag(takes_context=True)
def page_url(context: dict[str, Any], param: str, number: int) -> str:
    """This page's query string with ``param`` set to ``number`` (other filters kept)."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    query[param] = str(number)
    return "?" + query.urlencode()
