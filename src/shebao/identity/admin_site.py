"""The admin site on django-otp's OTPAdminSite: a password alone opens nothing.

Admin users log in with the same 动态口令 as the back office (their one confirmed TOTP device, so
there is no device to pick), and a wrong code counts towards the django-axes lockout like a wrong
password. A session verified by the staff login at /login/ is let in as well.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy, gettext_noop
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import staff

NO_DEVICE = gettext_noop("尚未绑定动态口令：请先在 /login/ 登录并绑定身份验证器，再进入管理后台")


class AdminLoginForm(OTPAdminAuthenticationForm):
    otp_token = forms.CharField(
        label=gettext_lazy("动态口令"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": gettext_lazy(staff.TOKEN_REQUIRED),
        "invalid_token": gettext_lazy(staff.TOKEN_WRONG),
        "n_failed_attempts": gettext_lazy("动态口令连续输入错误 %(failure_count)d 次，请稍后再试"),
        "verification_not_allowed": gettext_lazy("动态口令暂不能验证，请稍后再试"),
        "device_required": gettext_lazy(NO_DEVICE),
    }

    def _chosen_device(self, user: Any) -> TOTPDevice | None:
        """Staff hold one confirmed device; the posted ``otp_device`` is ignored."""
        return staff.confirmed_device(user)

    def _verify_token(self, user: Any, token: str, device: Any = None) -> Any:
        try:
            return super()._verify_token(user, token, device)
        except forms.ValidationError:
            if device is not None:  # a wrong code counts like a wrong password
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": user.get_username()},
                    request=self.request,
                )
            raise


class ShebaoAdminSite(OTPAdminSite):
    login_form = AdminLoginForm
    login_template = "admin/otp_login.html"
    site_header = gettext_lazy("社保经办平台管理后台")
    site_title = gettext_lazy("社保经办平台管理后台")

    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)
