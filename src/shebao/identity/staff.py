"""Second factor for agency and CA staff: a TOTP device (django-otp) on top of the password.

Unit operators prove who they are with the unit certificate; staff, who decide cases for a
whole district, need a second factor of their own. A staff session counts as verified only
after a code from their confirmed device (``request.user.is_verified()``).
"""

from __future__ import annotations

import math
from typing import Any

import segno
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .acting import is_reviewer
from .roles import is_ca_staff

DEVICE_NAME = "动态口令"
TOKEN_REQUIRED = gettext_noop("机构工作人员登录须填写动态口令（身份验证器上的 6 位数字）")
TOKEN_WRONG = gettext_noop("动态口令不正确或已过期，请输入身份验证器上当前显示的 6 位数字")
THROTTLED = gettext_noop("动态口令连续输入错误，请 %(s)d 秒后再试")
SETUP_REQUIRED = gettext_noop("请先绑定动态口令（身份验证器）后再办理业务")


def is_staff_member(user: Any) -> bool:
    """Agency reviewers, the certificate authority's staff and admin-site users."""
    return bool(getattr(user, "is_staff", False)) or is_reviewer(user) or is_ca_staff(user)


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def setup_device(user: Any) -> TOTPDevice:
    """The device being bound: unconfirmed until the user proves it with one code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def token_error(device: TOTPDevice, token: str) -> str | None:
    """Why the code is refused, or None when it is right (a used code is never right again).

    django-otp doubles a wait after each wrong code; the message says how long is left.
    """
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        return _(THROTTLED) % {"s": _throttle_seconds_left(device)}
    token = (token or "").strip()
    if token.isdigit() and device.verify_token(token):
        return None
    return _(TOKEN_WRONG)


def _throttle_seconds_left(device: TOTPDevice) -> int:
    failed_at = device.throttling_failure_timestamp
    if failed_at is None:
        return 1
    delay = device.get_throttle_factor() * 2 ** (device.throttling_failure_count - 1)
    left = (failed_at - timezone.now()).total_seconds() + delay
    return max(1, math.ceil(left))


def mark_verified(request: HttpRequest, device: TOTPDevice) -> None:
    otp_login(request, device)


def qr_svg(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_inline(scale=4)
