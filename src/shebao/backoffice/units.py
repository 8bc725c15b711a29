"""网上业务经办资格 in the back office: the region's units, and revoking a unit's qualification
(CQ 第十五条: a unit that refuses to correct its declarations loses it)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_POST

from shebao.core.errors import InvalidValue
from shebao.identity import online
from shebao.policy.models import Region
from shebao.registry.models import Unit

from .views import _ip, reviewer_view

UNITS_PER_PAGE = 20
REVOKED = gettext_noop("已取消 %(u)s 的网上业务经办资格，单位登录后可见原因")


def _unit(region: Region, unit_no: str) -> Unit:
    unit = online.online_units(region=region).filter(unit_no=unit_no).first()
    if unit is None:
        raise Http404("unit")
    return unit


@reviewer_view
@require_GET
def unit_list(request: HttpRequest, region: Region) -> HttpResponse:
    query = request.GET.get("q", "")
    page = Paginator(online.online_units(region=region, query=query), UNITS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "backoffice/units.html",
        {"region": region, "page": page, "q": query, "nav": "units"},
    )


@reviewer_view
@require_GET
def unit_page(request: HttpRequest, region: Region, unit_no: str) -> HttpResponse:
    return _render_unit(request, region, _unit(region, unit_no))


def _render_unit(
    request: HttpRequest, region: Region, unit: Unit, error: str = "", status: int = 200
) -> HttpResponse:
    return render(
        request,
        "backoffice/unit.html",
        {
            "region": region,
            "unit": unit,
            "access": getattr(unit, "online_access", None),
            "refusal": online.online_refusal(unit),
            "history": online.access_history(unit=unit),
            "error": error,
            "nav": "units",
        },
        status=status,
    )


@reviewer_view
@require_POST
def unit_revoke(request: HttpRequest, region: Region, unit_no: str) -> HttpResponse:
    unit = _unit(region, unit_no)
    try:
        online.online_access_revoke(
            unit=unit,
            actor=request.user,  # type: ignore[arg-type]
            reason=request.POST.get("reason", ""),
            ip=_ip(request),
        )
    except InvalidValue as exc:
        return _render_unit(request, region, unit, error=str(exc), status=400)
    messages.success(request, _(REVOKED) % {"u": unit.name})
    return redirect("backoffice:unit", unit_no=unit.unit_no)
