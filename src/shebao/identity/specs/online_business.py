"""申请开通网上业务 (CQ 渝人社发〔2015〕268号 第六条): the unit applies to its district office.

The 申报表 is the 《重庆市社会保险网上业务经办申请表》 with the unit's declaration; the
signed and sealed copy is uploaded as the required material. On approval the unit's
online-business qualification is granted (again, after a revocation).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.masking import Sensitive
from shebao.policy.areas import CHONGQING_ONLY
from shebao.services.modules import Module
from shebao.services.registry import register
from shebao.services.rows import Mobile, RowModel, Text, column, one_of
from shebao.services.spec import CheckContext, Group, Material, Mode, Review, ServiceSpec

from ..models import OnlineAccess
from ..online import online_access_grant

if TYPE_CHECKING:
    from shebao.services.spec import EffectContext

SIGNATURE_METHODS = ["数字证书"]
ALREADY_ONLINE = gettext_noop("本单位已开通网上业务，无需重复申请")

DECLARATION = gettext_noop(
    "申请单位声明：本单位自愿申请为重庆市社会保险网上业务经办系统用户，借助重庆市社会保险网上业务"
    "经办系统平台办理本单位的社会保险业务。本单位承诺：通过网上业务经办系统申报的各项信息真实、准确，"
    "对网上申报信息真实性、合法性承担法律责任；按时报送相关纸质资料，保证纸质资料与网上申报信息完全一致。"
)


class OnlineBusinessApplicationRow(RowModel):
    # The unit's own block: greyed on the web's form (never typed there), checked when a file
    # or the API gives it, and printed from the acting unit on the 申报表 either way.
    unit_name: Text | None = column("单位名称", example="重庆**有限公司", required=False)
    unit_address: Text = column("单位地址", example="重庆市渝中区**路1号")
    legal_representative: Text = column("法人代表", example="张三")
    unit_no: Text | None = column("单位社保号", example="100000000", required=False)
    signature_method: Annotated[str, one_of(SIGNATURE_METHODS)] = column(
        "数据申报签名方式", example="数字证书", kind="choice", choices=SIGNATURE_METHODS
    )
    unit_operator: Text = column("单位经办人", example="李四")
    contact: Mobile = column("联系方式", example="13800138000", sensitive=Sensitive.MOBILE)


@register
class OnlineBusinessApplication(ServiceSpec[OnlineBusinessApplicationRow]):
    code = "cq_online_business_application"
    areas = CHONGQING_ONLY
    module = Module.ACCOUNT
    title = "申请开通网上业务"
    section = "渝人社发〔2015〕268号 第六条"
    description = (
        "需开通网上业务的参保单位，向参保地社会保险公共业务办申请，填报《重庆市社会保险网上业务"
        "经办申请表》（打印后经办人签字、加盖公章并在样张处加盖社保申报用单位印章，扫描上传）。"
        "审核通过后本单位即可办理网上业务；网上业务经办资格被取消的单位更正后可重新申请。"
    )
    row = OnlineBusinessApplicationRow
    modes = frozenset({Mode.SINGLE})
    max_rows = 1
    materials = (
        Material(
            "重庆市社会保险网上业务经办申请表",
            group=Group.REQUIRED,
            note="经办人签字、加盖公章及印章样张的申请表扫描件",
        ),
    )
    review = Review.AGENCY
    requires_online_access = False  # the way back in after a revocation
    report_title = "重庆市社会保险网上业务经办申请表"
    report_columns = (
        "unit_name",
        "unit_address",
        "legal_representative",
        "unit_no",
        "signature_method",
        "unit_operator",
        "contact",
    )
    report_notes = (
        DECLARATION,
        "经办人（签字）：　　　　　（公章）　　　　　申请日期：　　年　　月　　日",
        "社保申报用单位印章样张（请勿压线）：",
        "参保地社会保险公共业务办意见（业务章）：",
        "本申请表一式两份，单位和参保地社会保险公共业务办各留存一份。",
    )

    def check(
        self, ctx: CheckContext, rows: list[tuple[int, OnlineBusinessApplicationRow]]
    ) -> None:
        unit = ctx.unit
        granted = OnlineAccess.objects.filter(
            unit=unit, status=OnlineAccess.Status.GRANTED
        ).exists()
        for number, row in rows:
            if granted:
                ctx.fail(number, "", _(ALREADY_ONLINE))
            if row.unit_no and row.unit_no != unit.unit_no:
                ctx.fail(
                    number,
                    "单位社保号",
                    _("单位社保号 %(v)s 不是当前经办单位（%(u)s）")
                    % {"v": row.unit_no, "u": unit.unit_no},
                )
            if row.unit_name and row.unit_name != unit.name:
                ctx.fail(
                    number, "单位名称", _("单位名称与当前经办单位“%(u)s”不一致") % {"u": unit.name}
                )

    def apply(
        self, effect: EffectContext, rows: list[OnlineBusinessApplicationRow]
    ) -> dict[str, Any]:
        online_access_grant(unit=effect.unit, serial_no=effect.serial_no, actor=effect.decided_by)
        return {"online_access": "granted"}

    def summary(self, rows: list[OnlineBusinessApplicationRow]) -> list[tuple[str, Any]]:
        return []
