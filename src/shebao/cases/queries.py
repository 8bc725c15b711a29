"""Per-person result queries over submitted cases of one service (增减结果查询, CA用户审核查询).

A subclass names the service and which declared fields to show; the case's serial number,
status and rejection reason come with every row. Whether a field is masked is read from the
service's row column (``column(..., sensitive=...)``), never declared a second time here: a
field the row does not have fails when the query class is defined.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from django.db.models import QuerySet

from shebao.core.masking import Sensitive
from shebao.registry.models import Unit
from shebao.services.queries import QueryColumn, QueryFilter, QuerySpec

from .models import CaseRow, CaseStatus
from .selectors import case_row_list

RESULT_STATUS: dict[str, str] = {
    CaseStatus.UNDER_REVIEW: "已提交",
    CaseStatus.APPROVED: "审核通过",
    CaseStatus.COMPLETED: "已办结",
    CaseStatus.REJECTED: "不通过",
    CaseStatus.WITHDRAWN: "已撤销",
    CaseStatus.ROLLED_BACK: "已回退",
}


UNKNOWN_FIELD = "service %s has no row field %s"


def _row_sensitivity(service_code: str, names: Sequence[str]) -> dict[str, Sensitive | None]:
    """What each field holds, as the service's row column declares it (the one declaration)."""
    from shebao.services.registry import registry

    columns = {c.name: c for c in registry[service_code].row.columns()}
    for name in names:
        if name not in columns:
            raise ValueError(UNKNOWN_FIELD % (service_code, name))
    return {name: columns[name].sensitive for name in names}


def _field(name: str) -> Any:
    return lambda row: (row.cleaned or {}).get(name, "")


class CaseRowResultQuery(QuerySpec):
    service_code: ClassVar[str]
    row_fields: ClassVar[Sequence[tuple[str, str]]]  # label, field of the service's row
    statuses: ClassVar[Sequence[str]] = (
        CaseStatus.UNDER_REVIEW,
        CaseStatus.APPROVED,
        CaseStatus.REJECTED,
    )

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        kinds = _row_sensitivity(cls.service_code, [name for _label, name in cls.row_fields])
        cls.columns = (
            QueryColumn("业务流水号", lambda r: r.case.serial_no),
            QueryColumn("提交时间", lambda r: r.case.received_at),
            *(
                QueryColumn(label, _field(name), sensitive=kinds[name])
                for label, name in cls.row_fields
            ),
            QueryColumn("审核状态", lambda r: RESULT_STATUS.get(r.case.status, r.case.status)),
            QueryColumn("不通过原因", lambda r: r.case.rejection_reason),
        )
        cls.filters = (
            QueryFilter("serial_no", "业务流水号", lookup="case__serial_no__startswith"),
            QueryFilter(
                "status",
                "审核状态",
                "choice",
                [(s, RESULT_STATUS[s]) for s in cls.statuses],
                lookup="case__status",
            ),
        )

    ordering = ("-case__received_at", "case_id", "row_no")

    def scoped(self, *, unit: Unit) -> QuerySet[CaseRow]:
        return case_row_list(unit=unit, service_code=self.service_code)
