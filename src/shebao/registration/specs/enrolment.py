"""§3.3.3 单位职工参保登记/续保: enrol new or returning staff in the unit's insurance types."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.errors import InvalidValue
from shebao.core.id_documents import IdType, derives_birth_and_sex, parse_id_document
from shebao.core.masking import Sensitive
from shebao.core.models import next_values
from shebao.core.period import Period
from shebao.policy.areas import HUBEI_ONLY
from shebao.registry.choices import ETHNICITIES, ETHNICITY_CODES, EnrolmentStatus, Gender
from shebao.registry.disclosure import NAME_MISMATCH
from shebao.registry.models import Enrolment, Person
from shebao.registry.selectors import (
    active_enrolments_by_id_number,
    persons_by_id_number,
    persons_enrolable,
)
from shebao.registry.services import PERSON_NO_COUNTER, PERSON_NO_START
from shebao.registry.signals import enrolments_opened
from shebao.services.modules import Module
from shebao.services.registry import register
from shebao.services.rows import (
    DateValue,
    IdNumberStr,
    IdTypeName,
    Mobile,
    Money,
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
    Material,
    Review,
    ServiceSpec,
    Template,
    span_text,
)

from .common import (
    check_id_type,
    check_type_allowed,
    check_unit_columns,
    duplicates,
    insured_message,
    require_active_unit_types,
    row_id_type,
    ticked_types,
    type_counts,
    unit_type_labels,
)
from .revert import revert_opened_enrolments

if TYPE_CHECKING:
    from shebao.registry.models import PersonQuerySet, Unit
    from shebao.services.spec import EffectContext

MIN_AGE = 16
GENDERS = {"男": Gender.MALE.value, "女": Gender.FEMALE.value}
BIRTH_REQUIRED = gettext_noop("证件类型为%(t)s时，必须填写出生日期")
GENDER_REQUIRED = gettext_noop("证件类型为%(t)s时，必须填写性别")
BIRTH_MISMATCH = gettext_noop("出生日期与证件号码中的出生日期 %(d)s 不一致")
GENDER_MISMATCH = gettext_noop("性别与证件号码不一致")
ENROL_EFFECT = gettext_noop("将为 %(n)d 人办理参保登记/续保（%(types)s），自 %(d)s 起生效")


class EnrolmentRow(RowModel):
    unit_no: Text | None = column("单位编号", example="100000000", required=False)
    unit_name: Text | None = column("单位名称", example="武汉**公司", required=False)
    id_number: IdNumberStr = column(
        "身份证号码", example="110100198506020015", sensitive=Sensitive.ID
    )
    name: PersonName = column("姓名", example="张三")
    ethnicity: Annotated[str, one_of(ETHNICITIES)] = column(
        "民族", example="01 汉族", kind="choice", choices=ETHNICITIES, codes=ETHNICITY_CODES
    )
    work_start_date: DateValue = column("本次申报参工时间", example="1993-01-01", kind="date")
    monthly_wage: Money = column("月缴费工资", example="1000", kind="money")
    pension: Tick = column(
        "城镇职工养老保险",
        header_note=" (A)",
        example="√",
        kind="tick",
        required=False,
        group="参保险种",
    )
    unemployment: Tick = column(
        "失业保险", header_note=" (√)", example="√", kind="tick", required=False, group="参保险种"
    )
    work_injury: Tick = column(
        "工伤保险", header_note=" (√)", example="√", kind="tick", required=False, group="参保险种"
    )
    mobile: Mobile = column("联系电话 (手机)", example="13000000000", sensitive=Sensitive.MOBILE)
    id_type: IdTypeName | None = id_type_column()
    gender: Annotated[str, one_of(list(GENDERS), {"1": "男", "2": "女"})] | None = column(
        "性别",
        kind="choice",
        choices=list(GENDERS),
        required=False,
        help=gettext_noop("居民身份证、港澳台居民居住证可不填，由证件号码得出"),
    )
    birth_date: DateValue | None = column(
        "出生日期",
        kind="date",
        required=False,
        help=gettext_noop("居民身份证、港澳台居民居住证可不填，由证件号码得出"),
    )


@register
class EmployeeEnrolment(ServiceSpec[EnrolmentRow]):
    code = "hb_employee_enrolment"
    areas = HUBEI_ONLY
    module = Module.REGISTRATION
    keywords = ("增员", "新参保", "入职", "续保")
    title = "单位职工参保登记/续保"
    section = "§3.3.3"
    description = (
        "为已参保单位的新进职工办理参保登记，或为中断后回到本单位的职工办理续保，"
        "含城镇职工基本养老保险、失业保险、工伤保险三个险种（湖北省省本级单位为养老、失业两个险种）。"
        "提交后由参保所属机构在 2 个工作日内审核，审核通过即时生效。"
    )
    row = EnrolmentRow
    template = Template(
        title="在职职工增员申报表",
        notes=(
            "1. 月缴费工资必须经职工本人签字确认，签字表由申报单位留存备查。",
            "2. 补缴需另填报《职工基本养老保险费补缴申报明细表》。",
            "3. 核定缴费基数时，四舍五入到十元。对于申报时月缴费工资低于缴费基数标准60%或高于缴费基数标准300%的，按国家规定的保底或封顶处理。",
        ),
    )
    materials = (Material("劳动合同", note="新进职工的劳动合同（可选）"),)
    review = Review.AGENCY
    report_title = "在职职工增员申报表"
    report_columns = (
        "id_number",
        "name",
        "ethnicity",
        "work_start_date",
        "monthly_wage",
        "pension",
        "unemployment",
        "work_injury",
        "mobile",
    )
    report_notes = template.notes
    rejection_reasons = (
        *COMMON_REJECTION_REASONS,
        gettext_noop("参保日期有误"),
        gettext_noop("缴费工资有误"),
    )

    def effect_summary(self, rows: list[EnrolmentRow]) -> str:
        """Who is enrolled in which types, from the 本次申报参工时间 (the enrolments' start)."""
        return _(ENROL_EFFECT) % {
            "n": len(rows),
            "types": type_counts(rows),
            "d": span_text(row.work_start_date for row in rows),
        }

    def check(self, ctx: CheckContext, rows: list[tuple[int, EnrolmentRow]]) -> None:
        unit = ctx.unit
        unit_types = unit_type_labels(unit)
        duplicates(ctx, rows, "身份证号码")
        existing = active_enrolments_by_id_number(row.id_number for _n, row in rows)
        persons = persons_by_id_number(row.id_number for _n, row in rows)
        today = timezone.localdate()
        for number, row in rows:
            check_unit_columns(ctx, number, row, unit)
            check_type_allowed(ctx, number, row, unit, unit_types)
            person = persons.get(row.id_number)
            if person is not None and person.name != row.name:
                ctx.fail(number, "姓名", _(NAME_MISMATCH))
            if person is not None:
                check_id_type(ctx, number, row, person.id_type)
            birth, _gender = _check_birth_and_gender(ctx, number, row)
            if birth is not None and _age(birth, row.work_start_date) < MIN_AGE:
                ctx.fail(
                    number,
                    "本次申报参工时间",
                    _("参工时未满 %(a)d 周岁，不能参保") % {"a": MIN_AGE},
                )
            if row.work_start_date > today + dt.timedelta(days=31):
                ctx.fail(number, "本次申报参工时间", _("本次申报参工时间不能晚于下月"))
            if row.monthly_wage <= 0:
                ctx.fail(number, "月缴费工资", _("月缴费工资必须大于 0"))
            for enrolment in existing.get(row.id_number, ()):
                if enrolment.insurance_type in ticked_types(row):
                    label = enrolment.get_insurance_type_display()
                    ctx.fail(number, label, insured_message(enrolment, unit))

    def lookup_fill(self, person: Person) -> dict[str, str]:
        """性别 as the form's choice names it (男/女), not as stored ('1'/'2')."""
        fill = super().lookup_fill(person)
        names = {code: name for name, code in GENDERS.items()}
        if person.gender in names:
            fill["gender"] = names[person.gender]
        return fill

    def lookup_persons(self, unit: Unit, persons: PersonQuerySet) -> PersonQuerySet:
        """Offer whom the unit may enrol: its suspended and former staff, not its insured."""
        return persons_enrolable(persons, unit=unit)

    def revert(self, effect: EffectContext) -> dict[str, Any]:
        return revert_opened_enrolments(unit=effect.unit, serial_no=effect.serial_no)

    def apply(self, effect: EffectContext, rows: list[EnrolmentRow]) -> dict[str, Any]:
        require_active_unit_types(effect.unit, {t for row in rows for t in ticked_types(row)})
        persons = persons_by_id_number(row.id_number for row in rows)
        new_rows = [row for row in rows if row.id_number not in persons]
        numbers = (
            iter(next_values(PERSON_NO_COUNTER, len(new_rows), start=PERSON_NO_START))
            if new_rows
            else iter(())
        )
        created = []
        for row in new_rows:
            birth, gender = birth_and_gender(row)
            if birth is None or gender is None:  # the re-check refused such rows already
                raise InvalidValue(_(BIRTH_REQUIRED) % {"t": row_id_type(row)})
            created.append(
                Person(
                    person_no=str(next(numbers)),
                    id_type=row_id_type(row),
                    id_number=row.id_number,
                    name=row.name,
                    gender=gender,
                    birth_date=birth,
                    ethnicity=row.ethnicity,
                    mobile=row.mobile,
                    first_insured_date=row.work_start_date,
                )
            )
        Person.objects.bulk_create(created)
        persons = persons_by_id_number(row.id_number for row in rows)
        updated = []
        for row in rows:
            person = persons[row.id_number]
            if person.mobile != row.mobile or person.ethnicity != row.ethnicity:
                person.mobile, person.ethnicity = row.mobile, row.ethnicity
                updated.append(person)
        Person.objects.bulk_update(updated, ["mobile", "ethnicity"])
        enrolments = [
            Enrolment(
                person=persons[row.id_number],
                unit=effect.unit,
                insurance_type=t,
                status=EnrolmentStatus.ACTIVE,
                start_period=str(Period.of(row.work_start_date)),
                start_date=row.work_start_date,
                monthly_wage=Decimal(row.monthly_wage),
                opened_by=effect.serial_no,
            )
            for row in rows
            for t in ticked_types(row)
        ]
        Enrolment.objects.bulk_create(enrolments)
        enrolments_opened.send(Enrolment, enrolments=enrolments, serial_no=effect.serial_no)
        return {
            "persons_created": len(created),
            "persons_updated": len(updated),
            "enrolments_created": len(enrolments),
        }

    def summary(self, rows: list[EnrolmentRow]) -> list[tuple[str, Any]]:
        return [
            ("合计", f"{len(rows)} 人"),
            ("养老", f"{sum(1 for r in rows if r.pension)} 人"),
            ("失业", f"{sum(1 for r in rows if r.unemployment)} 人"),
            ("工伤", f"{sum(1 for r in rows if r.work_injury)} 人"),
        ]


def birth_and_gender(row: EnrolmentRow) -> tuple[dt.date | None, str | None]:
    """From the number where its type holds them (resident ID, residence permit), else as given.

    ``gender`` as stored ('1' male, '2' female); None when neither the number nor the row says.
    """
    id_type = row_id_type(row)
    if derives_birth_and_sex(id_type):
        doc = parse_id_document(id_type, row.id_number)
        return doc.birth_date, doc.gender
    return row.birth_date, GENDERS.get(row.gender or "")


def _check_birth_and_gender(
    ctx: CheckContext, number: int, row: EnrolmentRow
) -> tuple[dt.date | None, str | None]:
    """出生日期/性别: required for a passport or permit; must agree with a number that holds them."""
    id_type = row_id_type(row)
    birth, gender = birth_and_gender(row)
    if derives_birth_and_sex(id_type):
        if row.birth_date is not None and row.birth_date != birth:
            assert birth is not None
            ctx.fail(number, "出生日期", _(BIRTH_MISMATCH) % {"d": birth.isoformat()})
        if row.gender and GENDERS[row.gender] != gender:
            ctx.fail(number, "性别", _(GENDER_MISMATCH))
        return birth, gender
    label = IdType(id_type).label
    if birth is None:
        ctx.fail(number, "出生日期", _(BIRTH_REQUIRED) % {"t": label})
    if gender is None:
        ctx.fail(number, "性别", _(GENDER_REQUIRED) % {"t": label})
    return birth, gender


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
