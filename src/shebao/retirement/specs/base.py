"""What the six retirement applications share (§3.3.55, §3.3.58-§3.3.64): one form with two
sub-tables, the person checks, the reviewer's figures and the effect.

A kind says its 离退休类别 and materials and adds its own rule (special-job years, the
illness appraisal, the cadre level); a re-approval also names the earlier case it revisits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.errors import InvalidValue
from shebao.core.masking import Sensitive, mask
from shebao.core.period import Period
from shebao.pensions.services import register_retiree
from shebao.policy.areas import HUBEI_ONLY
from shebao.registry.disclosure import NAME_MISMATCH
from shebao.registry.models import Person
from shebao.registry.selectors import active_enrolments_by_id_number, persons_insured
from shebao.services.modules import Module
from shebao.services.spec import (
    CheckContext,
    DraftView,
    EffectContext,
    InfoTable,
    Mode,
    ReportField,
    Review,
    ServiceSpec,
)

from ..law import CATEGORIES, application_eligibility, contribution_months
from ..models import RetirementApproval
from ..rows import ReapprovalRow, RetirementRow
from ..selectors import (
    decided_applications,
    earlier_application,
    insurance_history,
    retired_person_ids,
)

if TYPE_CHECKING:
    from shebao.registry.models import PersonQuerySet, Unit

RowT = TypeVar("RowT", bound=RetirementRow)

NOT_INSURED_HERE = gettext_noop("该职工未在本单位正常参保，不能申请退休")
ALREADY_RETIRED = gettext_noop("该职工已审批退休，不能重复申请")
WRONG_CATEGORY = gettext_noop("本业务的离退休类别应为“%(c)s”")
BEFORE_WORK = gettext_noop("离退休年月早于参加工作年月")
WORK_AFTER_RETIREMENT = gettext_noop("开始年月晚于离退休年月")
WORK_ENDS_BEFORE_START = gettext_noop("结束年月早于开始年月")
CHANGED_MEANWHILE = gettext_noop("该职工的参保或退休情况刚被其他办件修改，本办件未生效")


def id_birth_month(person: Person) -> str:
    return str(Period.of(person.birth_date))


def age_text(birth: str, at: str) -> str:
    months = Period.parse(at) - Period.parse(birth)
    assert isinstance(months, int)
    return _("%(y)d岁%(m)d个月") % {"y": months // 12, "m": months % 12}


class RetirementApplication(ServiceSpec[RowT], Generic[RowT]):
    """The base of the six kinds; not registered itself."""

    category: ClassVar[str]
    areas = HUBEI_ONLY
    module = Module.APPROVAL
    modes = frozenset({Mode.SINGLE})
    max_rows = 1
    review = Review.AGENCY
    review_workdays = 20  # the manual gives no time limit; 审批 takes longer than 登记
    report_columns: ClassVar[tuple[str, ...]] = (
        "id_number",
        "name",
        "gender",
        "category",
        "file_birth_month",
        "work_start_month",
        "retirement_month",
        "post_nature",
    )
    report_computed = (
        ReportField("id_birth_month", "身份证出生年月"),
        ReportField("birth_difference", "档案与身份证相差(月)", "number"),
        ReportField("age_at_retirement", "离退休时年龄"),
        ReportField("statutory", "法定退休年龄（年月）"),
        ReportField("contribution_months", "累计缴费月数", "number"),
        ReportField("law_notes", "审核提示"),
    )
    report_notes = ("档案出生年月与身份证出生年月不一致时，以档案出生年月为准。",)

    # -- look-up and prefill -------------------------------------------------------------

    def lookup_persons(self, unit: Unit, persons: PersonQuerySet) -> PersonQuerySet:
        """Offer whom the unit may apply for: its staff insured now."""
        return persons_insured(persons, unit=unit)

    def lookup_fill(self, person: Person) -> dict[str, str]:
        fill = super().lookup_fill(person)
        fill["gender"] = person.get_gender_display()
        fill["birth_month"] = id_birth_month(person)
        fill.setdefault("file_birth_month", id_birth_month(person))
        return fill

    def subtable_prefill(self, unit: Unit, person: Person) -> dict[str, list[dict[str, str]]]:
        return {"insurance_history": insurance_history(unit=unit, person=person)}

    # -- checks --------------------------------------------------------------------------

    def prefetch(self, unit: Unit, rows: list[RowT]) -> Any:
        active = active_enrolments_by_id_number(row.id_number for row in rows)
        persons = {
            number: next(e.person for e in enrolments if e.unit_id == unit.pk)
            for number, enrolments in active.items()
            if any(e.unit_id == unit.pk for e in enrolments)
        }
        ids = [p.pk for p in persons.values()]
        return persons, retired_person_ids(ids), contribution_months(ids)

    def check(self, ctx: CheckContext, rows: list[tuple[int, RowT]]) -> None:
        persons, retired, months = ctx.prefetched
        for number, row in rows:
            if row.category != self.category:
                ctx.fail(number, "离退休类别", _(WRONG_CATEGORY) % {"c": self.category})
            person = persons.get(row.id_number)
            if person is None:
                ctx.fail(number, "证件号码", _(NOT_INSURED_HERE))
            else:
                if person.name != row.name:
                    ctx.fail(number, "姓名", _(NAME_MISMATCH))
                if person.pk in retired:
                    ctx.fail(number, "证件号码", _(ALREADY_RETIRED))
                verdict = application_eligibility(row=row, person=person, months=months[person.pk])
                for reason in verdict.reasons if verdict is not None else ():
                    ctx.fail(number, "离退休年月", reason)
            self._check_months(ctx, number, row)
            self.check_kind(ctx, number, row)

    def _check_months(self, ctx: CheckContext, number: int, row: RowT) -> None:
        retirement = Period.parse(row.retirement_month)
        if retirement < Period.parse(row.work_start_month):
            ctx.fail(number, "离退休年月", _(BEFORE_WORK))
        for index, work in enumerate(row.work_history):
            where = _("工作经历第%(n)d行") % {"n": index + 1}
            if Period.parse(work.start_month) > retirement:
                ctx.fail(number, where, f"【开始年月】{_(WORK_AFTER_RETIREMENT)}")
            if work.end_month and Period.parse(work.end_month) < Period.parse(work.start_month):
                ctx.fail(number, where, f"【结束年月】{_(WORK_ENDS_BEFORE_START)}")

    def check_kind(self, ctx: CheckContext, number: int, row: RowT) -> None:
        """The kind's own rule (special-job years, cadre level); none by default."""

    # -- the reviewer's figures ----------------------------------------------------------

    def report_values(self, unit: Unit, rows: list[RowT]) -> list[dict[str, Any]]:
        persons, _retired, months = self.prefetch(unit, rows)
        values = []
        for row in rows:
            person = persons.get(row.id_number)
            value: dict[str, Any] = {
                "age_at_retirement": age_text(row.file_birth_month, row.retirement_month)
            }
            if person is not None:
                verdict = application_eligibility(row=row, person=person, months=months[person.pk])
                value |= {
                    "id_birth_month": id_birth_month(person),
                    "birth_difference": Period.parse(row.file_birth_month)
                    - Period.parse(id_birth_month(person)),
                    "contribution_months": months[person.pk],
                }
                if verdict is not None:
                    value |= {
                        "statutory": f"{verdict.statutory_age}（{verdict.statutory_month}）",
                        "law_notes": "；".join(verdict.notes),
                    }
            values.append(value)
        return values

    # -- the effect ----------------------------------------------------------------------

    def earlier_serial_no(self, row: RowT) -> str:
        return ""

    def apply(self, effect: EffectContext, rows: list[RowT]) -> dict[str, Any]:
        (row,) = rows
        persons, retired, _months = self.prefetch(effect.unit, rows)
        person = persons.get(row.id_number)
        if person is None or person.pk in retired:
            raise InvalidValue(_(CHANGED_MEANWHILE))
        approval = RetirementApproval.objects.create(
            person=person,
            unit=effect.unit,
            service_code=self.code,
            category=row.category,
            retirement_month=row.retirement_month,
            file_birth_month=row.file_birth_month,
            case_id=effect.case_id,
            serial_no=effect.serial_no,
            earlier_serial_no=self.earlier_serial_no(row),
            decided_by_id=effect.decided_by_id,
        )
        retiree = register_retiree(
            person_id=person.pk,
            unit_id=effect.unit.pk,
            retirement_month=Period.parse(row.retirement_month),
            category=CATEGORIES[row.category],
            case_id=effect.case_id,
            decided_by_id=effect.decided_by_id,
        )
        return {
            "retiree_id": retiree.pk,
            "approval_id": approval.pk,
            "person_no": person.person_no,
            "category": row.category,
            "retirement_month": row.retirement_month,
        }


EARLIER_NOT_FOUND = gettext_noop(
    "原申请业务流水号 %(s)s 不是本单位已审结的“%(t)s”办件，不能重新审批"
)
EARLIER_OTHER_PERSON = gettext_noop("原申请 %(s)s 申报的不是该职工")


class Reapplication(RetirementApplication[ReapprovalRow]):
    """重新申请 / 重新审批: the same form plus the earlier decided case of the first kind."""

    row = ReapprovalRow
    first: ClassVar[type[RetirementApplication[Any]]]
    report_columns = (*RetirementApplication.report_columns, "earlier_serial_no")

    def check(self, ctx: CheckContext, rows: list[tuple[int, ReapprovalRow]]) -> None:
        super().check(ctx, rows)
        for number, row in rows:
            found = earlier_application(
                unit=ctx.unit, serial_no=row.earlier_serial_no, service_code=self.first.code
            )
            if found is None:
                ctx.fail(
                    number,
                    "原申请业务流水号",
                    _(EARLIER_NOT_FOUND) % {"s": row.earlier_serial_no, "t": self.first.title},
                )
            elif found[1].get("id_number") != row.id_number:
                ctx.fail(
                    number,
                    "原申请业务流水号",
                    _(EARLIER_OTHER_PERSON) % {"s": row.earlier_serial_no},
                )

    def earlier_serial_no(self, row: ReapprovalRow) -> str:
        return row.earlier_serial_no

    def info_table(self, unit: Unit, draft: DraftView | None = None) -> InfoTable | None:
        """The decided first applications the unit may refer to, with their serial numbers."""
        return InfoTable(
            title=_("可重新申请的原申请（%(t)s）") % {"t": self.first.title},
            headers=[_("业务流水号"), _("姓名"), _("证件号码"), _("状态"), _("不通过原因")],
            rows=[
                [
                    case.serial_no or "",
                    str(row.get("name", "")),
                    mask(str(row.get("id_number", "")), Sensitive.ID),
                    str(case.get_status_display()),
                    case.rejection_reason,
                ]
                for case, row in decided_applications(unit=unit, service_code=self.first.code)
            ],
        )
