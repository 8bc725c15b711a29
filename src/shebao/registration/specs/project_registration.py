"""§3.3.1 建筑工程项目登记, §3.3.2 矿山项目登记 and their 信息变更 (§3.3.13, §3.3.14).

The manual's §3.3.1 form transcribes the unit's own registration tabs; the project's fields
are those of §3.3.13 (services.yaml open question), which is what the row here declares.
One case registers or changes one project (``max_rows = 1``); the project number (项目编号)
is assigned from a counter on approval, and the roster services (§3.3.4-§3.3.8) refer to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.masking import Sensitive, mask
from shebao.core.models import next_values
from shebao.policy.areas import HUBEI_ONLY
from shebao.registry.choices import (
    CONSTRUCTION_INDUSTRY_CATEGORIES,
    ID_TYPES,
    MINING_PROJECT_TYPES,
    RESIDENT_ID,
    ProjectKind,
    ProjectWorkerStatus,
)
from shebao.registry.models import Project, ProjectWorker, Unit
from shebao.registry.selectors import project_list
from shebao.services.modules import Module
from shebao.services.registry import register
from shebao.services.rows import DateValue, Money, PersonName, RowModel, Text, column, one_of
from shebao.services.spec import (
    CheckContext,
    Group,
    InfoTable,
    Material,
    Mode,
    Review,
    RowT,
    ServiceSpec,
)

from .project_common import (
    PROJECT_NO_COUNTER,
    PROJECT_NO_START,
    STATUS_CHOICES,
    STATUS_NAMES,
    YES_NO,
    BankAccount,
    Count,
    IdTypeName,
    Phone,
    ProjectStatusName,
    YesNo,
    check_manager_id,
    check_span,
    optional_copy,
    project_no_column,
    projects_by_no,
    resolve_project,
)

if TYPE_CHECKING:
    from shebao.services.spec import DraftView, EffectContext

WORKERS_OUTSIDE = gettext_noop(
    "已有 %(n)d 名人员的进入项目时间超出新的项目起止日期（如 %(who)s），请先维护参保名册"
)
PRICE_POSITIVE = gettext_noop("项目总价/工程安装费必须大于 0")
NOTHING_CHANGED = gettext_noop("没有填写任何要变更的信息")

IndustryCategory = Annotated[str, one_of(CONSTRUCTION_INDUSTRY_CATEGORIES)]
MiningType = Annotated[
    str, one_of(MINING_PROJECT_TYPES, {"煤矿项目": "煤矿", "非煤矿": "非煤矿山"})
]


class ConstructionProjectRow(RowModel):
    project_name: Text = column("项目名称", example="fcc测试")
    project_status: ProjectStatusName = column(
        "项目状态", example="正常", kind="choice", choices=STATUS_CHOICES
    )
    is_decoration_or_landscaping: YesNo = column(
        "装饰装修工程或园林绿化项目", example="否", kind="choice", choices=YES_NO
    )
    contract_no: Text | None = column("合同编号", example="HT2021-001", required=False)
    contract_start_date: DateValue | None = column(
        "合同开始时间", example="2021-03-01", kind="date", required=False
    )
    contract_end_date: DateValue | None = column(
        "合同结束时间", example="2021-12-31", kind="date", required=False
    )
    total_price_10k_cny: Money = column(
        "项目总价/工程安装费(万元)", example="1200.50", kind="money", help="单位：万元"
    )
    address: Text | None = column("施工地址", example="武汉市洪山区**路 1 号", required=False)
    manager_name: PersonName = column("负责人姓名", example="张三")
    manager_id_type: IdTypeName = column(
        "负责人证件类型", example=RESIDENT_ID, kind="choice", choices=ID_TYPES
    )
    manager_id_number: Text = column(
        "负责人证件号码", example="110100198506020015", sensitive=Sensitive.ID
    )
    manager_phone: Phone = column(
        "负责人联系电话", example="13800138000", sensitive=Sensitive.MOBILE
    )
    expected_headcount: Count | None = column("预计用工人数", example="50", required=False)
    start_date: DateValue = column("施工开始日期", example="2021-03-10", kind="date")
    end_date: DateValue = column("施工结束日期", example="2021-12-31", kind="date")
    industry_category: IndustryCategory = column(
        "行业类别", example="房屋建设", kind="choice", choices=CONSTRUCTION_INDUSTRY_CATEGORIES
    )
    payment_bank_type: Text | None = column(
        "支付银行类别", example="102 中国工商银行", required=False
    )
    bank_branch_name: Text | None = column("银行网点名称", required=False)
    bank_account_name: Text | None = column("户名", required=False)
    bank_account_no: BankAccount | None = column(
        "银行账号", required=False, sensitive=Sensitive.ACCOUNT
    )


class MiningProjectRow(RowModel):
    project_name: Text = column("项目名称", example="fcc测试矿山")
    mining_type: MiningType = column(
        "矿山项目类型", example="非煤矿山", kind="choice", choices=MINING_PROJECT_TYPES
    )
    project_status: ProjectStatusName = column(
        "项目状态", example="正常", kind="choice", choices=STATUS_CHOICES
    )
    start_date: DateValue = column("项目开始日期", example="2021-03-10", kind="date")
    end_date: DateValue = column("项目结束日期", example="2021-03-30", kind="date")
    expected_headcount: Count | None = column("预计用工人数", example="30", required=False)
    address: Text | None = column("项目地址", required=False)
    manager_name: PersonName = column("负责人姓名", example="张三")
    manager_id_type: IdTypeName = column(
        "负责人证件类型", example=RESIDENT_ID, kind="choice", choices=ID_TYPES
    )
    manager_id_number: Text = column(
        "负责人证件号码", example="110100198506020015", sensitive=Sensitive.ID
    )
    manager_phone: Phone = column(
        "负责人联系电话", example="13800138000", sensitive=Sensitive.MOBILE
    )
    capacity_quantity: Money | None = column(
        "产能数量",
        kind="money",
        required=False,
        help="申报矿山项目工伤保险费时必填，计量单位按主管部门核定",
    )
    payment_bank_type: Text | None = column(
        "支付银行类别", example="102 中国工商银行", required=False
    )
    bank_branch_name: Text | None = column("银行网点名称", required=False)
    bank_account_name: Text | None = column("户名", required=False)
    bank_account_no: BankAccount | None = column(
        "银行账号", required=False, sensitive=Sensitive.ACCOUNT
    )


ConstructionProjectChangeRow = optional_copy(
    "ConstructionProjectChangeRow",
    ConstructionProjectRow,
    {"project_no": (Text, project_no_column())},
)
MiningProjectChangeRow = optional_copy(
    "MiningProjectChangeRow", MiningProjectRow, {"project_no": (Text, project_no_column())}
)

#: row field -> Project field, where the names differ
_MODEL_FIELD = {"project_name": "name", "project_status": "status"}


def model_values(row: RowModel) -> dict[str, Any]:
    """The Project fields a row sets; fields left blank (None) are not included."""
    values: dict[str, Any] = {}
    for name, value in row.model_dump().items():
        if name == "project_no" or value is None:
            continue
        if name == "project_status":
            value = STATUS_NAMES[value]
        elif name == "is_decoration_or_landscaping":
            value = value == "是"
        values[_MODEL_FIELD.get(name, name)] = value
    return values


def projects_table(unit: Unit, kind: ProjectKind, title: str) -> InfoTable:
    """The unit's projects of one kind, with how many workers are on each roster now."""
    rows = []
    for p in project_list(unit=unit, kind=kind):
        active = p.workers.filter(status=ProjectWorkerStatus.ACTIVE).count()
        rows.append(
            [
                p.project_no,
                p.name,
                p.get_status_display(),
                f"{p.start_date:%Y-%m-%d}",
                f"{p.end_date:%Y-%m-%d}",
                p.manager_name,
                mask(p.manager_id_number, Sensitive.ID),
                str(active),
            ]
        )
    headers = [
        _("项目编号"),
        _("项目名称"),
        _("项目状态"),
        _("项目开始日期"),
        _("项目结束日期"),
        _("负责人姓名"),
        _("负责人证件号码"),
        _("在册人数"),
    ]
    return InfoTable(title=title, headers=headers, rows=rows)


class _ProjectRegistration(ServiceSpec[RowT]):
    kind: ClassVar[ProjectKind]
    modes = frozenset({Mode.SINGLE})
    max_rows = 1
    review = Review.AGENCY

    def info_table(self, unit: Unit, draft: DraftView | None = None) -> InfoTable:
        return projects_table(unit, self.kind, _("本单位已登记项目"))

    def check(self, ctx: CheckContext, rows: list[tuple[int, Any]]) -> None:
        for number, row in rows:
            check_manager_id(ctx, number, row.manager_id_type, row.manager_id_number)
            check_span(ctx, number, "项目结束日期", row.start_date, row.end_date)
            check_span(
                ctx,
                number,
                "合同结束时间",
                getattr(row, "contract_start_date", None),
                getattr(row, "contract_end_date", None),
            )
            price = getattr(row, "total_price_10k_cny", None)
            if price is not None and price <= 0:
                ctx.fail(number, "项目总价/工程安装费(万元)", _(PRICE_POSITIVE))

    def apply(self, effect: EffectContext, rows: list[Any]) -> dict[str, Any]:
        (row,) = rows
        (number,) = next_values(PROJECT_NO_COUNTER, 1, start=PROJECT_NO_START)
        project = Project.objects.create(
            unit=effect.unit,
            kind=self.kind,
            project_no=f"{number:08d}",
            opened_by=effect.serial_no,
            **model_values(row),
        )
        return {"project_no": project.project_no, "project_name": project.name}

    def summary(self, rows: list[Any]) -> list[tuple[str, Any]]:
        return [(_("合计"), _("%(n)d 个项目") % {"n": len(rows)})]


@register
class ConstructionProjectRegistration(_ProjectRegistration[ConstructionProjectRow]):
    code = "hb_construction_project_registration"
    areas = HUBEI_ONLY
    module = Module.REGISTRATION
    title = "建筑工程项目登记"
    section = "§3.3.1"
    kind = ProjectKind.CONSTRUCTION
    description = (
        "为参保单位办理建筑工程项目工伤保险登记：填写工程项目基本信息（*为必填项），"
        "上传施工合同等材料后提交，由参保所属机构审核。审核通过后系统分配项目编号，"
        "可在建筑工程项目职工参保名册备案、名册维护、项目信息变更中选择该项目。"
    )
    row = ConstructionProjectRow
    materials = (
        Material("施工合同", Group.REQUIRED),
        Material("中标通知书"),
        Material("其他材料"),
    )
    report_title = "建筑工程项目登记表"


@register
class MiningProjectRegistration(_ProjectRegistration[MiningProjectRow]):
    code = "hb_mining_project_registration"
    areas = HUBEI_ONLY
    module = Module.REGISTRATION
    title = "矿山项目登记"
    section = "§3.3.2"
    kind = ProjectKind.MINING
    description = (
        "为参保单位办理矿山项目登记（含煤矿和非煤矿）：填写矿山项目信息（*为必填项），"
        "分组1 的材料（开采协议、采矿许可证）至少上传一种，提交后由参保所属机构审核，"
        "审核通过后系统分配项目编号。"
    )
    row = MiningProjectRow
    materials = (
        Material("开采协议", Group.GROUP1),
        Material("采矿许可证", Group.GROUP1),
        Material("其他材料"),
    )
    report_title = "矿山项目登记表"


class _ProjectInfoChange(ServiceSpec[RowT]):
    kind: ClassVar[ProjectKind]
    modes = frozenset({Mode.SINGLE})
    max_rows = 1
    review = Review.AGENCY

    def info_table(self, unit: Unit, draft: DraftView | None = None) -> InfoTable:
        return projects_table(unit, self.kind, _("本单位已登记项目"))

    def check(self, ctx: CheckContext, rows: list[tuple[int, Any]]) -> None:
        projects = projects_by_no(ctx.unit, (row.project_no for _n, row in rows))
        for number, row in rows:
            project = resolve_project(ctx, number, row.project_no, projects, self.kind)
            if project is None:
                continue
            values = model_values(row)
            if not values:
                ctx.fail(number, "", _(NOTHING_CHANGED))
                continue
            merged = {f.name: getattr(project, f.attname) for f in Project._meta.concrete_fields}
            merged.update(values)
            check_manager_id(ctx, number, merged["manager_id_type"], merged["manager_id_number"])
            check_span(ctx, number, "项目结束日期", merged["start_date"], merged["end_date"])
            check_span(
                ctx,
                number,
                "合同结束时间",
                merged["contract_start_date"],
                merged["contract_end_date"],
            )
            if merged["total_price_10k_cny"] is not None and merged["total_price_10k_cny"] <= 0:
                ctx.fail(number, "项目总价/工程安装费(万元)", _(PRICE_POSITIVE))
            if "start_date" in values or "end_date" in values:
                _check_roster_inside(ctx, number, project, merged["start_date"], merged["end_date"])

    def apply(self, effect: EffectContext, rows: list[Any]) -> dict[str, Any]:
        (row,) = rows
        project = Project.objects.select_for_update().get(
            unit=effect.unit, project_no=row.project_no
        )
        changed: dict[str, list[str]] = {}
        for name, value in model_values(row).items():
            before = getattr(project, name)
            if before != value:
                changed[name] = [str(before), str(value)]
                setattr(project, name, value)
        project.changed_by = effect.serial_no
        project.save()
        return {"project_no": project.project_no, "changed": changed}


def _check_roster_inside(
    ctx: CheckContext, number: int, project: Project, start: Any, end: Any
) -> None:
    """New project dates must still hold every active worker's period (R-BIZ-01's containment)."""
    active = ProjectWorker.objects.filter(project=project, status=ProjectWorkerStatus.ACTIVE)
    outside = active.filter(start_date__lt=start) | active.filter(start_date__gt=end)
    outside = outside | active.filter(end_date__gt=end)
    count = outside.count()
    if count:
        first = outside.select_related("person").first()
        who = first.person.name if first else ""
        ctx.fail(number, "项目结束日期", _(WORKERS_OUTSIDE) % {"n": count, "who": who})


@register
class ConstructionProjectInfoChange(_ProjectInfoChange[Any]):  # the row class is built at import
    code = "hb_construction_project_info_change"
    areas = HUBEI_ONLY
    module = Module.INFO_MAINTENANCE
    title = "建筑工程项目信息变更"
    section = "§3.3.13"
    kind = ProjectKind.CONSTRUCTION
    description = (
        "为参保单位建筑工程项目工伤保险登记办理信息变更：填写项目编号选择项目，"
        "只填写需要变更的信息（未填写的保持原登记信息），上传材料后提交，由参保所属机构审核。"
    )
    row = ConstructionProjectChangeRow
    # The manual does not transcribe §3.3.13's list; by analogy with §3.3.14 (inferred).
    materials = (
        Material("《建筑工程项目信息变更申请表》", Group.REQUIRED),
        Material("其他材料"),
    )
    report_title = "建筑工程项目信息变更表"


@register
class MiningProjectInfoChange(_ProjectInfoChange[Any]):  # the row class is built at import
    code = "hb_mining_project_info_change"
    areas = HUBEI_ONLY
    module = Module.INFO_MAINTENANCE
    title = "矿山项目信息变更"
    section = "§3.3.14"
    kind = ProjectKind.MINING
    description = (
        "为参保单位办理矿山项目信息变更：填写项目编号选择项目，只填写需要变更的信息"
        "（未填写的保持原登记信息），上传《矿山项目信息变更申请表》后提交，由参保所属机构审核。"
    )
    row = MiningProjectChangeRow
    materials = (
        Material("《矿山项目信息变更申请表》", Group.REQUIRED),
        Material("其他材料"),
    )
    report_title = "矿山项目信息变更表"
