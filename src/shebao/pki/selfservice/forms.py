"""Forms of the self-service steps; they only shape input, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shebao.policy.models import Region

from .models import CertProject, projects_offered


class CheckForm(forms.Form):
    """信息校验 (step 1); 项目选择 in 变更 / 补办."""

    project = forms.ChoiceField(label=_("项目名称"), choices=CertProject.choices)
    region = forms.ModelChoiceField(
        label=_("参保区域"),
        queryset=Region.objects.order_by("code"),
        empty_label=_("请选择参保区域"),
    )
    unit_name = forms.CharField(label=_("单位名称"), max_length=100)
    social_security_no = forms.CharField(
        label=_("社保号"),
        max_length=12,
        help_text=_("重庆市建设项目工伤参保请填写项目社保号"),
    )
    previous = forms.TypedChoiceField(label=_("原证书"), coerce=int, required=False)

    def __init__(
        self,
        *args: Any,
        certificates: list[Any] | None = None,
        region: Region | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if region is not None:  # the projects the unit's area offers, named as it names them
            offered = projects_offered(region)
            project = self.fields["project"]
            assert isinstance(project, forms.ChoiceField)
            project.choices = [(p.value, p.title_in(region)) for p in offered]
            if CertProject.CONSTRUCTION not in offered:
                self.fields["social_security_no"].help_text = ""
        if certificates is None:
            del self.fields["previous"]
        else:
            field = self.fields["previous"]
            assert isinstance(field, forms.TypedChoiceField)
            field.required = True
            field.choices = [
                (
                    c.pk,
                    f"{c.serial_number}（{_('有效期至')} {timezone.localtime(c.not_after):%Y-%m-%d}）",
                )
                for c in certificates
            ]


class InfoForm(forms.Form):
    """录入信息 (step 2)."""

    unit_name = forms.CharField(label=_("单位名称"), max_length=100)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18)
    legal_person_name = forms.CharField(label=_("法人姓名"), max_length=50)
    legal_person_id_number = forms.CharField(label=_("身份证号码"), max_length=18)
    operator_name = forms.CharField(label=_("经办人"), max_length=50)
    operator_id_number = forms.CharField(label=_("经办人身份证号码"), max_length=18)
    operator_mobile = forms.CharField(label=_("手机号码"), max_length=11)


class RenewForm(forms.Form):
    """证书更新续期: who applies, and proof of the current certificate (file + PIN, or a signature)."""

    operator_name = forms.CharField(label=_("经办人姓名"), max_length=50)
    operator_mobile = forms.CharField(label=_("电话"), max_length=11)
    challenge = forms.CharField(widget=forms.HiddenInput)
    p12 = forms.FileField(label=_("当前证书文件（.p12）"), required=False)
    pin = forms.CharField(
        label=_("PIN码"), required=False, widget=forms.PasswordInput(render_value=False)
    )
    certificate_pem = forms.CharField(
        label=_("证书（PEM）"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    signature = forms.CharField(label=_("签名（base64）"), required=False)


class PinForm(forms.Form):
    pin = forms.CharField(label=_("新PIN码"), widget=forms.PasswordInput, max_length=64)
    pin_again = forms.CharField(label=_("再次输入PIN码"), widget=forms.PasswordInput, max_length=64)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("不通过原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
