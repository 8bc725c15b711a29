"""/api/v1/retirement/upcoming: the unit's staff reaching statutory retirement age soon, so
an HR system can plan applications and 延长缴费 (issue #13 §6); the same list as 首页."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from shebao.contributions.retirement import REMINDER_MONTHS, UpcomingRetirement, upcoming

from ..access import api_unit
from ..base import ApiView
from ..serializers import ErrorSerializer

TAG = "退休提醒"


class ProjectionSerializer(serializers.Serializer[Any]):
    post = serializers.CharField(help_text="male / female_cadre / female_worker")
    post_label = serializers.CharField(help_text="男职工 / 女干部 / 女工人")
    age_years = serializers.IntegerField(help_text="法定退休年龄（岁）")
    age_months = serializers.IntegerField(help_text="法定退休年龄（另加月数）")
    age = serializers.CharField(help_text="例如 60岁4个月")
    retirement_month = serializers.CharField(help_text="退休年月 YYYYMM")
    minimum_months = serializers.IntegerField(help_text="该年退休适用的最低缴费月数")
    months_to_go = serializers.IntegerField(help_text="自下月起至退休年月尚余月数")
    needs_extension = serializers.BooleanField(help_text="按时缴费至退休年月仍不足最低缴费年限")
    overdue = serializers.BooleanField(help_text="退休年月已过，仍在本单位参保")


class UpcomingRetirementSerializer(serializers.Serializer[Any]):
    person_no = serializers.CharField(help_text="个人编号")
    name = serializers.CharField(help_text="姓名")
    id_number = serializers.CharField(help_text="证件号码（已脱敏）")
    birth_month = serializers.CharField(help_text="出生年月 YYYYMM")
    post_type = serializers.CharField(help_text="岗位类别：cadre / worker / 空（未确定）")
    post_known = serializers.BooleanField(help_text="岗位类别未确定的女职工按干部、工人各给一种")
    contribution_months = serializers.IntegerField(help_text="本系统记录的养老保险实际缴费月数")
    needs_extension = serializers.BooleanField(help_text="需延长缴费（任一种测算）")
    projections = ProjectionSerializer(many=True)


class UpcomingListSerializer(serializers.Serializer[Any]):
    months = serializers.IntegerField(help_text="提醒的月数（含本月）")
    count = serializers.IntegerField()
    results = UpcomingRetirementSerializer(many=True)


def _row(item: UpcomingRetirement) -> dict[str, Any]:
    return {
        "person_no": item.person_no,
        "name": item.name,
        "id_number": item.id_number_masked,
        "birth_month": str(item.birth_month),
        "post_type": item.post_type,
        "post_known": item.post_known,
        "contribution_months": item.contribution_months,
        "needs_extension": any(p.needs_extension for p in item.projections),
        "projections": [
            {
                "post": str(p.post),
                "post_label": str(p.post.label),
                "age_years": p.age.years,
                "age_months": p.age.months,
                "age": str(p.age),
                "retirement_month": str(p.retirement_month),
                "minimum_months": p.minimum_months,
                "months_to_go": p.months_to_go,
                "needs_extension": p.needs_extension,
                "overdue": p.overdue,
            }
            for p in item.projections
        ],
    }


class UpcomingRetirementView(ApiView):
    @extend_schema(
        tags=[TAG],
        summary="本单位即将达到法定退休年龄的职工（6个月内，含已到达仍在参保者；证件号码已脱敏）",
        operation_id="retirement_upcoming",
        responses={200: UpcomingListSerializer, 403: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        items = upcoming(unit=api_unit(request))
        return Response(
            {"months": REMINDER_MONTHS, "count": len(items), "results": [_row(i) for i in items]}
        )
