"""§3.3.17 单位职工社会保险暂停: end staff's enrolments at a date, with a reason."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.masking import Sensitive
from shebao.core.period import Period
from shebao.policy.areas import HUBEI_ONLY
from shebao.registry.choices import SUSPENSION_REASON_ALIASES, SUSPENSION_REASONS, EnrolmentStatus
from shebao.registry.disclosure import NAME_MISMATCH, PERSON_NO_MISMATCH
from shebao.registry.models import Enrolment
from shebao.registry.selectors import active_enrolments_by_id_number, persons_insured
from shebao.services.modules import Module
from shebao.services.registry import register
from shebao.services.rows import (
    DateValue,
    IdNumberStr,
    IdTypeName,
    PersonName,
    RowModel,
    Text,
    Tick,
    column,
    id_type_column,
    one_of,
)
from shebao.services.spec import (
    COMMON_REJECTION_REASONS,
    CheckContext,
    Review,
    ServiceSpec,
    Template,
    span_text,
)

from .common import (
    TYPE_FIELDS,
    check_id_type,
    check_unit_columns,
    duplicates,
    ticked_types,
    type_counts,
)
from .revert import revert_closed_enrolments

if TYPE_CHECKING:
    from shebao.registry.models import PersonQuerySet, Unit
    from shebao.services.spec import EffectContext

SUSPEND_EFFECT = gettext_noop(
    "将暂停 %(n)d 人在本单位的社会保险（%(types)s），停保(减员)日期 %(d)s"
)


class SuspensionRow(RowModel):
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
        example="√",
        kind="tick",
        required=False,
        group="停保险种",
    )
    unemployment: Tick = column(
        "失业保险", header_note="(√)", example="√", kind="tick", required=False, group="停保险种"
    )
    work_injury: Tick = column(
        "工伤保险", header_note="(√)", example="√", kind="tick", required=False, group="停保险种"
    )
    suspension_date: DateValue = column("停保(减员)日期", example="2019-01-31", kind="date")
    reason: Annotated[str, one_of(SUSPENSION_REASONS, SUSPENSION_REASON_ALIASES)] = column(
        "停保(减员)原因", example="职工发生辞职(退)", kind="choice", choices=SUSPENSION_REASONS
    )
    remarks: Text | None = column("备注", required=False)
    id_type: IdTypeName | None = id_type_column()


@register
class EmployeeInsuranceSuspension(ServiceSpec[SuspensionRow]):
    code = "hb_employee_insurance_suspension"
    areas = HUBEI_ONLY
    module = Module.CONTRIBUTION
    keywords = ("减员", "停保", "离职", "辞职")
    title = "单位职工社会保险暂停"
    section = "§3.3.17"
    description = (
        "职工因上学、参军、解除劳动关系、行政调动、判刑、死亡、无法联系等原因，"
        "由单位申报暂停其在本单位的社会保险关系（减员）。提交后由参保所属机构审核，审核通过即时生效。"
    )
    row = SuspensionRow
    template = Template(
        title="在职职工减员申报表",
        notes=(
            "说明：停保(减员)原因：终止解除劳动合同(劳动关系)、服刑、入伍入学、重复参保、行政调动、职工发生辞职(退)、退休减员、死亡、其他等。",
        ),
    )
    review = Review.AGENCY
    report_title = "在职职工减员申报表"
    report_columns = ("person_no", "id_number", "name", "suspension_date", "reason")
    rejection_reasons = (*COMMON_REJECTION_REASONS, gettext_noop("停保日期有误"))
    report_notes = (
        "填报说明：停保(减员)原因：终止解除劳动合同(劳动关系)、服刑、入伍入学、退休(退职)、重复参保、行政调动、职工发生辞职(退)、无法联系的、死亡、其他等",
    )

    def check(self, ctx: CheckContext, rows: list[tuple[int, SuspensionRow]]) -> None:
        unit = ctx.unit
        duplicates(ctx, rows, "身份证号码")
        active = active_enrolments_by_id_number(row.id_number for _n, row in rows)
        for number, row in rows:
            check_unit_columns(ctx, number, row, unit)
            types = ticked_types(row)
            if not types:
                ctx.fail(number, "停保险种", _("至少勾选一个停保险种"))
            mine = {
                e.insurance_type: e for e in active.get(row.id_number, ()) if e.unit_id == unit.pk
            }
            if not mine:
                ctx.fail(number, "身份证号码", _("该人员在本单位没有正常参保的险种，无需暂停"))
                continue
            person = next(iter(mine.values())).person
            if person.name != row.name:
                ctx.fail(number, "姓名", _(NAME_MISMATCH))
            check_id_type(ctx, number, row, person.id_type)
            if row.person_no and row.person_no != person.person_no:
                ctx.fail(number, "个人编号", _(PERSON_NO_MISMATCH))
            for t in types:
                enrolment = mine.get(t)
                if enrolment is None:
                    ctx.fail(number, t.label, _("该人员在本单位未正常参加%(t)s") % {"t": t.label})
                elif row.suspension_date < enrolment.start_date:
                    ctx.fail(
                        number,
                        "停保(减员)日期",
                        _("停保日期早于%(t)s本次参保开始日期 %(d)s")
                        % {"t": t.label, "d": enrolment.start_date.isoformat()},
                    )

    def effect_summary(self, rows: list[SuspensionRow]) -> str:
        """Who stops which types in this unit, from the 停保(减员)日期."""
        return _(SUSPEND_EFFECT) % {
            "n": len(rows),
            "types": type_counts(rows),
            "d": span_text(row.suspension_date for row in rows),
        }

    def lookup_persons(self, unit: Unit, persons: PersonQuerySet) -> PersonQuerySet:
        """Offer whom the unit may suspend: its staff insured now."""
        return persons_insured(persons, unit=unit)

    def revert(self, effect: EffectContext) -> dict[str, Any]:
        return revert_closed_enrolments(unit=effect.unit, serial_no=effect.serial_no)

    def apply(self, effect: EffectContext, rows: list[SuspensionRow]) -> dict[str, Any]:
        active = active_enrolments_by_id_number(row.id_number for row in rows)
        ended = []
        for row in rows:
            for enrolment in active.get(row.id_number, ()):
                if enrolment.unit_id == effect.unit.pk and enrolment.insurance_type in ticked_types(
                    row
                ):
                    enrolment.status = EnrolmentStatus.SUSPENDED
                    enrolment.end_date = row.suspension_date
                    enrolment.end_period = str(Period.of(row.suspension_date))
                    enrolment.suspension_reason = row.reason
                    enrolment.closed_by = effect.serial_no
                    ended.append(enrolment)
        Enrolment.objects.bulk_update(
            ended,
            ["status", "end_date", "end_period", "suspension_reason", "closed_by"],
            batch_size=1000,
        )
        return {"enrolments_ended": len(ended)}


__all__ = ["TYPE_FIELDS", "EmployeeInsuranceSuspension", "SuspensionRow"]
