"""Every portal view reads through here: the acting unit, and cases of that unit only (404 otherwise)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from shebao.cases import selectors
from shebao.cases.models import Case, CaseMaterial
from shebao.identity.acting import View, acting_unit
from shebao.identity.acting import operator_view as operator_view  # the portal views' import
from shebao.identity.ratelimit import TOO_FREQUENT, rate_limit_hit
from shebao.registry.models import Unit


def rate_limited(scope: str, *, methods: tuple[str, ...] = ("POST",)) -> Callable[[View], View]:
    """429 when the operator or the acting unit is over its ``scope`` rate (issue #10 §2).

    Put under ``operator_view``. Only ``methods`` count (a form shown by GET validates nothing).
    JSON callers (the look-up dialog) get ``{"detail": ...}``, pages a short page.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in methods:
                wait = rate_limit_hit(
                    scope=scope, operator_id=request.user.pk, unit_id=acting_unit(request).pk
                )
                if wait is not None:
                    return too_frequent(request, wait)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def too_frequent(request: HttpRequest, wait: int) -> HttpResponse:
    message = _(TOO_FREQUENT)
    response: HttpResponse
    if "json" in request.headers.get("Accept", ""):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(wait)
    return response


def unit_of(request: HttpRequest) -> Unit:
    return acting_unit(request)


def case_of(request: HttpRequest, pk: int) -> Case:
    try:
        return selectors.case_get(unit=acting_unit(request), pk=pk)
    except Case.DoesNotExist:
        raise Http404("case")


def case_by_serial(request: HttpRequest, serial_no: str) -> Case:
    try:
        return selectors.case_get(unit=acting_unit(request), serial_no=serial_no)
    except Case.DoesNotExist:
        raise Http404("case")


def material_of(case: Case, pk: int) -> CaseMaterial:
    try:
        return selectors.material_get(case=case, pk=pk)
    except CaseMaterial.DoesNotExist:
        raise Http404("material")


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def paginate(request: HttpRequest, items: Any, per_page: int, param: str = "page") -> Page:
    return Paginator(items, per_page).get_page(request.GET.get(param))


def actor(request: HttpRequest) -> Any:
    """The logged-in user, for service functions' ``actor`` / ``operator`` arguments."""
    return request.user
