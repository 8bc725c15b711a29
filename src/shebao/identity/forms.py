"""The login form: password for everyone, plus the TOTP code for staff with a bound device."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import user_login_failed
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shebao.core.forms import ClearFormMixin

from . import staff


class LoginForm(ClearFormMixin, AuthenticationForm):
    otp_token = forms.CharField(
        label=gettext_lazy("动态口令"),
        required=False,
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "placeholder": gettext_lazy("6位数字"),
            }
        ),
        help_text=gettext_lazy("机构工作人员必填，单位经办人无需填写"),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": gettext_lazy("用户名或密码不正确"),
        "inactive": gettext_lazy("该账号已停用"),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.otp_device = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = self.get_user()
        if user is None or not staff.is_staff_member(user):
            return cleaned
        device = staff.confirmed_device(user)
        if device is None:
            return cleaned  # first login: the view sends them to bind a device
        token = cleaned.get("otp_token", "")
        if not token:
            raise forms.ValidationError(_(staff.TOKEN_REQUIRED), code="otp_required")
        error = staff.token_error(device, token)
        if error:
            # counts towards the lockout like a wrong password
            user_login_failed.send(
                sender=__name__,
                credentials={"username": user.get_username()},
                request=self.request,
            )
            raise forms.ValidationError(error, code="otp_wrong")
        self.otp_device = device
        return cleaned
