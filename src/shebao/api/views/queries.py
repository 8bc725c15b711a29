"""Queries through the API: the same declared queries, filters and masking as the web."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from shebao.core.errors import InvalidValue
from shebao.services.offer import is_offered, offered_or_403
from shebao.services.queries import queries

from ..access import api_unit, offer_region
from ..base import ApiView
from ..serializers import ErrorSerializer

TAG = "查询"

QUERY_INFO = inline_serializer(
    "QueryInfo",
    {
        "code": serializers.CharField(),
        "title": serializers.CharField(),
        "section": serializers.CharField(),
        "columns": serializers.ListField(child=serializers.CharField()),
        "filters": serializers.ListField(child=serializers.DictField()),
    },
    many=True,
)


def _info(spec: Any) -> dict[str, Any]:
    return {
        "code": spec.code,
        "title": spec.title,
        "section": spec.section,
        "columns": [c.label for c in spec.columns],
        "filters": [
            {
                "name": f.name,
                "label": f.label,
                "kind": f.kind,
                "choices": [v for v, _l in f.choices],
            }
            for f in spec.filters
        ],
    }


class QueryListView(ApiView):
    @extend_schema(
        tags=[TAG],
        summary="可用的查询及其列和筛选条件",
        operation_id="queries_list",
        responses={200: QUERY_INFO},
    )
    def get(self, request: Request) -> Response:
        region = offer_region(request)  # the queries of the caller's area only
        return Response([_info(spec) for spec in queries if is_offered(spec, region)])


class QueryResultView(ApiView):
    @extend_schema(
        tags=[TAG],
        summary="查询本单位数据（分页；身份证号、手机号已脱敏）",
        parameters=[OpenApiParameter("page", OpenApiTypes.INT)],
        responses={
            200: inline_serializer(
                "QueryResult",
                {
                    "count": serializers.IntegerField(),
                    "page": serializers.IntegerField(),
                    "pages": serializers.IntegerField(),
                    "columns": serializers.ListField(child=serializers.CharField()),
                    "rows": serializers.ListField(child=serializers.ListField()),
                },
            ),
            400: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def get(self, request: Request, code: str) -> Response:
        unit = api_unit(request)
        spec = offered_or_403(queries, code, unit)
        params, errors = spec.clean(request.query_params)
        if errors:
            raise InvalidValue("；".join(errors))
        qs = spec.queryset(unit=unit, params=params)
        page = Paginator(qs, spec.per_page).get_page(request.query_params.get("page"))
        return Response(
            {
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "columns": [c.label for c in spec.columns],
                "rows": [spec.cells(obj, plain=True) for obj in page.object_list],
            }
        )
