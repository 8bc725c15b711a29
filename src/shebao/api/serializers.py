"""Request and response shapes of the API. Responses read the models and specs directly;
personal numbers are masked as the row columns declare them (``shebao.core.masking``)."""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from shebao.audit.models import AuditEvent
from shebao.cases.models import Case, CaseMaterial, CaseRow
from shebao.core.masking import Sensitive, mask
from shebao.documents.catalogue import DocumentKind, case_documents
from shebao.services.registry import registry
from shebao.services.rows import Column, masked_values
from shebao.services.spec import Material, ServiceSpec

from .rowschema import RowsField, component_name, row_schema

# --- requests ------------------------------------------------------------------------------


class TokenRequestSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(label=_("用户名"))
    password = serializers.CharField(
        label=_("密码"), trim_whitespace=False, style={"input_type": "password"}
    )
    otp_token = serializers.CharField(
        label=_("动态口令"),
        required=False,
        allow_blank=True,
        default="",
        help_text=_("机构工作人员必填：身份验证器上当前的 6 位数字"),
    )


class TokenSerializer(serializers.Serializer[Any]):
    token = serializers.CharField(
        label=_("令牌"), help_text=_("之后的请求带上请求头 Authorization: Token <令牌>")
    )
    expiry = serializers.DateTimeField(
        label=_("失效时间"),
        help_text=_("每次使用后顺延，但自登录起有最长期限；过期或退出后须重新登录"),
    )


FILE_HELP = _("报盘文件（.xlsx、.xls 或 .csv，UTF-8 或 GBK 编码），格式同模板下载")


class ValidateRequestSerializer(serializers.Serializer[Any]):
    rows = RowsField(label=_("数据行"), required=False)
    file = serializers.FileField(label=_("报盘文件"), required=False, help_text=FILE_HELP)


class MaterialInlineSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(label=_("材料名称"), help_text=_("业务的材料名称，如“劳动合同”"))
    filename = serializers.CharField(label=_("文件名"), max_length=200)
    content = serializers.CharField(
        label=_("文件内容"), help_text=_("文件内容的 base64 编码（JPG/PNG/BMP/GIF）")
    )


class CaseCreateSerializer(serializers.Serializer[Any]):
    service = serializers.CharField(
        label=_("业务"), help_text=_("业务代码，见 GET /api/v1/services")
    )
    declarant = serializers.CharField(label=_("申报人"), allow_blank=True)
    declarant_mobile = serializers.CharField(label=_("手机号码"), allow_blank=True)
    remarks = serializers.CharField(label=_("备注"), allow_blank=True, required=False, default="")
    agreement_accepted = serializers.BooleanField(
        label=_("已阅读并接受协议"),
        default=False,
        help_text=_("必须为 true：我已阅读以上内容，并接受用户使用协议和相关法律法规条款。"),
    )
    rows = RowsField(label=_("数据行"), required=False)
    file = serializers.FileField(label=_("报盘文件"), required=False, help_text=FILE_HELP)
    materials = MaterialInlineSerializer(
        label=_("附件材料"),
        many=True,
        required=False,
        help_text=_(
            "JSON 请求中的附件材料（base64）；multipart 请求改用文件字段 materials[<材料名称>]"
        ),
    )


MATERIALS_FORM_HELP = _("附件材料“%(m)s”（multipart 文件字段，JPG/PNG/BMP/GIF 图片，一份）")


@cache
def case_form_serializer() -> type[serializers.Serializer[Any]]:
    """The multipart variant of :class:`CaseCreateSerializer`, for the schema: one file field
    ``materials[<名称>]`` per material any registered spec declares."""
    attrs: dict[str, Any] = {
        name: copy.deepcopy(field)
        for name, field in CaseCreateSerializer._declared_fields.items()
        if name != "materials"
    }
    names = sorted({m.name for spec in registry for m in spec.materials})
    for name in names:
        attrs[f"materials[{name}]"] = serializers.FileField(
            required=False,
            label=name,
            help_text=MATERIALS_FORM_HELP % {"m": name},
        )
    return type("CaseCreateFormSerializer", (serializers.Serializer,), attrs)


class RejectSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(
        label=_("不通过原因"), allow_blank=True, required=False, default=""
    )
    rows = serializers.ListField(
        label=_("不通过涉及行号"),
        child=serializers.IntegerField(min_value=1),
        required=False,
        default=list,
    )


class RollbackSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(
        label=_("回退原因"), allow_blank=True, required=False, default=""
    )


# --- services ------------------------------------------------------------------------------


class ColumnSerializer(serializers.Serializer[Column]):
    name = serializers.CharField(help_text=_("API 字段名"))
    label = serializers.CharField(help_text=_("报盘模板的列名"))  # type: ignore[assignment]
    type = serializers.CharField(source="kind", help_text="text / date / tick / choice / money")
    required = serializers.BooleanField()  # type: ignore[assignment]
    choices = serializers.ListField(child=serializers.CharField())
    example = serializers.CharField()
    group = serializers.CharField()
    help = serializers.CharField()


class MaterialSpecSerializer(serializers.Serializer[Material]):
    name = serializers.CharField()
    group = serializers.CharField(help_text="必传 / 可选 / 分组1 / 分组2")
    note = serializers.CharField()


class ServiceSerializer(serializers.Serializer[Any]):  # a spec, or a list of them (many)
    code = serializers.CharField()
    title = serializers.CharField()
    section = serializers.CharField()
    description = serializers.CharField()
    module = serializers.CharField(help_text=_("业务模块代码，如 social_insurance_registration"))
    module_title = serializers.SerializerMethodField()
    modes = serializers.SerializerMethodField()
    review = serializers.CharField(help_text=_("auto：提交即办结；agency：经办机构审核"))
    template_title = serializers.SerializerMethodField()
    materials = MaterialSpecSerializer(many=True)
    columns = serializers.SerializerMethodField()
    row_schema_ref = serializers.SerializerMethodField()
    row_schema = serializers.SerializerMethodField()

    def get_modes(self, spec: ServiceSpec[Any]) -> list[str]:
        return sorted(str(m) for m in spec.modes)

    def get_module_title(self, spec: ServiceSpec[Any]) -> str:
        """The module's name, the home page's heading (社会保险登记…)."""
        return str(spec.module.label)

    @extend_schema_field(serializers.CharField(allow_null=True))  # None: no batch template
    def get_template_title(self, spec: ServiceSpec[Any]) -> str | None:
        return spec.template.title if spec.template else None

    @extend_schema_field(ColumnSerializer(many=True))
    def get_columns(self, spec: ServiceSpec[Any]) -> Any:
        return ColumnSerializer(spec.row.columns(), many=True).data

    def get_row_schema_ref(self, spec: ServiceSpec[Any]) -> str:
        return f"#/components/schemas/{component_name(spec)}"

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_row_schema(self, spec: ServiceSpec[Any]) -> dict[str, Any]:
        return row_schema(spec)


# --- validation ----------------------------------------------------------------------------


class CellErrorSerializer(serializers.Serializer[Any]):
    column = serializers.CharField(help_text=_("列名（为空表示整行）"))
    message = serializers.CharField()


class PassedRowSerializer(serializers.Serializer[Any]):
    row = serializers.IntegerField()
    data = serializers.DictField(help_text=_("校验后的数据"))  # type: ignore[assignment]


class FailedRowSerializer(serializers.Serializer[Any]):
    row = serializers.IntegerField()
    errors = CellErrorSerializer(many=True)  # type: ignore[assignment]


class ValidationResultSerializer(serializers.Serializer[Any]):
    total = serializers.IntegerField()
    passed = PassedRowSerializer(many=True)
    failed = FailedRowSerializer(many=True)


class ErrorSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()


class RowsRejectedSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()
    failed = FailedRowSerializer(many=True, required=False)


# --- cases ---------------------------------------------------------------------------------


class CaseCreatedSerializer(serializers.ModelSerializer[Case]):
    service = serializers.CharField(source="service_code")
    status_display = serializers.CharField(source="get_status_display")

    class Meta:
        model = Case
        fields = [
            "serial_no",
            "service",
            "status",
            "status_display",
            "due_date",
            "statistical_period",
            "received_at",
        ]


class CaseSummarySerializer(serializers.ModelSerializer[Case]):
    service = serializers.CharField(source="service_code")
    service_title = serializers.SerializerMethodField()
    status_display = serializers.CharField(source="get_status_display")
    declarant_mobile = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "serial_no",
            "service",
            "service_title",
            "status",
            "status_display",
            "mode",
            "declarant",
            "declarant_mobile",
            "created_at",
            "received_at",
            "due_date",
            "statistical_period",
            "decided_at",
            "rejection_reason",
            "rejection_rows",
            "rollback_reason",
        ]

    def get_service_title(self, case: Case) -> str:
        return registry[case.service_code].title if case.service_code in registry else ""

    def get_declarant_mobile(self, case: Case) -> str:
        return mask(case.declarant_mobile, Sensitive.MOBILE)


class CaseRowSerializer(serializers.ModelSerializer[CaseRow]):
    row = serializers.IntegerField(source="row_no")
    data = serializers.SerializerMethodField()  # type: ignore[assignment]
    errors = CellErrorSerializer(many=True)  # type: ignore[assignment]

    class Meta:
        model = CaseRow
        fields = ["row", "passed", "data", "errors"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_data(self, row: CaseRow) -> dict[str, Any]:
        """The validated row (as typed, for a failed one), sensitive columns masked as the
        service's row declares them."""
        values = row.cleaned if row.passed and row.cleaned else row.raw
        return masked_values(registry[row.case.service_code].row.columns(), values)


class CaseMaterialSerializer(serializers.ModelSerializer[CaseMaterial]):
    class Meta:
        model = CaseMaterial
        fields = ["material", "original_name", "content_type", "size", "uploaded_at"]


class CaseEventSerializer(serializers.ModelSerializer[AuditEvent]):
    class Meta:
        model = AuditEvent
        fields = ["action", "from_status", "to_status", "at", "detail"]


class CaseDocumentSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(
        choices=[k.value for k in DocumentKind if k != DocumentKind.CASE],
        help_text=_("report：申报表；bill：社会保险费应缴认定单；refund：社会保险费退费单"),
    )
    number = serializers.CharField(help_text=_("申报表为业务流水号，单据为征集通知单号"))
    title = serializers.CharField()
    url = serializers.CharField(help_text=_("单位经办人在网上服务平台打开的 PDF 地址"))
    status = serializers.CharField()


class CaseDetailSerializer(CaseSummarySerializer):
    unit_no = serializers.CharField(source="unit.unit_no")
    unit_name = serializers.CharField(source="unit.name")
    rows = CaseRowSerializer(many=True)
    materials = CaseMaterialSerializer(many=True)
    events = CaseEventSerializer(many=True)
    documents = serializers.SerializerMethodField()

    class Meta(CaseSummarySerializer.Meta):
        fields = [
            *CaseSummarySerializer.Meta.fields,
            "unit_no",
            "unit_name",
            "remarks",
            "effect",
            "documents",
            "rows",
            "materials",
            "events",
        ]

    @extend_schema_field(CaseDocumentSerializer(many=True))
    def get_documents(self, case: Case) -> list[dict[str, Any]]:
        """The documents the case produced (``documents.catalogue``, as on the case page)."""
        request = self.context.get("request")
        return [
            {
                "kind": str(d.kind),
                "number": d.number,
                "title": d.title,
                "url": request.build_absolute_uri(d.url) if request is not None else d.url,
                "status": d.status,
            }
            for d in case_documents(case)
        ]


class CaseDecidedSerializer(CaseSummarySerializer):
    class Meta(CaseSummarySerializer.Meta):
        fields = [*CaseSummarySerializer.Meta.fields, "effect"]
