"""Agency review through the API: the reviewer's queue, approve, reject (reason required)."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from shebao.cases import selectors
from shebao.cases.models import Case, CaseStatus
from shebao.cases.services import case_approve, case_reject, case_rollback
from shebao.core.errors import InvalidValue

from ..access import api_region, client_ip, region_case
from ..base import ApiListView, ApiView, validated
from ..serializers import (
    CaseDecidedSerializer,
    CaseSummarySerializer,
    ErrorSerializer,
    RejectSerializer,
    RollbackSerializer,
)
from .cases import BAD_STATUS, LIST_RESPONSES

TAG = "审核"


class ReviewQueueView(ApiListView[Case]):
    serializer_class = CaseSummarySerializer

    def get_queryset(self) -> QuerySet[Case]:
        wanted = self.request.query_params.get("status", CaseStatus.UNDER_REVIEW)
        if wanted and wanted not in CaseStatus.values:
            raise InvalidValue(_(BAD_STATUS) % {"s": wanted, "o": "、".join(CaseStatus.values)})
        return selectors.review_queue(region=api_region(self.request), status=wanted)

    @extend_schema(
        tags=[TAG],
        summary="待审核：本机构的办件，按办理时限排序（分页）",
        operation_id="review_cases_list",
        parameters=[
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=CaseStatus.values,
                description="默认 under_review；传空字符串为全部",
            )
        ],
        responses=LIST_RESPONSES,
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(CaseSummarySerializer(page, many=True).data)


DECISION_RESPONSES = {
    200: CaseDecidedSerializer,
    400: ErrorSerializer,
    403: ErrorSerializer,
    404: ErrorSerializer,
}


class CaseApproveView(ApiView):
    @extend_schema(
        tags=[TAG],
        summary="审核通过：复核数据后生效（只生效一次）",
        request=None,
        responses=DECISION_RESPONSES,
    )
    def post(self, request: Request, serial_no: str) -> Response:
        case = region_case(request, serial_no)
        case = case_approve(case=case, reviewer=cast(User, request.user), ip=client_ip(request))
        return Response(CaseDecidedSerializer(case).data)


class CaseRejectView(ApiView):
    @extend_schema(
        tags=[TAG],
        summary="审核不通过：必须填写原因，可注明涉及的行号，单位在办件记录中可见",
        request=RejectSerializer,
        responses=DECISION_RESPONSES,
    )
    def post(self, request: Request, serial_no: str) -> Response:
        case = region_case(request, serial_no)
        data = validated(RejectSerializer(data=request.data))
        case = case_reject(
            case=case,
            reviewer=cast(User, request.user),
            reason=data["reason"],
            rows=data["rows"],
            ip=client_ip(request),
        )
        return Response(CaseDecidedSerializer(case).data)


class CaseRollbackView(ApiView):
    @extend_schema(
        tags=[TAG],
        summary="回退：撤回已生效办件的办理结果（必须填写原因）",
        request=RollbackSerializer,
        responses=DECISION_RESPONSES,
    )
    def post(self, request: Request, serial_no: str) -> Response:
        case = region_case(request, serial_no)
        data = validated(RollbackSerializer(data=request.data))
        case = case_rollback(
            case=case,
            reviewer=cast(User, request.user),
            reason=data["reason"],
            ip=client_ip(request),
        )
        return Response(CaseDecidedSerializer(case).data)
