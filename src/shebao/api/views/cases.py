"""办件 for the unit: declare (one request, one transaction), list, read, withdraw."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from shebao.cases import selectors
from shebao.cases.declare import case_declare, source_check
from shebao.cases.models import Case, CaseStatus
from shebao.cases.services import case_withdraw
from shebao.core.errors import InvalidValue

from ..access import UNIT_HEADER, api_unit, client_ip, readable_case, unit_case
from ..base import ApiListView, ApiView, validated
from ..declare import incoming_materials, spec_for
from ..serializers import (
    CaseCreatedSerializer,
    CaseCreateSerializer,
    CaseDetailSerializer,
    CaseSummarySerializer,
    ErrorSerializer,
    RowsRejectedSerializer,
    case_form_serializer,
)
from ..throttling import ValidateThrottle

TAG = "办件"
BAD_STATUS = gettext_noop("状态“%(s)s”不存在，可选：%(o)s")

UNIT_PARAMETER = OpenApiParameter(
    UNIT_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="单位编号：经办人可代表多个单位时选择其一（默认为第一个单位）",
)

CREATE_DESCRIPTION = """\
一次请求完成网页向导的全部步骤（服务说明 -> 表单填写 -> 附件材料 -> 确认提交），在一个事务中：
任何一行校验不通过或任何一项不符合要求，返回 400 和原因（行错误在 failed 中），不保存任何数据。

- 数据行：`rows`（JSON 数组，第 1..n 行；multipart 中为 JSON 字符串）或报盘文件 `file`（multipart），二者选一。
- 附件材料：multipart 中每份材料一个文件字段 `materials[<材料名称>]`，例如 `materials[劳动合同]`；
  JSON 请求中为 `materials: [{"name": "劳动合同", "filename": "a.jpg", "content": "<base64>"}]`。
  每项材料一份，JPG/PNG/BMP/GIF 图片，按内容检查。
- `agreement_accepted` 必须为 true。

成功返回 201：业务流水号、状态（需审核的业务为 under_review）、办理时限和统计期。
"""


# A page of cases ({count, next, previous, results}); 404 for a page past the end.
LIST_RESPONSES = {
    200: CaseSummarySerializer(many=True),
    400: ErrorSerializer,
    403: ErrorSerializer,
    404: ErrorSerializer,
}


class CaseListView(ApiListView[Case]):
    serializer_class = CaseSummarySerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    throttle_classes = [ValidateThrottle]  # POST only: a declaration validates its rows

    def get_queryset(self) -> QuerySet[Case]:
        params = self.request.query_params
        wanted = params.get("status", "")
        if wanted and wanted not in CaseStatus.values:
            raise InvalidValue(_(BAD_STATUS) % {"s": wanted, "o": "、".join(CaseStatus.values)})
        return selectors.case_list(
            unit=api_unit(self.request),
            service_code=params.get("service", ""),
            status=wanted,
            serial_no=params.get("serial_no", ""),
        )

    @extend_schema(
        tags=[TAG],
        summary="办件记录：本单位的办件（分页）",
        operation_id="cases_list",
        parameters=[
            UNIT_PARAMETER,
            OpenApiParameter("service", OpenApiTypes.STR, description="业务代码"),
            OpenApiParameter("status", OpenApiTypes.STR, enum=CaseStatus.values),
            OpenApiParameter("serial_no", OpenApiTypes.STR, description="业务流水号（前缀）"),
        ],
        responses=LIST_RESPONSES,
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        data = CaseSummarySerializer(page, many=True).data
        return self.get_paginated_response(data)

    @extend_schema(
        tags=[TAG],
        summary="申报：创建并提交办件",
        description=CREATE_DESCRIPTION,
        parameters=[UNIT_PARAMETER],
        request={
            "application/json": CaseCreateSerializer,
            "multipart/form-data": case_form_serializer(),
        },
        responses={
            201: CaseCreatedSerializer,
            400: RowsRejectedSerializer,
            403: ErrorSerializer,
        },
    )
    def post(self, request: Request) -> Response:
        unit = api_unit(request)
        data = validated(CaseCreateSerializer(data=request.data))
        spec = spec_for(data["service"])
        source_check(rows=data.get("rows"), file=data.get("file"))  # before the materials' checks
        materials = incoming_materials(request.FILES, data.get("materials"))
        case = case_declare(
            spec=spec,
            unit=unit,
            operator=cast(User, request.user),
            declarant=data["declarant"],
            declarant_mobile=data["declarant_mobile"],
            remarks=data.get("remarks", ""),
            agreement_accepted=data["agreement_accepted"],
            rows=data.get("rows"),
            file=data.get("file"),
            materials=materials,
            ip=client_ip(request),
        )
        return Response(CaseCreatedSerializer(case).data, status=status.HTTP_201_CREATED)


def detail_of(case: Case, request: Request | None = None) -> Any:
    case = (
        Case.objects.filter(pk=case.pk)
        .select_related("unit")
        .prefetch_related("rows", "materials", "events")
        .get()
    )
    return CaseDetailSerializer(case, context={"request": request}).data


class CaseDetailView(ApiView):
    @extend_schema(
        tags=[TAG],
        summary="办件详情：状态、时限、不通过原因、数据行（证件号码已脱敏）、相关单据和办理记录",
        description="经办人看本单位的办件，审核人员看本机构的办件；其他办件一律 404。",
        parameters=[UNIT_PARAMETER],
        responses={200: CaseDetailSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request: Request, serial_no: str) -> Response:
        return Response(detail_of(readable_case(request, serial_no), request))


class CaseWithdrawView(ApiView):
    @extend_schema(
        tags=[TAG],
        summary="撤销：撤回待审核的办件",
        parameters=[UNIT_PARAMETER],
        request=None,
        responses={200: CaseSummarySerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def post(self, request: Request, serial_no: str) -> Response:
        case = unit_case(request, serial_no)
        case = case_withdraw(case=case, actor=cast(User, request.user), ip=client_ip(request))
        return Response(CaseSummarySerializer(case).data)
