"""The rows, messages and material names of the person back-payments (§3.3.30, §3.3.31,
§3.3.34), apart from the specs so the checks and the tests share one wording."""

from __future__ import annotations

from typing import Annotated

from django.utils.translation import gettext_noop

from shebao.core.masking import Sensitive
from shebao.services.rows import (
    IdNumberStr,
    IdTypeName,
    Money,
    PeriodText,
    PersonName,
    RowModel,
    Text,
    Tick,
    column,
    id_type_column,
    one_of,
)

REASONS = [
    "劳动合同补缴",
    "视同缴费年限补缴",
    "行政审批历史追溯补缴",
    "法律文书补缴",
    "稽核部门出具的整改通知书",
]
COMMUNITY_REASON = "社区类补缴"

END_BEFORE_START = gettext_noop("补缴结束年月 %(e)s 早于补缴开始年月 %(s)s")
NOT_PAST = gettext_noop("补缴结束年月 %(e)s 须早于本月 %(n)s（本月请按月申报缴费）")
MONTHS_MISMATCH = gettext_noop("补缴月数 %(v)s 与补缴开始、结束年月不符，应为 %(n)d")
NOT_ENROLLED = gettext_noop("该身份证号码未在本单位参保登记，不能补缴")
UNIT_TYPE_MISSING = gettext_noop("本单位未参加%(t)s，不能补缴")
PERSON_TYPE_MISSING = gettext_noop("该人员在本单位未参加%(t)s，不能补缴")
NO_TYPES = gettext_noop("本单位没有可补缴的险种")
ALREADY_PAID = gettext_noop("%(p)s 已有缴费或补缴记录，不能重复补缴")
OVERLAP = gettext_noop("与第 %(n)d 行的补缴时段重叠")
BEFORE_POOLING = gettext_noop(
    "补缴开始年月 %(s)s 早于统账结合日期 %(d)s：统账结合前的时段请通过"
    "“单位职工基本养老保险视同缴费年限补缴申报”办理"
)
DEEMED_REASON = gettext_noop(
    "视同缴费年限补缴需先经认定部门认定，请通过“单位职工基本养老保险视同缴费年限补缴申报”办理"
)
OVER_LIMIT = gettext_noop(
    "累计补缴月数将达 %(n)d 个月（已补缴 %(a)d 个月，本次 %(b)d 个月），超过 %(m)d 个月的上限"
)
PROVINCIAL_ONLY = gettext_noop("单位（社区）代管灵活就业人员补缴为省本级特有业务，%(r)s不能办理")
NO_DEFERRAL = gettext_noop("本单位未办理缓缴认定，不能办理缓缴单位职工社会保险补缴")
OUTSIDE_DEFERRAL = gettext_noop("补缴时段 %(s)s-%(e)s 不在本单位的缓缴认定期内")
NO_WAGE = gettext_noop("%(y)d年度没有该人员的缴费工资，请填写月缴费工资")

TYPE_GROUP = "险种类型"

#: R-BP-06 / R-BP-07 materials of §3.3.30.
CONTRACT = "劳动合同"
PAYROLL = "工资花名册、年度考核表等其他原始凭据"
LEGAL_DOCUMENTS = (
    "行政审批文书",
    "法院判决书",
    "劳动保障部门文书",
    "劳动仲裁裁决书",
    "稽核部门出具的整改通知书",
)
#: R-BP-06: back-payment within this many months before the current one needs only the contract.
RECENT_MONTHS = 36


class ArrearsRow(RowModel):
    unit_no: Text | None = column("单位编号", example="100000000", required=False)
    unit_name: Text | None = column("单位名称", example="武汉***公司", required=False)
    person_no: Text | None = column("个人编号", example="10000000000", required=False)
    id_number: IdNumberStr = column(
        "身份证号码", example="110100198506020015", sensitive=Sensitive.ID
    )
    name: PersonName | None = column("姓名", example="张三", required=False)
    start_period: PeriodText = column("补缴开始年月", example="202001", help="YYYYMM")
    end_period: PeriodText = column("补缴结束年月", example="202006", help="YYYYMM")
    months: Text | None = column("补缴月数", example="6", required=False, help="可不填，系统计算")
    reason: Annotated[str, one_of(REASONS)] = column(
        "补缴原因", example="劳动合同补缴", kind="choice", choices=REASONS
    )
    pension: Tick = column(
        "城镇职工基本养老保险",
        header_note="(√)",
        example="√",
        kind="tick",
        required=False,
        group=TYPE_GROUP,
    )
    unemployment: Tick = column(
        "失业保险", header_note="(√)", example="√", kind="tick", required=False, group=TYPE_GROUP
    )
    work_injury: Tick = column(
        "工伤保险", header_note="(√)", kind="tick", required=False, group=TYPE_GROUP
    )
    wage: Money = column(
        "申报月平均工资(元)", example="5600", kind="money", help="须经职工本人签字确认，单位留存"
    )
    id_type: IdTypeName | None = id_type_column()


COMMUNITY_REASONS = [COMMUNITY_REASON, *REASONS]


class CommunityArrearsRow(ArrearsRow):
    reason: Annotated[str, one_of(COMMUNITY_REASONS)] = column(
        "补缴原因", example=COMMUNITY_REASON, kind="choice", choices=COMMUNITY_REASONS
    )


class DeferralArrearsRow(RowModel):
    unit_no: Text | None = column("单位编号", example="100000000", required=False)
    unit_name: Text | None = column("单位名称", example="武汉***公司", required=False)
    person_no: Text | None = column("个人编号", required=False)
    id_number: IdNumberStr = column(
        "身份证号码", example="110100198506020015", sensitive=Sensitive.ID
    )
    name: PersonName | None = column("姓名", example="熊彦", required=False)
    start_period: PeriodText = column("补缴开始年月", example="202103", help="YYYYMM")
    end_period: PeriodText = column("补缴结束年月", example="202103", help="YYYYMM")
    months: Text | None = column("补缴月数", example="1", required=False, help="可不填，系统计算")
    pension: Tick = column(
        "城镇职工基本养老保险",
        header_note="(√)",
        example="√",
        kind="tick",
        required=False,
        group=TYPE_GROUP,
    )
    unemployment: Tick = column(
        "失业保险", header_note="(√)", example="√", kind="tick", required=False, group=TYPE_GROUP
    )
    work_injury: Tick = column(
        "工伤保险", header_note="(√)", kind="tick", required=False, group=TYPE_GROUP
    )
    wage: Money | None = column(
        "月缴费工资(元)", required=False, kind="money", help="不填时按该人员当年度申报的缴费工资"
    )
    id_type: IdTypeName | None = id_type_column()


#: The interest total when a year's 记账利率 is not published yet (暂按, recomputed later).
PROVISIONAL_NOTE = gettext_noop("（未公布年度的记账利率暂按%(y)d年利率计算，公布后重算）")

NOTES = (
    "说明 1、补缴原因：劳动合同补缴、视同缴费年限补缴、行政审批历史追溯补缴、法律文书补缴、稽核部门出具的整改通知书。",
    "说明 2、按照政策规定，补缴1996年1月1日以后时段，有收取个人账户利息及滞纳金。",
    "说明 3、本单位补缴3年以内且累计补缴不超过3年的，需提供《劳动合同》；本单位累计补缴超过3年以上的，需提供行政审批、法院判决、劳动保障、劳动仲裁、稽核部门出具的整改通知书之一。",
    "说明 4、视同缴费年限补缴需先经认定部门认定后再申报补缴。",
    "说明 5、本表申报月平均工资必须经职工本人签字确认，单位留存。",
    "说明 6、低于历年缴费基数标准60%或高于300%的，将按历年保底或封顶数核定，核定缴费基数时四舍五入到十元。",
)
