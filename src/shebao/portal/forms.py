"""Forms of the unit portal. They only collect and pre-check input; the rules live in the services."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shebao.cases.models import CaseRow, CaseStatus
from shebao.cases.services import AGREEMENT_REQUIRED
from shebao.core.errors import InvalidValue
from shebao.core.forms import ClearForm
from shebao.core.masking import Sensitive, mask
from shebao.core.phone import parse_mobile
from shebao.policy.models import Region
from shebao.registry.models import Person, Unit
from shebao.registry.selectors import person_get
from shebao.services.offer import is_offered
from shebao.services.registry import registry
from shebao.services.spec import ServiceSpec

from .display import form_columns, iso_date, tick_value

TICKED = "√"
#: The hidden field that carries the id of the person picked in the look-up dialog.
PICKED = "picked_person"


class AcceptForm(ClearForm):
    """Step 1 (服务说明 / 受理信息)."""

    declarant = forms.CharField(label=gettext_lazy("申报人"), max_length=50)
    declarant_mobile = forms.CharField(
        label=gettext_lazy("手机号码"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "tel",
                "placeholder": gettext_lazy("11位手机号码"),
            }
        ),
    )
    remarks = forms.CharField(
        label=gettext_lazy("备注"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    agreement = forms.BooleanField(required=False)

    def clean_declarant_mobile(self) -> str:
        try:
            return parse_mobile(self.cleaned_data["declarant_mobile"])
        except InvalidValue as exc:
            raise forms.ValidationError(str(exc))

    def clean_agreement(self) -> bool:
        if not self.cleaned_data.get("agreement"):
            raise forms.ValidationError(_(AGREEMENT_REQUIRED))
        return True


class RowForm(ClearForm):
    """单个添加: one row of any spec, fields generated from ``spec.row.columns()``.

    Only emptiness of required fields is checked here; everything else (ID check digit,
    duplicates, enrolments) is the spec's validation, whose reasons show in 校验结果.

    A person chosen in the 人员信息查询窗口 arrives as the masked ID number the dialog showed
    plus ``picked_person`` (their id): the full number never reaches the browser (issue #10
    §2) and is filled in here, for a person of ``unit`` only, unless the number was retyped.
    """

    def __init__(
        self, *args: Any, spec: ServiceSpec, unit: Unit | None = None, **kwargs: Any
    ) -> None:
        if args and spec.pick_columns and hasattr(args[0], "getlist"):
            # ticked info-table rows arrive as one value each: the row stores them as typed
            data = args[0].copy()
            for name in spec.pick_columns:
                data[name] = ",".join(v.strip() for v in data.getlist(name) if v.strip())
            args = (data, *args[1:])
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.unit = unit
        for col in form_columns(spec):
            self.fields[col.name] = _field(col)
        if "id_number" in self.fields:
            self.fields[PICKED] = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        picked, typed = data.get(PICKED), data.get("id_number")
        if picked and typed and self.unit is not None:
            try:
                person = person_get(unit=self.unit, person_id=picked)
            except Person.DoesNotExist:
                return data  # not the unit's: the masked number fails validation as typed
            if mask(person.id_number, Sensitive.ID) == typed:
                data["id_number"] = person.id_number
        return data

    def raw(self) -> dict[str, Any]:
        """What the row stores as typed: ticks as √ like the roster, empties dropped."""
        out: dict[str, Any] = {}
        for col in form_columns(self.spec):
            value = self.cleaned_data.get(col.name)
            if col.kind == "tick":
                out[col.name] = TICKED if value else ""
            elif value not in (None, ""):
                out[col.name] = value
        return out

    def picked(self) -> set[str]:
        """The keys already in the pick columns (editing a row, or after a failed add)."""
        picked: set[str] = set()
        for name in self.spec.pick_columns:
            value = self[name].value() if name in self.fields else None
            picked |= {v.strip().upper() for v in str(value or "").split(",") if v.strip()}
        return picked

    def layout(self) -> list[dict[str, Any]]:
        """Fields in template order, tick columns gathered under their group name."""
        items: list[dict[str, Any]] = []
        for col in form_columns(self.spec):
            if col.name in self.spec.pick_columns:
                continue  # ticked in the info table (``InfoTable.pick``), not typed
            bound = self[col.name]
            if col.kind == "tick" and col.group:
                if items and items[-1].get("group") == col.group:
                    items[-1]["fields"].append(bound)
                    continue
                items.append({"group": col.group, "fields": [bound]})
            else:
                items.append({"field": bound, "column": col})
        return items


def _field(col: Any) -> forms.Field:
    """The input of one column; its "required" message is :class:`ClearForm`'s (请填写… /
    请选择…), its placeholder a format hint (``col.hint``), never the template's example value,
    which could be taken for data already typed (a real-looking ID number, 张三, 1000)."""
    attrs: dict[str, str] = {"placeholder": _(col.hint)} if col.hint else {}
    help_text = col.help
    if col.kind == "tick":
        return forms.BooleanField(label=col.label, required=False, help_text=help_text)
    if col.kind == "choice":
        choices = [("", _("请选择"))] + [(c, c) for c in col.choices]
        return forms.ChoiceField(
            label=col.label,
            choices=choices,
            required=col.required,
            help_text=help_text,
            error_messages={"invalid_choice": _("“%(value)s”不在可选范围内")},
        )
    if col.kind == "date":
        return forms.CharField(
            label=col.label,
            required=col.required,
            help_text=help_text,
            widget=forms.DateInput(attrs={"type": "date"}),
        )
    if col.kind == "money":
        attrs["inputmode"] = "decimal"
    return forms.CharField(
        label=col.label,
        required=col.required,
        max_length=200,
        help_text=help_text,
        widget=forms.TextInput(attrs=attrs),
    )


def row_initial(spec: ServiceSpec, row: CaseRow) -> dict[str, Any]:
    """Pre-fill the single form with a stored row (编辑), in the widgets' formats."""
    initial: dict[str, Any] = {}
    for col in form_columns(spec):
        value = row.raw.get(col.name)
        if col.kind == "tick":
            initial[col.name] = bool(tick_value(value))
        elif col.kind == "date":
            initial[col.name] = iso_date(value)
        elif col.kind == "choice" and value is not None:
            text = re.sub(r"^\d+\s*", "", str(value).strip())
            initial[col.name] = text if text in col.choices else ""
        elif value is not None:
            initial[col.name] = str(value)
    return initial


class CaseFilterForm(ClearForm):
    """办件记录 filters."""

    service = forms.ChoiceField(label=gettext_lazy("业务"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("状态"), required=False)
    date_from = forms.DateField(
        label=gettext_lazy("受理日期从"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=gettext_lazy("至"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    serial_no = forms.CharField(label=gettext_lazy("业务流水号"), required=False, max_length=15)

    def __init__(self, *args: Any, region: Region | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["service"]).choices = service_choices(region)
        statuses = [("", _("全部")), *CaseStatus.choices]
        cast(forms.ChoiceField, self.fields["status"]).choices = statuses


def service_choices(region: Region | None = None) -> list[tuple[str, str]]:
    """Every service, or those ``region`` offers (a unit files cases of those only)."""
    specs = [s for s in registry if region is None or is_offered(s, region)]
    return [("", _("全部"))] + [(s.code, _(s.title)) for s in specs]


class RejectForm(ClearForm):
    """审核不通过: common reasons ticked, free text, and the rows the rejection is about.

    The service requires a reason: ticks or text, or both (joined with "；").
    """

    reasons = forms.MultipleChoiceField(
        label=gettext_lazy("常用不通过原因"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=gettext_lazy("审核不通过原因"),
        max_length=400,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    rows = forms.TypedMultipleChoiceField(
        label=gettext_lazy("涉及的行"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        reasons: list[tuple[str, str]] | None = None,
        rows: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["reasons"]).choices = reasons or []
        cast(forms.ChoiceField, self.fields["rows"]).choices = rows or []

    def reason_text(self) -> str:
        """What the unit reads: the ticked reasons in their order, then the free text."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        parts = [*data.get("reasons", []), (data.get("reason") or "").strip()]
        return "；".join(p for p in parts if p)

    def marked_rows(self) -> list[int]:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return list(data.get("rows", []))


class RollbackForm(ClearForm):
    reason = forms.CharField(
        label=gettext_lazy("回退原因"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
