"""The service catalogue: what each spec declares, its roster template, and a dry-run check."""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import quote

from django.contrib.auth.models import User
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from shebao.cases.declare import rows_check
from shebao.services.offer import is_offered, offered_or_403
from shebao.services.registry import registry
from shebao.services.spec import Mode
from shebao.services.validation import ValidationResult

from ..access import api_unit, client_ip, offer_region
from ..base import ApiView, validated
from ..serializers import (
    ErrorSerializer,
    ServiceSerializer,
    ValidateRequestSerializer,
    ValidationResultSerializer,
)
from ..throttling import ValidateThrottle

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NO_TEMPLATE = gettext_noop("业务“%(t)s”没有批量报盘模板")
TAG = "业务"


def attachment(data: bytes, content_type: str, filename: str, fallback: str) -> HttpResponse:
    """A download; the Chinese file name RFC 5987-encoded, with an ASCII name for old clients."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


class ServiceListView(ApiView):
    @extend_schema(
        tags=[TAG],
        summary="业务列表：每项业务的操作模式、审核方式、材料和行结构",
        responses=ServiceSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        """An operator is listed what the acting unit's region offers (issue #12 §7); a
        reviewer what their region offers."""
        region = offer_region(request)
        specs = [spec for spec in registry if is_offered(spec, region)]
        return Response(ServiceSerializer(specs, many=True).data)


class TemplateView(ApiView):
    def perform_content_negotiation(
        self, request: Request, force: bool = False
    ) -> tuple[BaseRenderer, str]:
        # Clients ask for the spreadsheet type; errors still go out as JSON.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        tags=[TAG],
        summary="模板下载：业务的批量报盘模板（.xlsx）",
        responses={
            (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="报盘模板"),
            404: ErrorSerializer,
        },
    )
    def get(self, request: Request, code: str) -> HttpResponse:
        spec = offered_or_403(registry, code, api_unit(request))
        if spec.template is None or Mode.BATCH not in spec.modes:
            raise NotFound(_(NO_TEMPLATE) % {"t": spec.title})
        from shebao.services.batch.template import template_xlsx

        return attachment(
            template_xlsx(spec), XLSX, f"{spec.template.title}.xlsx", f"{spec.code}.xlsx"
        )


def result_data(result: ValidationResult) -> dict[str, Any]:
    return {
        "total": len(result.rows),
        "passed": [
            {"row": item.row, "data": item.model.model_dump(mode="json")}
            for item in result.passed
            if item.model is not None
        ],
        "failed": [
            {
                "row": item.row,
                "errors": [{"column": e.column, "message": e.message} for e in item.errors],
            }
            for item in result.failed
        ],
    }


class ValidateView(ApiView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    throttle_classes = [ValidateThrottle]

    @extend_schema(
        tags=[TAG],
        summary="校验：检查数据行或报盘文件，返回校验通过和不通过的行（不保存任何数据）",
        description=(
            'JSON 请求体 {"rows": [...]}（按顺序为第 1..n 行），或 multipart 上传报盘文件 file'
            "（行号为表格中的行号）。与网页【上传校验】/【添加校验】同一套校验，包括与已有参保信息的冲突。"
        ),
        request={
            "application/json": ValidateRequestSerializer,
            "multipart/form-data": ValidateRequestSerializer,
        },
        responses={200: ValidationResultSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def post(self, request: Request, code: str) -> Response:
        unit = api_unit(request)
        spec = offered_or_403(registry, code, unit)
        data = validated(ValidateRequestSerializer(data=request.data))
        result = rows_check(
            spec=spec,
            unit=unit,
            rows=data.get("rows"),
            file=data.get("file"),
            actor=cast(User, request.user),
            ip=client_ip(request),
        )
        return Response(ValidationResultSerializer(result_data(result)).data)
