"""单位用户注册 at the counter: the form, and the one-time page with the initial password."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from shebao.core.errors import InvalidValue
from shebao.core.forms import ClearForm
from shebao.identity.onboarding import unit_register_at_counter
from shebao.policy.models import Region
from shebao.registry.choices import InsuranceType

from .views import _ip, reviewer_view


class CounterRegistrationForm(ClearForm):
    unit_no = forms.CharField(label=gettext_lazy("单位编号"), max_length=9)
    name = forms.CharField(label=gettext_lazy("单位名称"), max_length=100)
    credit_code = forms.CharField(label=gettext_lazy("统一社会信用代码"), max_length=18)
    insurance_types = forms.MultipleChoiceField(
        label=gettext_lazy("参保险种"),
        choices=InsuranceType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    start_date = forms.DateField(
        label=gettext_lazy("单位参保日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    operator_name = forms.CharField(label=gettext_lazy("经办人姓名"), max_length=50)
    operator_id_number = forms.CharField(label=gettext_lazy("经办人身份证号码"), max_length=18)
    operator_mobile = forms.CharField(label=gettext_lazy("经办人手机号码"), max_length=11)
    username = forms.CharField(label=gettext_lazy("经办人登录名"), max_length=30)


@reviewer_view
@require_http_methods(["GET", "POST"])
def unit_register(request: HttpRequest, region: Region) -> HttpResponse:
    form = CounterRegistrationForm(
        request.POST or None, initial={"start_date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            done = unit_register_at_counter(
                region=region,
                actor=request.user,  # type: ignore[arg-type]
                ip=_ip(request),
                **form.cleaned_data,
            )
        except InvalidValue as exc:
            form.add_error(None, str(exc))
        else:
            response = render(
                request,
                "backoffice/unit_registered.html",
                {"region": region, "done": done, "nav": "units"},
            )
            response["Cache-Control"] = "no-store"  # the initial password is shown only once
            return response
    return render(
        request,
        "backoffice/unit_register.html",
        {"region": region, "form": form, "nav": "units"},
        status=400 if request.method == "POST" else 200,
    )
