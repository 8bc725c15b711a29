"""Forms of the self-service steps; they only shape input, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shebao.core.forms import ClearForm, required_message
from shebao.identity.acting import operator_contact
from shebao.policy.models import Region
from shebao.registry.choices import ProjectKind
from shebao.registry.models import Unit
from shebao.registry.selectors import project_list

from .models import CertificateOrder, CertProject, projects_offered


class CheckForm(ClearForm):
    """信息校验 (step 1); 项目选择 in 变更 / 补办.

    The unit's name and 社保号 are not asked: the page shows them from the acting unit. Only a
    construction-project certificate names a 社保号 of its own, chosen among the unit's
    construction projects.
    """

    project = forms.ChoiceField(label=_("项目名称"), choices=CertProject.choices)
    region = forms.ModelChoiceField(
        label=_("参保区域"),
        queryset=Region.objects.order_by("code"),
        empty_label=_("请选择参保区域"),
    )
    # a Select, but free text to the form: ``order_start`` refuses a number not the unit's
    social_security_no = forms.CharField(
        label=_("项目社保号"),
        max_length=12,
        required=False,
        widget=forms.Select,
        help_text=_("仅重庆市建设项目工伤参保需选择项目"),
    )
    previous = forms.TypedChoiceField(label=_("原证书"), coerce=int, required=False)

    def __init__(
        self,
        *args: Any,
        unit: Unit,
        certificates: list[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        region_field = self.fields["region"]
        assert isinstance(region_field, forms.ModelChoiceField)
        region_field.queryset = Region.objects.filter(pk=unit.region_id)  # the unit's own
        region_field.initial = unit.region_id
        offered = projects_offered(unit.region)  # the unit's area's, named as it names them
        project = self.fields["project"]
        assert isinstance(project, forms.ChoiceField)
        project.choices = [(p.value, p.title_in(unit.region)) for p in offered]
        if CertProject.CONSTRUCTION not in offered:
            self.fields["social_security_no"].help_text = ""
        projects = project_list(unit=unit, kind=ProjectKind.CONSTRUCTION)
        widget = self.fields["social_security_no"].widget
        assert isinstance(widget, forms.Select)
        widget.choices = [("", _("请选择项目"))] + [
            (p.project_no, f"{p.project_no} {p.name}") for p in projects
        ]
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

    def clean(self) -> dict[str, Any]:
        """The 社保号 the order is for: the unit's own, or the construction project chosen."""
        data = super().clean() or {}
        if data.get("project") == CertProject.CONSTRUCTION:
            if not data.get("social_security_no"):
                self.add_error(
                    "social_security_no", required_message(self.fields["social_security_no"])
                )
        elif data.get("project"):
            data["social_security_no"] = self.unit.unit_no
        return data


class InfoForm(ClearForm):
    """录入信息 (step 2). The unit's name and credit code are the unit's own and shown, not
    asked, except in a 证书变更 (the new ones go on the new certificate): ``for_kind``."""

    unit_name = forms.CharField(label=_("单位名称"), max_length=100)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18)
    legal_person_name = forms.CharField(label=_("法人姓名"), max_length=50)
    legal_person_id_number = forms.CharField(label=_("身份证号码"), max_length=18)
    operator_name = forms.CharField(label=_("经办人"), max_length=50)
    operator_id_number = forms.CharField(label=_("经办人身份证号码"), max_length=18)
    operator_mobile = forms.CharField(label=_("手机号码"), max_length=11)

    #: What the unit's registration already says; asked only when it is being changed.
    UNIT_FIELDS = ("unit_name", "credit_code")

    def __init__(self, *args: Any, asks_unit: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not asks_unit:
            for name in self.UNIT_FIELDS:
                del self.fields[name]


class RenewForm(ClearForm):
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


class PinForm(ClearForm):
    pin = forms.CharField(label=_("新PIN码"), widget=forms.PasswordInput, max_length=64)
    pin_again = forms.CharField(label=_("再次输入PIN码"), widget=forms.PasswordInput, max_length=64)


class RejectForm(ClearForm):
    reason = forms.CharField(
        label=_("不通过原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


def operator_initial(user: Any) -> dict[str, str]:
    """经办人 and 手机号码 as the platform knows the logged-in operator: not asked again."""
    name, mobile = operator_contact(user)
    return {"operator_name": name, "operator_mobile": mobile}


def info_initial(order: CertificateOrder, user: Any) -> dict[str, str]:
    """录入信息 as the order holds it, the logged-in operator until the order names one."""
    initial = {f: getattr(order, f) for f in InfoForm.base_fields}
    for field, value in operator_initial(user).items():
        initial[field] = initial.get(field) or value
    return initial
