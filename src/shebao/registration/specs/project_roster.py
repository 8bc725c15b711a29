"""§3.3.4 / §3.3.5 项目职工参保名册备案 and §3.3.7 / §3.3.8 名册维护 (construction, mining).

The manual selects the project before adding rows (R-BIZ-01); the template prints it in its
header (项目名称： / 项目编号：). Here every row carries the 项目编号 column, so the single
form, the roster file and the API declare the project the same way; all rows of one case
must name the same project. The rules are in :mod:`.project_roster_core`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from django.utils.translation import gettext as _

from shebao.core.masking import Sensitive, mask
from shebao.policy.areas import HUBEI_ONLY
from shebao.registry.choices import ID_TYPE_ALIASES, RESIDENT_ID, ProjectKind
from shebao.registry.models import Unit
from shebao.registry.selectors import project_list, project_workers
from shebao.services.modules import Module
from shebao.services.registry import register
from shebao.services.rows import (
    DateValue,
    IdNumberStr,
    Mobile,
    PersonName,
    RowModel,
    Text,
    column,
    one_of,
)
from shebao.services.spec import (
    CheckContext,
    Group,
    InfoTable,
    Material,
    Review,
    RowT,
    ServiceSpec,
    Template,
)

from .project_common import GENDERS, Gender, project_no_column
from .project_registration import projects_table
from .project_roster_core import ADD, CHANGE_TYPES, RosterChange, roster_apply, roster_plan

if TYPE_CHECKING:
    from shebao.services.spec import DraftView, EffectContext

ROSTER_SHOWN = 200
#: A project roster names resident ID holders only (its 证件类型 offers one value).
RESIDENT_ID_ONLY = [RESIDENT_ID]
IdType = Annotated[str, one_of(RESIDENT_ID_ONLY, ID_TYPE_ALIASES)]
ChangeType = Annotated[str, one_of(CHANGE_TYPES)]


class RosterFilingRow(RowModel):
    project_no: Text = project_no_column()
    name: PersonName = column("姓名", example="张三")
    gender: Gender = column("性别", example="女", kind="choice", choices=GENDERS)
    id_type: IdType = column("证件类型", example="身份证", kind="choice", choices=RESIDENT_ID_ONLY)
    id_number: IdNumberStr = column(
        "证件号码", example="110100198506020015", sensitive=Sensitive.ID
    )
    start_date: DateValue = column("进入项目开始时间", example="20210317", kind="date")
    end_date: DateValue | None = column(
        "进入项目终止时间", example="20210331", kind="date", required=False
    )
    mobile: Mobile = column("手机号码", example="13600000000", sensitive=Sensitive.MOBILE)


class RosterMaintenanceRow(RowModel):
    project_no: Text = project_no_column()
    name: PersonName = column("姓名", example="张三")
    gender: Gender = column("性别", example="女", kind="choice", choices=GENDERS)
    id_number: IdNumberStr = column(
        "身份证号", example="110100198506020015", sensitive=Sensitive.ID
    )
    change_type: ChangeType = column(
        "人员变更类型", example="更新", kind="choice", choices=CHANGE_TYPES
    )
    start_date: DateValue = column("进入项目开始时间", example="20210310", kind="date")
    end_date: DateValue | None = column(
        "进入项目终止时间", example="20210317", kind="date", required=False
    )
    mobile: Mobile | None = column(
        "手机号码", example="13600000000", required=False, sensitive=Sensitive.MOBILE
    )


def _changes(rows: list[tuple[int, Any]]) -> list[RosterChange]:
    return [
        RosterChange(
            number=number,
            op=getattr(row, "change_type", ADD),
            project_no=row.project_no,
            id_number=row.id_number,
            name=row.name,
            gender=row.gender,
            start=row.start_date,
            end=row.end_date,
            mobile=row.mobile or "",
        )
        for number, row in rows
    ]


def roster_table(unit: Unit, kind: ProjectKind, draft: DraftView | None) -> InfoTable:
    """The chosen project's roster once a row names it, else the unit's projects."""
    chosen = None
    if draft is not None:
        first = draft.first_raw()
        if first and first.get("project_no"):
            chosen = project_list(
                unit=unit, kind=kind, project_nos=[str(first["project_no"])]
            ).first()
    if chosen is None:
        return projects_table(unit, kind, _("本单位已登记项目（请在“项目编号”中填写）"))
    lines = project_workers(unit=unit, project=chosen)
    rows = [
        [
            line.line_no,
            line.person.name,
            line.person.get_gender_display(),
            mask(line.person.id_number, Sensitive.ID),
            f"{line.start_date:%Y-%m-%d}",
            f"{line.end_date:%Y-%m-%d}" if line.end_date else "",
            line.get_status_display(),
        ]
        for line in lines[:ROSTER_SHOWN]
    ]
    return InfoTable(
        title=_("项目 %(p)s %(n)s 已参保人员信息（共 %(c)d 条）")
        % {"p": chosen.project_no, "n": chosen.name, "c": lines.count()},
        headers=[
            _("项目个人编号"),
            _("姓名"),
            _("性别"),
            _("证件号码"),
            _("进入项目开始时间"),
            _("进入项目终止时间"),
            _("状态"),
        ],
        rows=rows,
    )


class _Roster(ServiceSpec[RowT]):
    kind: ClassVar[ProjectKind]

    def info_table(self, unit: Unit, draft: DraftView | None = None) -> InfoTable:
        return roster_table(unit, self.kind, draft)

    def check(self, ctx: CheckContext, rows: list[tuple[int, Any]]) -> None:
        roster_plan(ctx, self.kind, _changes(rows))

    def apply(self, effect: EffectContext, rows: list[Any]) -> dict[str, Any]:
        return roster_apply(effect, self.kind, _changes(list(enumerate(rows, start=1))))


_FILING_HEADER = ("项目名称：", "项目编号：", "填报日期：")
_FILING_NOTE = "以上一行为填写示例请从下一行开始按示例填写（*为必填项）"
_REPORT_FOOTER = (
    "*以上事项填写真实，若与实际情况不符，本单位愿承担相关责任。",
    "单位负责人(签章)：          单位经办人(签章)：          联系电话：",
)
_FILING_COLUMNS = ("name", "gender", "id_type", "id_number", "start_date", "end_date", "mobile")
_MAINTENANCE_COLUMNS = (
    "name",
    "gender",
    "id_number",
    "change_type",
    "start_date",
    "end_date",
    "mobile",
)


@register
class ConstructionRosterFiling(_Roster[RosterFilingRow]):
    code = "hb_construction_project_roster_filing"
    areas = HUBEI_ONLY
    module = Module.REGISTRATION
    title = "建筑工程项目职工参保名册备案"
    section = "§3.3.4"
    kind = ProjectKind.CONSTRUCTION
    description = (
        "为参保单位办理建筑工程项目参保职工备案登记。无论单个添加还是批量添加，都需要先选择项目"
        "（填写项目编号）；进入项目的时间须在项目起止日期之内，同一人员在同一项目的时间段不能重叠。"
        "提交后等待大厅审核。"
    )
    row = RosterFilingRow
    template = Template(
        title="建筑工程项目职工参保备案花名册",
        header_lines=_FILING_HEADER,
        instruction=_FILING_NOTE,
        notes=("日期格式为 YYYYMMDD（如 20190301）或 YYYY-MM-DD。",),
    )
    review = Review.AGENCY
    report_title = "建筑工程项目职工参保备案花名册"
    report_columns = _FILING_COLUMNS
    report_notes = _REPORT_FOOTER


@register
class MiningRosterFiling(_Roster[RosterFilingRow]):
    code = "hb_mining_project_roster_filing"
    areas = HUBEI_ONLY
    module = Module.REGISTRATION
    title = "矿山项目人员参保名册备案"
    section = "§3.3.5"
    kind = ProjectKind.MINING
    description = (
        "为参保单位办理矿山项目参保职工备案登记。先选择项目（填写项目编号），再单个添加或批量添加；"
        "进入项目的时间须在项目起止日期之内。提交后等待大厅审核。"
    )
    row = RosterFilingRow
    template = Template(
        title="矿山项目职工参保备案花名册",
        header_lines=_FILING_HEADER,
        instruction=_FILING_NOTE,
        notes=("日期格式为 YYYYMMDD（如 20190301）或 YYYY-MM-DD。",),
    )
    review = Review.AGENCY
    report_title = "矿山项目职工参保备案花名册"
    report_columns = _FILING_COLUMNS
    report_notes = _REPORT_FOOTER


@register
class ConstructionRosterMaintenance(_Roster[RosterMaintenanceRow]):
    code = "hb_construction_project_roster_maintenance"
    areas = HUBEI_ONLY
    module = Module.INFO_MAINTENANCE
    title = "建筑工程项目职工参保名册维护"
    section = "§3.3.7"
    kind = ProjectKind.CONSTRUCTION
    description = (
        "为参保单位建筑工程项目备案参保职工办理信息变更：人员变更类型为更新（修改进入项目时间、"
        "手机号码）或减少（填写进入项目终止时间），也可增加。必传材料必须上传才能办理，"
        "提交后即时办结。"
    )
    row = RosterMaintenanceRow
    template = Template(
        title="工程项目职工参保信息维护花名册",
        header_lines=("项目名称：", "项目编号："),
    )
    materials = (Material("《建筑工程项目职工参保信息变更表》", Group.REQUIRED),)
    review = Review.AUTO
    report_title = "建筑工程项目职工参保信息维护花名册"
    report_columns = _MAINTENANCE_COLUMNS
    report_notes = _REPORT_FOOTER


@register
class MiningRosterMaintenance(_Roster[RosterMaintenanceRow]):
    code = "hb_mining_project_roster_maintenance"
    areas = HUBEI_ONLY
    module = Module.INFO_MAINTENANCE
    title = "矿山项目人员参保名册维护"
    section = "§3.3.8"
    kind = ProjectKind.MINING
    description = (
        "为参保单位办理矿山项目人员参保名册维护：人员变更类型为更新或减少（也可增加）。"
        "必传材料必须上传才能办理，提交后即时办结。"
    )
    row = RosterMaintenanceRow
    template = Template(
        title="工程项目职工参保信息维护花名册",
        header_lines=("项目名称：", "项目编号："),
    )
    materials = (Material("《矿山项目职工参保信息变更表》", Group.REQUIRED),)
    review = Review.AUTO
    report_title = "矿山项目职工参保信息维护花名册"
    report_columns = _MAINTENANCE_COLUMNS
    report_notes = _REPORT_FOOTER
