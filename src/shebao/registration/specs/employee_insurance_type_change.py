"""§3.3.18 单位职工减少险种登记 and §3.3.19 单位职工增加险种登记: some, not all, of a person's types.

Reducing ends the person's enrolment in the ticked types at this unit; ending every type is
§3.3.17 (单位职工社会保险暂停) instead. Adding enrols a person already insured by the unit in
another type, in a type the unit pays in, and never twice in one type anywhere. Both complete
at once (表示业务办理成功), like the manual shows.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

from django.utils.translation import gettext as _

from shebao.core.masking import Sensitive
from shebao.core.period import Period
from shebao.policy.areas import HUBEI_ONLY
from shebao.registry.choices import (
    PROVINCIAL_LEVEL_TYPES,
    TYPE_REDUCTION_REASONS,
    EnrolmentStatus,
    UnitInsuranceStatus,
)
from shebao.registry.disclosure import NAME_MISMATCH, PERSON_NO_MISMATCH
from shebao.registry.models import Enrolment, Person, Unit, UnitInsurance
from shebao.registry.selectors import active_enrolments_by_id_number, persons_by_id_number
from shebao.registry.signals import enrolments_opened
from shebao.services.modules import Module
from shebao.services.registry import register
from shebao.services.rows import (
    DateValue,
    IdNumberStr,
    IdTypeName,
    Money,
    PersonName,
    RowModel,
    Text,
    Tick,
    column,
    id_type_column,
    one_of,
)
from shebao.services.spec import CheckContext, Material, Review, ServiceSpec, Template

from .common import (
    check_unit_columns,
    duplicates,
    insured_message,
    require_active_unit_types,
    ticked_types,
)
from .revert import revert_closed_enrolments, revert_opened_enrolments

if TYPE_CHECKING:
    from shebao.services.spec import EffectContext

ENROLMENT_SERVICE = "单位职工参保登记/续保"
SUSPENSION_SERVICE = "单位职工社会保险暂停"
UNIT_ADDITION_SERVICE = "单位增加险种登记"


class TypeReductionRow(RowModel):
    unit_no: Text | None = column("单位编号", example="100000000", required=False)
    unit_name: Text | None = column("单位名称", example="武汉***公司", required=False)
    person_no: Text | None = column("个人编号", example="10000000000", required=False)
    id_number: IdNumberStr = column(
        "身份证号码", example="110100198506020015", sensitive=Sensitive.ID
    )
    name: PersonName = column("姓名", example="张三")
    pension: Tick = column(
        "城镇企业职工养老保险",
        header_note="(√)",
        example="",
        kind="tick",
        required=False,
        group="减少险种",
    )
    unemployment: Tick = column(
        "失业保险", header_note="(√)", example="√", kind="tick", required=False, group="减少险种"
    )
    work_injury: Tick = column(
        "工伤保险", header_note="(√)", example="", kind="tick", required=False, group="减少险种"
    )
    change_date: DateValue = column("变更日期", example="2019-03-04", kind="date")
    reason: Annotated[str, one_of(TYPE_REDUCTION_REASONS)] = column(
        "减少原因", example="异地参加该险种", kind="choice", choices=TYPE_REDUCTION_REASONS
    )
    id_type: IdTypeName | None = id_type_column()


class TypeAdditionRow(RowModel):
    unit_no: Text | None = column("单位编号", example="100000000", required=False)
    unit_name: Text | None = column("单位名称", example="武汉**公司", required=False)
    person_no: Text | None = column("个人编号", example="10000000000", required=False)
    id_number: IdNumberStr = column(
        "身份证号码", example="110100198506020015", sensitive=Sensitive.ID
    )
    name: PersonName = column("姓名", example="张三")
    pension: Tick = column(
        "城镇企业职工养老保险",
        header_note="(√)",
        example="",
        kind="tick",
        required=False,
        group="参保险种",
    )
    unemployment: Tick = column(
        "失业保险", header_note="(√)", example="√", kind="tick", required=False, group="参保险种"
    )
    work_injury: Tick = column(
        "工伤保险", header_note="(√)", example="", kind="tick", required=False, group="参保险种"
    )
    change_date: DateValue = column("变更时间", example="2024-03-01", kind="date")
    monthly_wage: Money | None = column(
        "上年月均工资",
        example="8000",
        kind="money",
        required=False,
        help="不填时沿用该职工在本单位现有险种的月缴费工资",
    )
    reason: Text | None = column("变更原因", required=False)
    id_type: IdTypeName | None = id_type_column()


def _check_person(
    ctx: CheckContext, number: int, row: TypeReductionRow | TypeAdditionRow, person: Person
) -> None:
    if person.name != row.name:
        ctx.fail(number, "姓名", _(NAME_MISMATCH))
    if row.person_no and row.person_no != person.person_no:
        ctx.fail(number, "个人编号", _(PERSON_NO_MISMATCH))


def _summary(rows: list[TypeReductionRow] | list[TypeAdditionRow]) -> list[tuple[str, Any]]:
    return [
        ("合计", f"{len(rows)} 人"),
        ("养老", f"{sum(1 for r in rows if r.pension)} 人"),
        ("失业", f"{sum(1 for r in rows if r.unemployment)} 人"),
        ("工伤", f"{sum(1 for r in rows if r.work_injury)} 人"),
    ]


@register
class EmployeeInsuranceTypeReduction(ServiceSpec[TypeReductionRow]):
    code = "hb_employee_insurance_type_reduction"
    areas = HUBEI_ONLY
    module = Module.CONTRIBUTION
    keywords = ("减少险种", "退保")
    title = "单位职工减少险种登记"
    section = "§3.3.18"
    description = (
        "为参保单位职工办理部分险种减少或部分险种暂停，例如职工已在异地参加该险种。"
        "职工在本单位的全部险种都要停止时，请办理“单位职工社会保险暂停”。提交即办结。"
    )
    row = TypeReductionRow
    template = Template(
        title="在职职工险种减少申报表",
        notes=("减少原因：异地参加该险种、重复参保、其他。",),
    )
    materials = (Material("险种减少证明材料", note="如异地参保证明"),)
    review = Review.AUTO
    report_title = "单位职工减少险种申报表"
    report_columns = (
        "person_no",
        "id_number",
        "name",
        "pension",
        "unemployment",
        "work_injury",
        "reason",
        "change_date",
    )

    def check(self, ctx: CheckContext, rows: list[tuple[int, TypeReductionRow]]) -> None:
        unit = ctx.unit
        duplicates(ctx, rows, "身份证号码")
        active = active_enrolments_by_id_number(row.id_number for _n, row in rows)
        for number, row in rows:
            check_unit_columns(ctx, number, row, unit)
            types = ticked_types(row)
            if not types:
                ctx.fail(number, "减少险种", _("至少勾选一个减少险种"))
            mine = {
                e.insurance_type: e for e in active.get(row.id_number, ()) if e.unit_id == unit.pk
            }
            if not mine:
                ctx.fail(number, "身份证号码", _("该人员在本单位没有正常参保的险种，无需减少"))
                continue
            _check_person(ctx, number, row, next(iter(mine.values())).person)
            for t in types:
                enrolment = mine.get(t)
                if enrolment is None:
                    ctx.fail(number, t.label, _("该人员在本单位未正常参加%(t)s") % {"t": t.label})
                elif row.change_date < enrolment.start_date:
                    ctx.fail(
                        number,
                        "变更日期",
                        _("变更日期早于%(t)s本次参保开始日期 %(d)s")
                        % {"t": t.label, "d": enrolment.start_date.isoformat()},
                    )
            if types and set(mine) <= set(types):
                ctx.fail(
                    number,
                    "减少险种",
                    _("减少后该人员在本单位将没有正常参保的险种，请办理“%(s)s”")
                    % {"s": SUSPENSION_SERVICE},
                )

    def revert(self, effect: EffectContext) -> dict[str, Any]:
        return revert_closed_enrolments(unit=effect.unit, serial_no=effect.serial_no)

    def apply(self, effect: EffectContext, rows: list[TypeReductionRow]) -> dict[str, Any]:
        active = active_enrolments_by_id_number(row.id_number for row in rows)
        ended = []
        for row in rows:
            types = ticked_types(row)
            for enrolment in active.get(row.id_number, ()):
                if enrolment.unit_id == effect.unit.pk and enrolment.insurance_type in types:
                    enrolment.status = EnrolmentStatus.SUSPENDED
                    enrolment.end_date = row.change_date
                    enrolment.end_period = str(Period.of(row.change_date))
                    enrolment.suspension_reason = row.reason
                    enrolment.closed_by = effect.serial_no
                    ended.append(enrolment)
        Enrolment.objects.bulk_update(
            ended,
            ["status", "end_date", "end_period", "suspension_reason", "closed_by"],
            batch_size=1000,
        )
        return {"enrolments_ended": len(ended)}

    def summary(self, rows: list[TypeReductionRow]) -> list[tuple[str, Any]]:
        return _summary(rows)


def _unit_type_states(unit: Unit) -> dict[str, UnitInsurance]:
    return {i.insurance_type: i for i in unit.insurances.all()}


@register
class EmployeeInsuranceTypeAddition(ServiceSpec[TypeAdditionRow]):
    code = "hb_employee_insurance_type_addition"
    areas = HUBEI_ONLY
    module = Module.CONTRIBUTION
    keywords = ("增加险种", "加保")
    title = "单位职工增加险种登记"
    section = "§3.3.19"
    description = (
        "为已在本单位参保的职工增加险种或恢复险种缴费状态。增加的险种须是本单位正常参保的险种，"
        "且职工未在任何单位正常参加该险种。提交即办结。"
    )
    row = TypeAdditionRow
    template = Template(title="在职职工险种增加申报表")
    review = Review.AUTO
    report_title = "在职职工险种增加申报表"
    report_columns = (
        "person_no",
        "id_number",
        "name",
        "pension",
        "unemployment",
        "work_injury",
        "change_date",
        "monthly_wage",
    )

    def check(self, ctx: CheckContext, rows: list[tuple[int, TypeAdditionRow]]) -> None:
        unit = ctx.unit
        duplicates(ctx, rows, "身份证号码")
        states = _unit_type_states(unit)
        persons = persons_by_id_number(row.id_number for _n, row in rows)
        active = active_enrolments_by_id_number(row.id_number for _n, row in rows)
        for number, row in rows:
            check_unit_columns(ctx, number, row, unit)
            types = ticked_types(row)
            if not types:
                ctx.fail(number, "参保险种", _("至少勾选一个增加险种"))
            if row.monthly_wage is not None and row.monthly_wage <= 0:
                ctx.fail(number, "上年月均工资", _("上年月均工资必须大于 0"))
            person = persons.get(row.id_number)
            enrolments = active.get(row.id_number, [])
            if person is None or not any(e.unit_id == unit.pk for e in enrolments):
                # one answer for unknown and for other units' persons: nothing about them
                ctx.fail(
                    number,
                    "身份证号码",
                    _("该人员在本单位没有正常参保的险种，请先办理“%(s)s”")
                    % {"s": ENROLMENT_SERVICE},
                )
                continue
            _check_person(ctx, number, row, person)
            for t in types:
                self._check_type(ctx, number, row, t, unit, states, enrolments)

    def _check_type(
        self,
        ctx: CheckContext,
        number: int,
        row: TypeAdditionRow,
        t: Any,
        unit: Unit,
        states: dict[str, UnitInsurance],
        enrolments: list[Enrolment],
    ) -> None:
        state = states.get(t)
        if unit.region.is_provincial_level and t not in PROVINCIAL_LEVEL_TYPES:
            ctx.fail(
                number,
                t.label,
                _("%(r)s只经办城镇职工基本养老保险和失业保险，不能增加%(t)s")
                % {"r": unit.region.name, "t": t.label},
            )
            return
        if state is None:
            ctx.fail(
                number,
                t.label,
                _("本单位未参加%(t)s，请先办理“%(s)s”")
                % {"t": t.label, "s": UNIT_ADDITION_SERVICE},
            )
            return
        if state.status != UnitInsuranceStatus.ACTIVE:
            ctx.fail(
                number,
                t.label,
                _("本单位%(t)s已暂停缴费，请先办理“%(s)s”恢复缴费")
                % {"t": t.label, "s": UNIT_ADDITION_SERVICE},
            )
            return
        since = state.status_date or state.start_date
        if row.change_date < since:
            ctx.fail(
                number,
                "变更时间",
                _("变更时间不能早于本单位%(t)s参保日期 %(d)s")
                % {"t": t.label, "d": since.isoformat()},
            )
        for e in enrolments:
            if e.insurance_type == t:
                ctx.fail(number, t.label, insured_message(e, unit))

    def revert(self, effect: EffectContext) -> dict[str, Any]:
        return revert_opened_enrolments(unit=effect.unit, serial_no=effect.serial_no)

    def apply(self, effect: EffectContext, rows: list[TypeAdditionRow]) -> dict[str, Any]:
        require_active_unit_types(effect.unit, {t for row in rows for t in ticked_types(row)})
        persons = persons_by_id_number(row.id_number for row in rows)
        active = active_enrolments_by_id_number(row.id_number for row in rows)
        created = []
        for row in rows:
            wage = row.monthly_wage
            if wage is None:
                wages = [
                    e.monthly_wage
                    for e in active.get(row.id_number, ())
                    if e.unit_id == effect.unit.pk and e.monthly_wage is not None
                ]
                wage = max(wages) if wages else None
            for t in ticked_types(row):
                created.append(
                    Enrolment(
                        person=persons[row.id_number],
                        unit=effect.unit,
                        insurance_type=t,
                        status=EnrolmentStatus.ACTIVE,
                        start_period=str(Period.of(row.change_date)),
                        start_date=row.change_date,
                        monthly_wage=None if wage is None else Decimal(wage),
                        opened_by=effect.serial_no,
                    )
                )
        Enrolment.objects.bulk_create(created)
        enrolments_opened.send(Enrolment, enrolments=created, serial_no=effect.serial_no)
        return {"enrolments_created": len(created)}

    def summary(self, rows: list[TypeAdditionRow]) -> list[tuple[str, Any]]:
        return _summary(rows)


__all__ = [
    "EmployeeInsuranceTypeAddition",
    "EmployeeInsuranceTypeReduction",
    "TypeAdditionRow",
    "TypeReductionRow",
]
