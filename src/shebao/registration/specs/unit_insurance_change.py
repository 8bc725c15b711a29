"""§3.3.11 单位减少险种登记 and §3.3.12 单位增加险种登记: the unit's own insurance types.

A row is one insurance type of the unit. Reducing suspends contributions for the type
(正常参保 -> 暂停缴费) from the change date and is refused while staff are still actively
enrolled in it (R-BIZ-03: the message names the business to do first). Adding creates the
type, or resumes a suspended one, within the region's cap (R-INS-01).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

from django.utils.translation import gettext as _

from shebao.core.errors import InvalidValue
from shebao.policy.areas import HUBEI_ONLY
from shebao.registry import services as registry_services
from shebao.registry.choices import (
    PROVINCIAL_LEVEL_TYPES,
    TYPE_ALIASES,
    TYPE_CHOICES,
    TYPE_NAMES,
    InsuranceType,
    UnitInsuranceStatus,
)
from shebao.registry.models import Unit, UnitInsurance
from shebao.registry.selectors import active_staff_counts
from shebao.services.modules import Module
from shebao.services.registry import register
from shebao.services.rows import DateValue, RowModel, Text, column, one_of
from shebao.services.spec import CheckContext, InfoTable, Material, Mode, Review, RowT, ServiceSpec

from .common import CHANGED_MEANWHILE

if TYPE_CHECKING:
    from shebao.services.spec import DraftView, EffectContext

#: R-INS-01: the most types a unit of each kind of region may pay in.
OTHER_REGION_TYPES = frozenset(InsuranceType)

SUSPENSION_SERVICE = "单位职工社会保险暂停"
TYPE_REDUCTION_SERVICE = "单位职工减少险种登记"

InsuranceTypeName = Annotated[str, one_of(TYPE_CHOICES, TYPE_ALIASES)]


class UnitReductionRow(RowModel):
    insurance_type: InsuranceTypeName = column(
        "险种类型", example="失业保险", kind="choice", choices=TYPE_CHOICES
    )
    change_date: DateValue = column("变更日期", example="2024-06-30", kind="date")
    reason: Text = column("变更原因", example="单位险种调整")
    remarks: Text | None = column("备注", required=False)


class UnitAdditionRow(RowModel):
    insurance_type: InsuranceTypeName = column(
        "险种类型", example="失业保险", kind="choice", choices=TYPE_CHOICES
    )
    change_date: DateValue = column(
        "单位参保日期", example="2021-03-13", kind="date", help="新增险种的参保日期或恢复缴费日期"
    )
    reason: Text | None = column("变更原因", required=False)
    remarks: Text | None = column("备注", required=False)


def _type(row: UnitReductionRow | UnitAdditionRow) -> InsuranceType:
    return TYPE_NAMES[row.insurance_type]


def _unit_insurances(unit: Unit) -> dict[str, UnitInsurance]:
    return {i.insurance_type: i for i in unit.insurances.all()}


def _since(insurance: UnitInsurance) -> dt.date:
    """The date the type's current state began: the last change, else the unit's start."""
    return insurance.status_date or insurance.start_date


def _duplicates(
    ctx: CheckContext, rows: list[tuple[int, UnitReductionRow]] | list[tuple[int, UnitAdditionRow]]
) -> None:
    first: dict[str, int] = {}
    for number, row in rows:
        if row.insurance_type in first:
            ctx.fail(
                number, "险种类型", _("与第 %(n)d 行的险种重复") % {"n": first[row.insurance_type]}
            )
        else:
            first[row.insurance_type] = number


def allowed_types(unit: Unit) -> frozenset[InsuranceType]:
    """R-INS-01: 湖北省省本级 pension and unemployment; other regions all three."""
    return PROVINCIAL_LEVEL_TYPES if unit.region.is_provincial_level else OTHER_REGION_TYPES


INFO_HEADERS = (
    "序号",
    "险种类型",
    "单位参保状态",
    "单位参保日期",
    "单位统账结合日期",
    "变更日期",
    "正常参保职工",
)


def unit_types_table(unit: Unit, title: str, *, with_allowed: bool) -> InfoTable:
    """单位已参保信息 (and, for §3.3.12, the other types the region allows as 未参保)."""
    insurances = _unit_insurances(unit)
    staff = active_staff_counts(unit=unit)
    wanted = set(insurances) | (set(allowed_types(unit)) if with_allowed else set())
    rows = []
    for number, t in enumerate(sorted(wanted), start=1):
        kind = InsuranceType(t)
        i = insurances.get(t)
        rows.append(
            (
                str(number),
                str(kind.label),
                i.get_status_display() if i else _("未参保"),
                i.start_date.isoformat() if i else "",
                i.pooling_date.isoformat() if i and i.pooling_date else "",
                i.status_date.isoformat() if i and i.status_date else "",
                _("%(n)d 人") % {"n": staff.get(t, 0)},
            )
        )
    return InfoTable(title=title, headers=INFO_HEADERS, rows=rows)


class _UnitTypeChange(ServiceSpec[RowT]):
    modes = frozenset({Mode.SINGLE})
    review = Review.AGENCY
    report_title = "社会保险登记信息变更申报表（险种信息）"
    report_columns = ("insurance_type", "change_date", "reason", "remarks")

    def summary(self, rows: list[Any]) -> list[tuple[str, Any]]:
        return [(_("合计"), f"{len(rows)} 个险种")]


@register
class UnitInsuranceTypeReduction(_UnitTypeChange[UnitReductionRow]):
    code = "hb_unit_insurance_type_reduction"
    areas = HUBEI_ONLY
    module = Module.INFO_MAINTENANCE
    title = "单位减少险种登记"
    section = "§3.3.11"
    description = (
        "参保单位办理险种暂停缴费：选择要减少的险种，填写变更原因和变更日期。"
        "险种下仍有正常参保的职工时不能减少，须先办理“单位职工社会保险暂停”或“单位职工减少险种登记”。"
        "提交后由参保所属机构审核，审核通过后该险种自变更日期起暂停缴费。"
    )
    row = UnitReductionRow
    report_notes = ("变更类型：减少（暂停缴费）",)

    def info_table(self, unit: Unit, draft: DraftView | None = None) -> InfoTable:
        return unit_types_table(unit, _("单位已参保信息"), with_allowed=False)

    def check(self, ctx: CheckContext, rows: list[tuple[int, UnitReductionRow]]) -> None:
        unit = ctx.unit
        _duplicates(ctx, rows)
        insurances = _unit_insurances(unit)
        staff = active_staff_counts(unit=unit)
        for number, row in rows:
            t = _type(row)
            insurance = insurances.get(t)
            if insurance is None:
                ctx.fail(number, "险种类型", _("本单位未参加%(t)s，无需减少") % {"t": t.label})
                continue
            if insurance.status != UnitInsuranceStatus.ACTIVE:
                ctx.fail(
                    number,
                    "险种类型",
                    _("本单位%(t)s已是暂停缴费状态，无需减少") % {"t": t.label},
                )
                continue
            if staff.get(t):
                ctx.fail(
                    number,
                    "险种类型",
                    _("%(t)s仍有 %(n)d 名职工正常参保，请先办理“%(a)s”或“%(b)s”后再减少该险种")
                    % {
                        "t": t.label,
                        "n": staff[t],
                        "a": SUSPENSION_SERVICE,
                        "b": TYPE_REDUCTION_SERVICE,
                    },
                )
            if row.change_date < _since(insurance):
                ctx.fail(
                    number,
                    "变更日期",
                    _("变更日期不能早于%(t)s单位参保日期 %(d)s")
                    % {"t": t.label, "d": _since(insurance).isoformat()},
                )

    def apply(self, effect: EffectContext, rows: list[UnitReductionRow]) -> dict[str, Any]:
        insurances = registry_services.lock_unit_insurances(unit=effect.unit)
        staff = active_staff_counts(unit=effect.unit)  # again, under the lock
        changed = []
        for row in rows:
            t = _type(row)
            insurance = insurances[t]
            if staff.get(t) or insurance.status != UnitInsuranceStatus.ACTIVE:
                raise InvalidValue(_(CHANGED_MEANWHILE) % {"t": t.label})
            insurance.status = UnitInsuranceStatus.SUSPENDED
            insurance.status_date = row.change_date
            insurance.change_reason = row.reason[:100]
            insurance.changed_by = effect.serial_no
            changed.append(insurance)
        UnitInsurance.objects.bulk_update(
            changed, ["status", "status_date", "change_reason", "changed_by"]
        )
        return {"unit_types_suspended": sorted(i.insurance_type for i in changed)}


@register
class UnitInsuranceTypeAddition(_UnitTypeChange[UnitAdditionRow]):
    code = "hb_unit_insurance_type_addition"
    areas = HUBEI_ONLY
    module = Module.INFO_MAINTENANCE
    title = "单位增加险种登记"
    section = "§3.3.12"
    description = (
        "参保单位办理险种新增或险种恢复缴费。湖北省省本级单位最多参加城镇职工基本养老保险和失业保险两个险种，"
        "其他地市单位最多参加城镇职工基本养老保险、失业保险和工伤保险三个险种。"
        "提交后由参保所属机构审核，审核通过后自单位参保日期起正常参保。"
    )
    row = UnitAdditionRow
    materials = (Material("险种变更审批件"),)
    report_notes = ("变更类型：增加（新增险种或恢复缴费）",)

    def info_table(self, unit: Unit, draft: DraftView | None = None) -> InfoTable:
        return unit_types_table(unit, _("单位可参保险种"), with_allowed=True)

    def check(self, ctx: CheckContext, rows: list[tuple[int, UnitAdditionRow]]) -> None:
        unit = ctx.unit
        _duplicates(ctx, rows)
        insurances = _unit_insurances(unit)
        allowed = allowed_types(unit)
        for number, row in rows:
            t = _type(row)
            if t not in allowed:
                ctx.fail(
                    number,
                    "险种类型",
                    _("%(r)s单位最多参加城镇职工基本养老保险和失业保险两个险种，不能增加%(t)s")
                    % {"r": unit.region.name, "t": t.label},
                )
                continue
            insurance = insurances.get(t)
            if insurance is None:
                continue
            if insurance.status == UnitInsuranceStatus.ACTIVE:
                ctx.fail(number, "险种类型", _("本单位已正常参加%(t)s，无需增加") % {"t": t.label})
            elif row.change_date < _since(insurance):
                ctx.fail(
                    number,
                    "单位参保日期",
                    _("恢复缴费日期不能早于%(t)s暂停缴费日期 %(d)s")
                    % {"t": t.label, "d": _since(insurance).isoformat()},
                )

    def apply(self, effect: EffectContext, rows: list[UnitAdditionRow]) -> dict[str, Any]:
        insurances = registry_services.lock_unit_insurances(unit=effect.unit)
        added, resumed = [], []
        for row in rows:
            t = _type(row)
            fields = {
                "status": UnitInsuranceStatus.ACTIVE,
                "status_date": row.change_date,
                "change_reason": (row.reason or "")[:100],
                "changed_by": effect.serial_no,
            }
            insurance = insurances.get(t)
            if insurance is None:
                UnitInsurance.objects.create(
                    unit=effect.unit, insurance_type=t, start_date=row.change_date, **fields
                )
                added.append(t.value)
            else:
                for name, value in fields.items():
                    setattr(insurance, name, value)
                insurance.save(update_fields=list(fields))
                resumed.append(t.value)
        return {"unit_types_added": sorted(added), "unit_types_resumed": sorted(resumed)}


__all__ = [
    "UnitAdditionRow",
    "UnitInsuranceTypeAddition",
    "UnitInsuranceTypeReduction",
    "UnitReductionRow",
    "allowed_types",
]
