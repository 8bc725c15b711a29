"""Who the caller acts for: an operator's unit (``X-Shebao-Unit`` picks one of theirs), a
reviewer's region. Every case the API reads comes through here, so another unit's or
another region's serial number is a 404, exactly as on the web.

A token from certificate login acts for the certificate's unit only, whatever other units
its operator serves. A reviewer acts only with the second factor verified: a session after
password + TOTP, or a token obtained with the TOTP code; as in the back office."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rest_framework.exceptions import NotFound
from rest_framework.request import Request

from shebao.cases import selectors
from shebao.cases.models import Case
from shebao.identity.acting import (
    acting_unit,
    is_operator,
    is_reviewer,
    operator_units,
    reviewer_region,
)
from shebao.policy.models import Region
from shebao.registry.models import Unit

from .models import TokenOrigin
from .tokens import token_origin

UNIT_HEADER = "X-Shebao-Unit"
CASE_NOT_FOUND = gettext_noop("办件不存在：%(s)s")
NOT_YOUR_UNIT = gettext_noop("当前用户不是单位 %(u)s 的经办人")
NO_ROLE = gettext_noop("当前用户既不是单位经办人，也不是经办机构审核人员")
CERTIFICATE_UNIT_ONLY = gettext_noop(
    "证书登录的令牌只能代表证书所属单位 %(c)s 办理业务，不能代表单位 %(u)s"
)
SECOND_FACTOR_REQUIRED = gettext_noop(
    "经办机构审核人员须通过动态口令验证后才能办理：请用用户名、密码和动态口令重新登录"
)


def api_unit(request: Request) -> Unit:
    """The acting unit: the header's unit if the user acts for it, else the web's choice;
    for a certificate token always the certificate's unit."""
    origin = token_origin(request.auth)
    if origin is not None and origin.unit_id is not None:
        return _certificate_unit(request, origin)
    unit = acting_unit(request._request)  # 403 for a user who acts for no unit
    wanted = (request.headers.get(UNIT_HEADER) or "").strip()
    if not wanted or wanted == unit.unit_no:
        return unit
    for candidate in operator_units(request.user):
        if candidate.unit_no == wanted:
            return candidate
    raise PermissionDenied(_(NOT_YOUR_UNIT) % {"u": wanted})


def _certificate_unit(request: Request, origin: TokenOrigin) -> Unit:
    unit = origin.unit
    assert unit is not None
    wanted = (request.headers.get(UNIT_HEADER) or "").strip()
    if wanted and wanted != unit.unit_no:
        raise PermissionDenied(_(CERTIFICATE_UNIT_ONLY) % {"c": unit.unit_no, "u": wanted})
    if not any(u.pk == unit.pk for u in operator_units(request.user)):
        raise PermissionDenied(_(NOT_YOUR_UNIT) % {"u": unit.unit_no})
    return unit


def second_factor_verified(request: Request) -> bool:
    """Password + TOTP behind this request: the token says so, or django-otp's session does."""
    if request.auth is not None:
        origin = token_origin(request.auth)
        return origin is not None and origin.second_factor
    is_verified = getattr(request.user, "is_verified", None)  # set by OTPMiddleware
    return bool(is_verified is not None and is_verified())


def api_region(request: Request) -> Region:
    """The reviewer's region; 403 for anyone who is not a reviewer or has no second factor."""
    region = reviewer_region(request.user)
    if not second_factor_verified(request):
        raise PermissionDenied(_(SECOND_FACTOR_REQUIRED))
    return region


def unit_case(request: Request, serial_no: str) -> Case:
    try:
        return selectors.case_get(unit=api_unit(request), serial_no=serial_no)
    except Case.DoesNotExist:
        raise NotFound(_(CASE_NOT_FOUND) % {"s": serial_no})


def region_case(request: Request, serial_no: str) -> Case:
    try:
        return selectors.review_case_get(region=api_region(request), serial_no=serial_no)
    except Case.DoesNotExist:
        raise NotFound(_(CASE_NOT_FOUND) % {"s": serial_no})


def readable_case(request: Request, serial_no: str) -> Case:
    """A case the caller may read: their unit's, or (for a reviewer) their region's."""
    user = request.user
    operator, reviewer = is_operator(user), is_reviewer(user)
    if not (operator or reviewer):
        raise PermissionDenied(_(NO_ROLE))
    if operator:
        try:
            return unit_case(request, serial_no)
        except NotFound:
            if not reviewer:
                raise
    return region_case(request, serial_no)


def client_ip(request: Request) -> Any:
    return request.META.get("REMOTE_ADDR") or None


def offer_region(request: Request) -> Region:
    """The region whose services the caller is offered: the acting unit's, or a reviewer's."""
    if not is_operator(request.user) and is_reviewer(request.user):
        return reviewer_region(request.user)
    return api_unit(request).region  # 403 for a user of neither role
