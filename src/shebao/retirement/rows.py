"""The retirement application form: 基本信息 and its two sub-tables, 工作经历 and 参保信息.

One row model serves the six services (§3.3.55, §3.3.58-§3.3.64 share the form); the
re-approvals add the earlier case they refer to.
"""

from __future__ import annotations

from typing import Annotated

from django.utils.translation import gettext_noop

from shebao.core.masking import Sensitive
from shebao.registry.choices import (
    ETHNICITIES,
    ID_TYPE_ALIASES,
    ID_TYPES,
    TYPE_ALIASES,
    TYPE_CHOICES,
)
from shebao.services.rows import (
    IdNumberStr,
    PeriodText,
    PersonName,
    RowModel,
    Text,
    column,
    one_of,
    subtable,
)

from . import choices as c

WORK_HISTORY_EMPTY = gettext_noop("工作经历不能为空")


class WorkHistoryRow(RowModel):
    """工作经历: one post held, with the 特殊工种 group its years count in (if any)."""

    unit_name: Text | None = column("单位名称", example="武汉***公司", required=False)
    start_month: PeriodText = column("开始年月", example="201801")
    end_month: PeriodText | None = column("结束年月", example="202103", required=False)
    job: Text = column("职务或工种", example="工人")
    employment_nature: Annotated[str, one_of(c.EMPLOYMENT_NATURES)] | None = column(
        "用工性质",
        example="全民所有制",
        kind="choice",
        choices=c.EMPLOYMENT_NATURES,
        required=False,
    )
    post_nature: Annotated[str, one_of(c.POST_NATURES)] | None = column(
        "岗位性质", example="生产、操作岗", kind="choice", choices=c.POST_NATURES, required=False
    )
    special_job_type: Annotated[str, one_of(c.SPECIAL_JOB_TYPES)] | None = column(
        "特殊工种类别", kind="choice", choices=c.SPECIAL_JOB_TYPES, required=False
    )
    remarks: Text | None = column("备注", required=False)


class InsuranceHistoryRow(RowModel):
    """参保信息: prefilled from the registry's enrolments; the unit may add earlier ones."""

    insurance_type: Annotated[str, one_of(TYPE_CHOICES, TYPE_ALIASES)] = column(
        "参保险种", example="城镇职工基本养老保险", kind="choice", choices=TYPE_CHOICES
    )
    start_month: PeriodText = column("开始年月", example="201303")
    end_month: PeriodText | None = column("结束年月", required=False)
    agency: Text | None = column("参保社保机构", example="429006", required=False)


class RetirementRow(RowModel):
    id_type: Annotated[str, one_of(ID_TYPES, ID_TYPE_ALIASES)] = column(
        "证件类型", example=ID_TYPES[0], kind="choice", choices=ID_TYPES
    )
    id_number: IdNumberStr = column(
        "证件号码", example="110100197904020028", sensitive=Sensitive.ID
    )
    name: PersonName = column("姓名", example="李四")
    gender: Annotated[str, one_of(["男", "女"])] | None = column(
        "性别", example="女", kind="choice", choices=["男", "女"], required=False
    )
    ethnicity: Annotated[str, one_of(ETHNICITIES)] | None = column(
        "民族", example="汉族", kind="choice", choices=ETHNICITIES, required=False
    )
    birth_month: PeriodText | None = column("出生年月", example="197904", required=False)
    has_paper_file: Annotated[str, one_of(c.YES_NO)] = column(
        "是否存在纸质档案", example="是", kind="choice", choices=c.YES_NO
    )
    applicant_type: Annotated[str, one_of(c.APPLICANT_TYPES)] = column(
        "申请人类型", example="单位申报", kind="choice", choices=c.APPLICANT_TYPES
    )
    category: Annotated[str, one_of(c.CATEGORIES, c.CATEGORY_ALIASES)] = column(
        "离退休类别", example=c.ILLNESS, kind="choice", choices=c.CATEGORIES
    )
    file_birth_month: PeriodText = column("档案出生年月", example="197904")
    work_start_month: PeriodText = column("参加工作年月", example="201401")
    retirement_month: PeriodText = column("离退休年月", example="202605")
    post_nature: Annotated[str, one_of(c.POST_NATURES)] = column(
        "岗位性质", example="生产、操作岗", kind="choice", choices=c.POST_NATURES
    )
    hukou_place: Text = column("户籍所在地", example="湖北省武汉市")
    cadre_level: Text | None = column("军转干级别", required=False)
    multi_place: Annotated[str, one_of(c.YES_NO)] = column(
        "是否多地缴费", example="否", kind="choice", choices=c.YES_NO
    )
    contact: Text = column("联系方式", example="无", sensitive=Sensitive.MOBILE)
    determination_type: Annotated[str, one_of(c.DETERMINATION_TYPES)] | None = column(
        "认定类型",
        example=c.FIRST,
        kind="choice",
        choices=c.DETERMINATION_TYPES,
        required=False,
    )
    remarks: Text | None = column("备注", required=False)
    work_history: list[WorkHistoryRow] = subtable(
        "工作经历", min_rows=1, empty_message=WORK_HISTORY_EMPTY
    )
    insurance_history: list[InsuranceHistoryRow] = subtable("参保信息")


class ReapprovalRow(RetirementRow):
    """A re-approval names the earlier application whose decision it asks to revisit."""

    earlier_serial_no: Text = column("原申请业务流水号", example="202103150474347")
