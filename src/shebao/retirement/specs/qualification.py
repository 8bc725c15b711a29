"""§3.3.57 退休人员批量资格认定申报: the unit declares, by roster, that its retirees still
qualify for their pension (资格认定), each with the method and date of the check.

The manual gives neither the service text nor the template (spec open question); the
columns here are the person (个人编号, 身份证号码, 姓名) and R-BIZ-10's 认定方式 with a date,
which is what a determination needs. The centre reviews the roster (行政审批 module).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.errors import InvalidValue
from shebao.core.masking import Sensitive
from shebao.pensions.choices import RetireeStatus
from shebao.pensions.models import Retiree
from shebao.policy.areas import HUBEI_ONLY
from shebao.registry.disclosure import NAME_MISMATCH, PERSON_NO_MISMATCH
from shebao.registry.selectors import persons_by_id_number
from shebao.services.modules import Module
from shebao.services.registry import register
from shebao.services.rows import DateValue, IdNumberStr, PersonName, RowModel, Text, column, one_of
from shebao.services.spec import CheckContext, Material, Mode, Review, ServiceSpec, Template

from ..choices import QUALIFICATION_METHODS
from ..models import QualificationDetermination

if TYPE_CHECKING:
    from shebao.registry.models import Unit
    from shebao.services.spec import EffectContext

NOT_A_RETIREE = gettext_noop("该人员不是本单位正常领取待遇的离退休人员")
TWICE = gettext_noop("与第 %(n)d 行的身份证号码重复")
IN_FUTURE = gettext_noop("认定日期不能晚于今天")
CHANGED = gettext_noop("离退休人员状态刚被其他业务修改，本办件未生效")


class QualificationRow(RowModel):
    person_no: Text | None = column("个人编号", example="10000000000", required=False)
    id_number: IdNumberStr = column(
        "身份证号码", example="110100195503020013", sensitive=Sensitive.ID
    )
    name: PersonName = column("姓名", example="张三")
    method: Annotated[str, one_of(QUALIFICATION_METHODS)] = column(
        "认定方式", example="人脸识别", kind="choice", choices=QUALIFICATION_METHODS
    )
    determined_on: DateValue = column("认定日期", example="2021-03-12", kind="date")
    remarks: Text | None = column("备注", required=False)


@register
class RetireeQualificationDeclaration(ServiceSpec[QualificationRow]):
    code = "hb_retiree_batch_qualification_declaration"
    areas = HUBEI_ONLY
    module = Module.APPROVAL
    title = "退休人员批量资格认定申报"
    section = "§3.3.57"
    description = (
        "单位按模板批量申报本单位离退休人员的领取待遇资格认定（认定方式、认定日期），"
        "上传校验通过后提交，由中心端审核。"
    )
    row = QualificationRow
    modes = frozenset({Mode.BATCH})
    template = Template(
        title="退休人员资格认定申报表",
        notes=("说明：认定方式：" + "、".join(QUALIFICATION_METHODS) + "。",),
    )
    materials = (Material("资格认定材料"),)
    review = Review.AGENCY
    report_title = "退休人员资格认定申报表"
    report_columns = ("person_no", "id_number", "name", "method", "determined_on")

    def prefetch(self, unit: Unit, rows: list[QualificationRow]) -> Any:
        persons = persons_by_id_number(row.id_number for row in rows)
        retirees = set(
            Retiree.objects.filter(
                unit=unit,
                status=RetireeStatus.NORMAL,
                person_id__in=[p.pk for p in persons.values()],
            ).values_list("person_id", flat=True)
        )
        return persons, retirees

    def check(self, ctx: CheckContext, rows: list[tuple[int, QualificationRow]]) -> None:
        from django.utils import timezone

        persons, retirees = ctx.prefetched
        first: dict[str, int] = {}
        today = timezone.localdate()
        for number, row in rows:
            if row.id_number in first:
                ctx.fail(number, "身份证号码", _(TWICE) % {"n": first[row.id_number]})
                continue
            first[row.id_number] = number
            person = persons.get(row.id_number)
            if person is None or person.pk not in retirees:
                ctx.fail(number, "身份证号码", _(NOT_A_RETIREE))
                continue
            if person.name != row.name:
                ctx.fail(number, "姓名", _(NAME_MISMATCH))
            if row.person_no and row.person_no != person.person_no:
                ctx.fail(number, "个人编号", _(PERSON_NO_MISMATCH))
            if row.determined_on > today:
                ctx.fail(number, "认定日期", _(IN_FUTURE))

    def apply(self, effect: EffectContext, rows: list[QualificationRow]) -> dict[str, Any]:
        persons, retirees = self.prefetch(effect.unit, rows)
        if any(persons[row.id_number].pk not in retirees for row in rows):
            raise InvalidValue(_(CHANGED))
        QualificationDetermination.objects.bulk_create(
            [
                QualificationDetermination(
                    person=persons[row.id_number],
                    unit=effect.unit,
                    method=row.method,
                    determined_on=row.determined_on,
                    case_id=effect.case_id,
                    serial_no=effect.serial_no,
                )
                for row in rows
            ],
            batch_size=1000,
        )
        return {"determined": len(rows)}
