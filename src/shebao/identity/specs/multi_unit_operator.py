"""多单位用户(CA)经办人确认 (Nanjing 二、2 ④): a qualified operator acts for another unit.

The acting unit names an existing operator by ID number; on approval the operator may act
for this unit too (their unit chooser lists it), or — moving units — only for this one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.audit.services import audit_record
from shebao.audit.types import EventType
from shebao.core.crypto import person_hash
from shebao.core.masking import Sensitive
from shebao.policy.areas import NANJING_ONLY
from shebao.registry.disclosure import OPERATOR_NAME_MISMATCH
from shebao.services.modules import Module
from shebao.services.registry import register
from shebao.services.rows import IdNumberStr, PersonName, RowModel, Text, Tick, column
from shebao.services.spec import CheckContext, Group, Material, Mode, Review, ServiceSpec

from ..models import OperatorProfile, OperatorUnit

if TYPE_CHECKING:
    from shebao.services.spec import EffectContext

UNKNOWN_OPERATOR = gettext_noop(
    "没有身份证号码为 %(v)s 的已注册经办人，请先到人社柜台办理经办人个人用户注册"
)
ALREADY_HERE = gettext_noop("该经办人已是本单位的经办人")
NOT_AT_OLD_UNIT = gettext_noop("该经办人不是单位 %(u)s 的经办人，不能从该单位转出")
OLD_UNIT_REQUIRED = gettext_noop("转出原单位时请填写原单位编号")


class MultiUnitOperatorRow(RowModel):
    name: PersonName = column("经办人姓名", example="张三")
    id_number: IdNumberStr = column(
        "身份证号码", example="110100198506020015", sensitive=Sensitive.ID
    )
    leaving: Tick = column("不再为原单位经办", example="", kind="tick", required=False)
    old_unit_no: Text | None = column("原单位编号", example="100000000", required=False)


@register
class MultiUnitOperatorConfirmation(ServiceSpec[MultiUnitOperatorRow]):
    code = "nj_multi_unit_operator_confirmation"
    areas = NANJING_ONLY
    module = Module.ACCOUNT
    title = "多单位用户(CA)经办人确认"
    section = "南京 二、2 ④"
    description = (
        "已培训合格的经办人同时为多家单位办理网上业务，或离开原单位为其他单位办理网上业务时，"
        "无需重新培训，由新单位填写《多单位用户(CA)经办人确认申请表》。"
    )
    row = MultiUnitOperatorRow
    modes = frozenset({Mode.SINGLE})
    materials = (Material("多单位用户(CA)经办人确认申请表", group=Group.REQUIRED),)
    review = Review.AGENCY
    report_title = "多单位用户(CA)经办人确认申请表"
    report_columns = ("name", "id_number", "leaving", "old_unit_no")

    def check(self, ctx: CheckContext, rows: list[tuple[int, MultiUnitOperatorRow]]) -> None:
        profiles = {
            p.id_number_hash: p
            for p in OperatorProfile.objects.filter(
                id_number_hash__in=[person_hash(row.id_number) for _n, row in rows]
            ).select_related("user")
        }
        for number, row in rows:
            profile = profiles.get(person_hash(row.id_number))
            if profile is None:
                ctx.fail(number, "身份证号码", _(UNKNOWN_OPERATOR) % {"v": row.id_number})
                continue
            if profile.name != row.name:
                ctx.fail(number, "经办人姓名", _(OPERATOR_NAME_MISMATCH))
            links = OperatorUnit.objects.filter(user=profile.user)
            if links.filter(unit=ctx.unit).exists():
                ctx.fail(number, "身份证号码", _(ALREADY_HERE))
            if row.leaving:
                if not row.old_unit_no:
                    ctx.fail(number, "原单位编号", _(OLD_UNIT_REQUIRED))
                elif not links.filter(unit__unit_no=row.old_unit_no).exists():
                    ctx.fail(number, "原单位编号", _(NOT_AT_OLD_UNIT) % {"u": row.old_unit_no})

    def apply(self, effect: EffectContext, rows: list[MultiUnitOperatorRow]) -> dict[str, Any]:
        moved = 0
        for row in rows:
            user = OperatorProfile.objects.get(id_number_hash=person_hash(row.id_number)).user
            OperatorUnit.objects.create(user=user, unit=effect.unit)
            if row.leaving:
                moved += OperatorUnit.objects.filter(
                    user=user, unit__unit_no=row.old_unit_no
                ).delete()[0]
            audit_record(
                event_type=EventType.ACCESS_OPERATOR_JOIN,
                acting_unit=effect.unit,
                actor=effect.decided_by,
                detail={
                    "user": user.pk,
                    "serial_no": effect.serial_no,
                    "left": row.old_unit_no or "",
                },
            )
        return {"operators_joined": len(rows), "operators_left": moved}
