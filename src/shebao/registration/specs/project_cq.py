"""Chongqing 网上建设项目工伤参保 (CQ-WI 八): 人员批量增减 and 增减结果查询.

In Chongqing the operator logs in with the project's certificate (项目社保号), so the
manual's template names no project. Here the acting unit's project is the one its row names
in an optional 项目编号 column appended after the manual's ten; left blank, the unit's only
open construction project is meant (a unit with several must fill it). The bureau
(社保局经办人员) reviews: 已提交 -> 审核通过 / 不通过 are the case's statuses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.cases.queries import RESULT_STATUS
from shebao.core.masking import Sensitive, mask
from shebao.policy.areas import CHONGQING_ONLY
from shebao.registry.choices import (
    ETHNICITIES,
    HUKOU_ALIASES,
    HUKOU_TYPES,
    ProjectKind,
    ProjectStatus,
)
from shebao.registry.models import Unit
from shebao.registry.selectors import project_list
from shebao.services.modules import Module
from shebao.services.registry import register
from shebao.services.rows import DateValue, IdNumberStr, PersonName, RowModel, Text, column, one_of
from shebao.services.spec import CheckContext, Mode, Review, ServiceSpec, Template

from .common import check_unit_columns
from .project_common import GENDERS, Gender
from .project_roster_core import ADD, REMOVE, RosterChange, roster_apply, roster_plan

if TYPE_CHECKING:
    from shebao.services.spec import EffectContext

CODE = "cq_construction_project_personnel_change"
NO_PROJECT = gettext_noop("本单位没有在建的建设项目，请先登记项目")
SEVERAL_PROJECTS = gettext_noop("本单位有 %(n)d 个在建的建设项目，请填写项目编号")
CQ_CHANGE_TYPES = [ADD, REMOVE]

#: 增减结果查询: the case status as the Chongqing page names it.


class PersonnelChangeRow(RowModel):
    unit_name: Text = column("单位名称", example="测试总包单位名称")
    name: PersonName = column("姓名", example="测试姓名")
    id_number: IdNumberStr = column(
        "身份证号", example="500105199001010011", sensitive=Sensitive.ID
    )
    gender: Gender = column("性别", example="男", kind="choice", choices=GENDERS)
    ethnicity: Annotated[str, one_of(ETHNICITIES)] = column(
        "民族", example="汉族", kind="choice", choices=ETHNICITIES
    )
    hukou_type: Annotated[str, one_of(HUKOU_TYPES, HUKOU_ALIASES)] = column(
        "户口性质", example="非农业户口(城镇)", kind="choice", choices=HUKOU_TYPES
    )
    change_date: DateValue = column("变更日期", example="20200228", kind="date")
    change_type: Annotated[str, one_of(CQ_CHANGE_TYPES)] = column(
        "增减类型", example="增加", kind="choice", choices=CQ_CHANGE_TYPES
    )
    remarks: Text | None = column("备注", example="测试", required=False)
    project_no: Text | None = column(
        "项目编号",
        required=False,
        help="本单位只有一个在建的建设项目时可不填",
    )


def _default_project_no(unit: Unit) -> tuple[str | None, str]:
    """The unit's only open construction project, or why there is none to take."""
    open_nos = list(
        project_list(unit=unit, kind=ProjectKind.CONSTRUCTION)
        .exclude(status=ProjectStatus.ENDED)
        .values_list("project_no", flat=True)[:20]
    )
    if len(open_nos) == 1:
        return open_nos[0], ""
    if not open_nos:
        return None, _(NO_PROJECT)
    return None, _(SEVERAL_PROJECTS) % {"n": len(open_nos)}


def _changes(
    unit: Unit, rows: list[tuple[int, PersonnelChangeRow]], ctx: CheckContext | None
) -> list[RosterChange]:
    default: tuple[str | None, str] | None = None
    changes = []
    for number, row in rows:
        project_no = row.project_no
        if not project_no:
            default = default or _default_project_no(unit)
            project_no, why = default
            if project_no is None:
                if ctx is not None:
                    ctx.fail(number, "项目编号", why)
                continue
        adding = row.change_type == ADD
        changes.append(
            RosterChange(
                number=number,
                op=row.change_type,
                project_no=project_no,
                id_number=row.id_number,
                name=row.name,
                gender=row.gender,
                start=row.change_date if adding else None,
                end=None if adding else row.change_date,
                ethnicity=row.ethnicity,
                hukou_type=row.hukou_type,
                start_label="变更日期",
                end_label="变更日期",
            )
        )
    return changes


@register
class ConstructionProjectPersonnelChange(ServiceSpec[PersonnelChangeRow]):
    code = CODE
    areas = CHONGQING_ONLY
    module = Module.CONSTRUCTION_WORK_INJURY
    title = "工伤项目人员增减（人员批量增减）"
    section = "重庆 八(一)"
    description = (
        "在工伤项目参保中办理建设项目参保人员的批量增加或减少：下载模板，按实际情况填写"
        "（变更日期格式 YYYYMMDD，增减类型为增加或减少），上传并提交，等待社保局经办人员审核。"
        "审核进度在“增减结果查询”中查看：待审批的业务标记为“已提交”。"
    )
    row = PersonnelChangeRow
    modes = frozenset({Mode.BATCH})
    template = Template(title="工伤项目人员增减", header_lines=())
    review = Review.AGENCY
    report_title = "建设项目工伤参保人员增减表"

    def check(self, ctx: CheckContext, rows: list[tuple[int, PersonnelChangeRow]]) -> None:
        for number, row in rows:
            check_unit_columns(ctx, number, row, ctx.unit)
        roster_plan(ctx, ProjectKind.CONSTRUCTION, _changes(ctx.unit, rows, ctx))

    def apply(self, effect: EffectContext, rows: list[PersonnelChangeRow]) -> dict[str, Any]:
        changes = _changes(effect.unit, list(enumerate(rows, start=1)), None)
        return roster_apply(effect, ProjectKind.CONSTRUCTION, changes)


@dataclass(frozen=True)
class ChangeResult:
    serial_no: str
    received_at: dt.datetime | None
    name: str
    id_number: str  # masked
    change_type: str
    change_date: str
    status: str  # 已提交 / 审核通过 / 不通过
    reason: str


def cq_change_results(*, unit: Unit) -> list[ChangeResult]:
    """增减结果查询: every person of the unit's submitted 人员批量增减 with its case's result."""
    from shebao.cases.selectors import case_row_list

    results = []
    for row in case_row_list(unit=unit, service_code=CODE):
        case = row.case
        data = row.cleaned or {}
        results.append(
            ChangeResult(
                serial_no=case.serial_no or "",
                received_at=case.received_at,
                name=str(data.get("name", "")),
                id_number=mask(str(data.get("id_number", "")), Sensitive.ID),
                change_type=str(data.get("change_type", "")),
                change_date=str(data.get("change_date", "")),
                status=RESULT_STATUS.get(case.status, case.get_status_display()),
                reason=case.rejection_reason,
            )
        )
    return results
