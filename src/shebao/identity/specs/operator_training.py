"""经办人员CA培训申请 (Nanjing 二、2 ②③): the unit applies for its operator's CA training.

Agency staff decide within three working days; the result is followed in 办件记录 and the
CA用户审核查询 query. Approval is the training notice and records the operator's personal
qualification for online business with this unit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.crypto import person_hash
from shebao.core.masking import Sensitive
from shebao.policy.areas import NANJING_ONLY
from shebao.services.modules import Module
from shebao.services.registry import register
from shebao.services.rows import IdNumberStr, Mobile, PersonName, RowModel, column
from shebao.services.spec import CheckContext, Review, ServiceSpec

from ..models import OperatorTraining

if TYPE_CHECKING:
    from shebao.services.spec import EffectContext

ALREADY_QUALIFIED = gettext_noop("该经办人已通过本单位的CA培训审核，无需重复申请")
DUPLICATE = gettext_noop("与第 %(n)d 行的身份证号码重复")


class TrainingRow(RowModel):
    name: PersonName = column("经办人姓名", example="张三")
    id_number: IdNumberStr = column(
        "身份证号码", example="110100198506020015", sensitive=Sensitive.ID
    )
    mobile: Mobile = column("手机号码", example="13800138000", sensitive=Sensitive.MOBILE)


@register
class OperatorTrainingApplication(ServiceSpec[TrainingRow]):
    code = "nj_operator_ca_training_application"
    areas = NANJING_ONLY
    module = Module.ACCOUNT
    title = "经办人员CA培训申请"
    section = "南京 二、2 ②"
    description = (
        "单位为经办人提交CA用户培训申请，人社部门在三个工作日内审核，结果可在“CA用户审核查询”中查看；"
        "培训时间和地点由培训部门提前通知，现场免费培训，合格后取得网上办事个人业务操作资格。"
        "同一经办人为多家单位办理时，可在各单位分别提交同一经办人的培训申请。"
    )
    row = TrainingRow
    review = Review.AGENCY
    review_workdays = 3
    report_title = "CA用户培训申请表"
    report_columns = ("name", "id_number", "mobile")

    def check(self, ctx: CheckContext, rows: list[tuple[int, TrainingRow]]) -> None:
        qualified = set(
            OperatorTraining.objects.filter(
                unit=ctx.unit, id_number_hash__in=[person_hash(row.id_number) for _n, row in rows]
            ).values_list("id_number_hash", flat=True)
        )
        first: dict[str, int] = {}
        for number, row in rows:
            if row.id_number in first:
                ctx.fail(number, "身份证号码", _(DUPLICATE) % {"n": first[row.id_number]})
            first.setdefault(row.id_number, number)
            if person_hash(row.id_number) in qualified:
                ctx.fail(number, "身份证号码", _(ALREADY_QUALIFIED))

    def apply(self, effect: EffectContext, rows: list[TrainingRow]) -> dict[str, Any]:
        OperatorTraining.objects.bulk_create(
            [
                OperatorTraining(
                    unit=effect.unit,
                    id_number=row.id_number,
                    name=row.name,
                    mobile=row.mobile,
                    status=OperatorTraining.Status.QUALIFIED,
                    serial_no=effect.serial_no,
                )
                for row in rows
            ]
        )
        return {"operators_qualified": len(rows)}
