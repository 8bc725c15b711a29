"""The unit an operator acts for and the region a reviewer serves, resolved per request."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.policy.models import Region
from shebao.registry.models import Unit

from .models import OperatorProfile, OperatorUnit, Reviewer

SESSION_KEY = "acting_unit_id"
log = logging.getLogger(__name__)

View = Callable[..., HttpResponse]


def operator_units(user: Any) -> list[Unit]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        link.unit for link in OperatorUnit.objects.filter(user=user).select_related("unit__region")
    ]


def acting_unit(request: HttpRequest) -> Unit:
    """The unit the operator acts for; raises PermissionDenied for non-operators."""
    cached = getattr(request, "_acting_unit", None)
    if cached is not None:
        return cached
    units = operator_units(request.user)
    if not units:
        raise PermissionDenied(_("当前用户不是任何单位的经办人"))
    chosen = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    unit = next((u for u in units if u.pk == chosen), units[0])
    request._acting_unit = unit  # type: ignore[attr-defined]
    return unit


def operator_view(view: View) -> View:
    """Login required; a logged-in user who acts for no unit gets 403 from ``acting_unit``.

    Lives here, not in the portal, so that pki's operator pages need not import the portal.
    """

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        acting_unit(request)
        return view(request, *args, **kwargs)

    return wrapper


NOT_YOUR_UNIT = gettext_noop("您不是该单位的经办人，不能为其办理业务")


def acting_unit_choose(*, request: HttpRequest, unit_id: int) -> Unit:
    """切换单位: act for another of the operator's units from the next request on."""
    unit = next((u for u in operator_units(request.user) if u.pk == unit_id), None)
    if unit is None:
        raise PermissionDenied(_(NOT_YOUR_UNIT))
    request.session[SESSION_KEY] = unit.pk
    request._acting_unit = unit  # type: ignore[attr-defined]
    log.info("acting unit chosen", extra={"user": request.user.pk, "unit": unit.pk})
    return unit


def has_chosen_unit(request: HttpRequest) -> bool:
    return SESSION_KEY in request.session


def reviewer_region(user: Any) -> Region:
    try:
        return Reviewer.objects.select_related("region").get(user=user).region
    except Reviewer.DoesNotExist:
        raise PermissionDenied(_("当前用户不是经办机构审核人员"))


def is_reviewer(user: Any) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and Reviewer.objects.filter(user=user).exists()
    )


def is_operator(user: Any) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and OperatorUnit.objects.filter(user=user).exists()
    )


def operator_contact(user: Any) -> tuple[str, str]:
    """(姓名, 手机号码) of an operator as the platform knows them, to prefill what a form asks
    again (申报人, 经办人): the operator's profile, else the account's name and no number."""
    profile = OperatorProfile.objects.filter(user=user).only("name", "mobile").first()
    name = (profile.name if profile else "") or user.get_full_name() or ""
    return name, (profile.mobile if profile else "") or ""
