"""§3.3.67 失业人员批量新增: the unit reports staff who became unemployed (失业登记).

Single and batch (the manual's template: 个人编号 … 联系人姓名, plus 失业时间, 失业登记,
户口性质, 联系电话 and 联系地址, which the success list shows). R-TIME-10 and its reading
are in :mod:`shebao.unemployment.rules`; the person must have been insured for
unemployment in this unit and suspended there (§3.3.17) for an involuntary reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.masking import Sensitive
from shebao.policy.areas import HUBEI_ONLY
from shebao.registration.specs.common import check_unit_columns, duplicates
from shebao.registry.choices import EnrolmentStatus, InsuranceType
from shebao.registry.disclosure import NAME_MISMATCH, PERSON_NO_MISMATCH
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
    COMMON_REJECTION_REASONS,
    CheckContext,
    Group,
    Material,
    Review,
    ServiceSpec,
    Template,
    span_text,
)

from .. import rules
from ..choices import HUKOU_TYPES, UNEMPLOYMENT_REASONS, WUHAN_FLAGS
from ..models import UnemploymentRegistration
from ..services import registrations_create
from .common import (
    BEFORE_STOP,
    INSURED_NOW,
    NOT_FOUND,
    NOT_SUSPENDED_HERE,
    VOLUNTARY,
    Lookups,
    involuntary,
    lookups_for,
)

if TYPE_CHECKING:
    from shebao.registry.models import PersonQuerySet, Unit
    from shebao.services.spec import EffectContext

REGISTER_EFFECT = gettext_noop("将为 %(n)d 人办理失业登记，失业时间 %(d)s")
IN_FUTURE = gettext_noop("失业时间不能晚于当前日期")
REGISTERED_BEFORE = gettext_noop("失业登记日期不能早于失业时间，也不能晚于当前日期")
ALREADY_REGISTERED = gettext_noop("该人员已有失业登记（%(d)s），不能重复登记")
BAD_CARD = gettext_noop("工商银行卡号应为16至19位数字")


class UnemployedRow(RowModel):
    person_no: Text | None = column("个人编号", example="10000000000", required=False)
    id_number: IdNumberStr = column(
        "身份证号", example="110100198506020015", sensitive=Sensitive.ID
    )
    name: PersonName = column("姓名", example="张三")
    unit_name: Text | None = column("单位名称", example="武汉***公司", required=False)
    unemployed_on: DateValue = column("失业时间", example="2024-01-31", kind="date")
    registered_on: DateValue | None = column(
        "失业登记", example="2024-02-01", kind="date", required=False, help="不填为当日"
    )
    reason: Annotated[str, one_of(UNEMPLOYMENT_REASONS)] = column(
        "失业原因", example="被用人单位解除劳动合同", kind="choice", choices=UNEMPLOYMENT_REASONS
    )
    hukou_type: Annotated[str, one_of(HUKOU_TYPES)] = column(
        "户口性质", example="城镇", kind="choice", choices=HUKOU_TYPES
    )
    wuhan_flag: Annotated[str, one_of(WUHAN_FLAGS)] = column(
        "汉内(外)标志", example="汉外", kind="choice", choices=WUHAN_FLAGS
    )
    medical_place: Text = column("医疗保险参保地", example="武汉")
    bank_account_name: PersonName = column("发放银行户名", example="张三")
    bank_card: Text = column(
        "工商银行卡号", example="6222020200000000000", sensitive=Sensitive.ACCOUNT
    )
    contact_name: PersonName = column("联系人姓名", example="张三")
    contact_phone: Mobile = column("联系电话", example="18555555555", sensitive=Sensitive.MOBILE)
    address: Text | None = column("联系地址", example="武汉市江岸区**路1号", required=False)


@register
class UnemployedPersonsBatchAdd(ServiceSpec[UnemployedRow]):
    code = "hb_unemployed_persons_batch_add"
    areas = HUBEI_ONLY
    module = Module.UNEMPLOYMENT
    keywords = ("失业登记", "失业人员", "失业")
    title = "失业人员批量新增"
    section = "§3.3.67"
    description = (
        "单位为非本人意愿中断就业、已在本单位办理失业保险停保(减员)的职工办理失业登记，"
        "可逐个添加或按系统模板批量导入。失业时间早于2019年11月且距今超过60天的，须前往经办机构大厅办理。"
    )
    row = UnemployedRow
    template = Template(
        title="失业人员信息导入表",
        notes=(
            "说明：失业原因：终止劳动合同、被用人单位解除劳动合同、被用人单位开除、除名和辞退、"
            "因用人单位过错由本人解除劳动合同、法律、行政法规另有规定的；户口性质：城镇、农村；"
            "汉内(外)标志：汉内、汉外；失业登记不填为当日。",
        ),
    )
    materials = (
        Material("解除劳动关系证明", Group.OPTIONAL),
        Material("失业视同缴费证明", Group.OPTIONAL),
    )
    review = Review.AGENCY
    report_title = "失业人员登记表"
    report_columns = (
        "person_no",
        "id_number",
        "name",
        "unemployed_on",
        "reason",
        "hukou_type",
        "wuhan_flag",
        "medical_place",
        "bank_card",
        "contact_phone",
    )
    rejection_reasons = (*COMMON_REJECTION_REASONS, gettext_noop("失业时间有误"))

    def prefetch(self, unit: Unit, rows: list[UnemployedRow]) -> Lookups:
        return lookups_for(row.id_number for row in rows)

    def check(self, ctx: CheckContext, rows: list[tuple[int, UnemployedRow]]) -> None:
        unit = ctx.unit
        lookups: Lookups = ctx.prefetched or self.prefetch(unit, [r for _n, r in rows])
        today = rules.today()
        duplicates(ctx, rows, "身份证号")
        for number, row in rows:
            check_unit_columns(ctx, number, row, unit)
            if row.unemployed_on > today:
                ctx.fail(number, "失业时间", _(IN_FUTURE))
            elif rules.hall_required(row.unemployed_on, today):
                ctx.fail(number, "失业时间", _(rules.HALL_MESSAGE))
            if row.registered_on and not row.unemployed_on <= row.registered_on <= today:
                ctx.fail(number, "失业登记", _(REGISTERED_BEFORE))
            if not row.bank_card.isdigit() or not 16 <= len(row.bank_card) <= 19:
                ctx.fail(number, "工商银行卡号", _(BAD_CARD))
            person = lookups.persons.get(row.id_number)
            if person is None:
                ctx.fail(number, "身份证号", _(NOT_FOUND))
                continue
            if person.name != row.name:
                ctx.fail(number, "姓名", _(NAME_MISMATCH))
            if row.person_no and row.person_no != person.person_no:
                ctx.fail(number, "个人编号", _(PERSON_NO_MISMATCH))
            if lookups.active(person):
                ctx.fail(number, "身份证号", _(INSURED_NOW))
                continue
            existing = lookups.registrations.get(person.pk)
            if existing is not None:
                ctx.fail(
                    number,
                    "身份证号",
                    _(ALREADY_REGISTERED) % {"d": existing.unemployed_on.isoformat()},
                )
            enrolment = lookups.suspended_here(person, unit)
            if enrolment is None:
                ctx.fail(number, "身份证号", _(NOT_SUSPENDED_HERE))
            elif not involuntary(enrolment):
                ctx.fail(number, "失业原因", _(VOLUNTARY) % {"r": enrolment.suspension_reason})
            elif enrolment.end_date and row.unemployed_on < enrolment.end_date:
                ctx.fail(number, "失业时间", _(BEFORE_STOP) % {"d": enrolment.end_date.isoformat()})

    def effect_summary(self, rows: list[UnemployedRow]) -> str:
        return _(REGISTER_EFFECT) % {
            "n": len(rows),
            "d": span_text(row.unemployed_on for row in rows),
        }

    def lookup_persons(self, unit: Unit, persons: PersonQuerySet) -> PersonQuerySet:
        """Offer whom the unit suspended from unemployment insurance."""
        return persons.filter(
            enrolments__unit=unit,
            enrolments__insurance_type=InsuranceType.UNEMPLOYMENT,
            enrolments__status=EnrolmentStatus.SUSPENDED,
        ).distinct()

    def apply(self, effect: EffectContext, rows: list[UnemployedRow]) -> dict[str, Any]:
        lookups = self.prefetch(effect.unit, rows)
        today = rules.today()
        created = registrations_create(
            unit=effect.unit,
            registrations=[
                UnemploymentRegistration(
                    person=lookups.persons[row.id_number],
                    enrolment=lookups.suspended_here(lookups.persons[row.id_number], effect.unit),
                    unemployed_on=row.unemployed_on,
                    registered_on=row.registered_on or today,
                    reason=row.reason,
                    hukou_type=row.hukou_type,
                    wuhan_flag=row.wuhan_flag,
                    medical_place=row.medical_place,
                    address=row.address or "",
                    bank_account_name=row.bank_account_name,
                    bank_card=row.bank_card,
                    contact_name=row.contact_name,
                    contact_phone=row.contact_phone,
                )
                for row in rows
            ],
            serial_no=effect.serial_no,
            decided_by_id=effect.decided_by_id,
        )
        return {"registrations_created": len(created)}


__all__ = ["UnemployedPersonsBatchAdd", "UnemployedRow"]
