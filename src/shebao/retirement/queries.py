"""§3.3.56 退休审批进度查询: the unit's retirement applications, their progress (办理进度),
result (办理结果) and retirement month, over the submitted cases of the six services."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from shebao.cases.models import CaseRow, CaseStatus
from shebao.core.masking import Sensitive
from shebao.policy.areas import HUBEI_ONLY
from shebao.registry.models import Unit
from shebao.services.modules import Module
from shebao.services.queries import QueryColumn, QueryFilter, QuerySpec, register_query
from shebao.services.registry import registry

from .selectors import application_rows

#: 办理进度 as the manual words it (审批完成 once decided; the example row reads 审批完成 通过).
PROGRESS = {
    CaseStatus.UNDER_REVIEW: "审批中",
    CaseStatus.APPROVED: "审批完成",
    CaseStatus.REJECTED: "审批完成",
    CaseStatus.WITHDRAWN: "已撤销",
}
RESULT = {CaseStatus.APPROVED: "通过", CaseStatus.REJECTED: "不通过"}


def _value(name: str) -> Any:
    return lambda row: (row.cleaned or {}).get(name, "")


@register_query
class RetirementProgressQuery(QuerySpec):
    code = "hb_retirement_progress_query"
    areas = HUBEI_ONLY
    module = Module.APPROVAL
    title = "退休审批进度查询"
    section = "§3.3.56"
    description = "本单位申报的离退休审批（正常退休、特殊工种、因病、军转干部及其重新审批）的办理进度和办理结果"
    columns = (
        QueryColumn("业务流水号", lambda r: r.case.serial_no),
        QueryColumn("业务名称", lambda r: registry[r.case.service_code].title),
        QueryColumn("办理进度", lambda r: PROGRESS.get(r.case.status, r.case.status)),
        QueryColumn("办理结果", lambda r: RESULT.get(r.case.status, "")),
        QueryColumn("不通过原因", lambda r: r.case.rejection_reason),
        QueryColumn("个人编号", lambda r: (r.case.effect or {}).get("person_no", "")),
        QueryColumn("身份证号", _value("id_number"), sensitive=Sensitive.ID),
        QueryColumn("姓名", _value("name")),
        QueryColumn("单位编号", lambda r: r.case.unit.unit_no),
        QueryColumn("单位名称", lambda r: r.case.unit.name),
        QueryColumn("离退休类别", _value("category")),
        QueryColumn("退休年月", _value("retirement_month")),
        QueryColumn("申请时间", lambda r: r.case.received_at, kind="date"),
    )
    filters = (
        QueryFilter("serial_no", "业务流水号", lookup="case__serial_no__startswith"),
        QueryFilter(
            "progress",
            "办理进度",
            "choice",
            [(s, PROGRESS[s]) for s in (CaseStatus.UNDER_REVIEW, CaseStatus.WITHDRAWN)]
            + [
                (CaseStatus.APPROVED, "审批完成（通过）"),
                (CaseStatus.REJECTED, "审批完成（不通过）"),
            ],
            lookup="case__status",
        ),
        QueryFilter("from", "审批申请起始时间", "date", lookup="case__received_at__date__gte"),
        QueryFilter("to", "审批申请截止时间", "date", lookup="case__received_at__date__lte"),
    )
    ordering = ("-case__received_at", "case_id")

    def scoped(self, *, unit: Unit) -> QuerySet[CaseRow]:
        return application_rows(unit=unit)
