"""Login (password, plus the TOTP code for staff) and binding a staff member's TOTP device."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from . import acting, staff
from .forms import LoginForm

log = logging.getLogger(__name__)

NOW_ACTING = gettext_noop("当前经办单位已切换为：%(u)s")
BOUND = gettext_noop("动态口令绑定成功，以后登录时请填写身份验证器上的 6 位数字")


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        if form.otp_device is not None:
            staff.mark_verified(self.request, form.otp_device)
        elif staff.is_staff_member(form.get_user()):
            return redirect("totp_setup")
        if len(acting.operator_units(form.get_user())) > 1:
            # 多单位经办人: pick the unit first, then go where they were heading
            return redirect(
                f"{reverse('unit_choose')}?{urlencode({'next': self.get_success_url()})}"
            )
        return response


@login_required
@require_http_methods(["GET", "POST"])
def totp_setup(request: HttpRequest) -> HttpResponse:
    """绑定动态口令: scan the QR code, prove it with one code; a bound device is not rebound."""
    if not staff.is_staff_member(request.user):
        raise PermissionDenied(_("只有机构工作人员需要绑定动态口令"))
    if staff.confirmed_device(request.user) is not None:
        return redirect("home")
    device = staff.setup_device(request.user)
    error = ""
    if request.method == "POST":
        error = staff.token_error(device, request.POST.get("otp_token", "")) or ""
        if not error:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            staff.mark_verified(request, device)
            log.info("totp device bound", extra={"user": request.user.pk})
            messages.success(request, _(BOUND))
            return redirect("home")
    return render(
        request,
        "identity/totp_setup.html",
        {
            "qr_svg": staff.qr_svg(device),
            "secret": device.config_url.split("secret=")[1].split("&")[0],
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_choose(request: HttpRequest) -> HttpResponse:
    """选择经办单位: an operator serving several units picks the one to act for, or switches."""
    units = acting.operator_units(request.user)
    if not units:
        raise PermissionDenied(_("当前用户不是任何单位的经办人"))
    target = request.POST.get("next") or request.GET.get("next") or reverse("home")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("home")
    if request.method == "POST":
        try:
            unit_id = int(request.POST.get("unit", ""))
        except ValueError:
            unit_id = 0
        unit = acting.acting_unit_choose(request=request, unit_id=unit_id)
        messages.success(request, _(NOW_ACTING) % {"u": f"{unit.unit_no} {unit.name}"})
        return redirect(target)
    current = acting.acting_unit(request) if acting.has_chosen_unit(request) else None
    return render(
        request,
        "identity/unit_choose.html",
        {"units": units, "current": current, "next": target, "nav": "units"},
    )
