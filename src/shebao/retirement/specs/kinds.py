"""The six applications: 正常退休（职）, 特殊工种, 因病或非因工完全丧失劳动能力, 国有困难企业
军转干部, each as a first application and a re-application (§3.3.55, §3.3.58-§3.3.64).

Each kind is a rule mixin (its category and its own check) over the shared base; materials
are the spec entries' lists, all optional there, except the illness appraisal, which the
kind cannot be decided without (the spec asks whether it is really optional; we say no).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.services.registry import register
from shebao.services.spec import CheckContext, DraftView, Group, Material

from .. import choices as c
from ..law import special_group_months
from ..rows import RetirementRow
from .base import Reapplication, RetirementApplication

ILLNESS_APPRAISAL = "职工非因工伤残或因病丧失劳动能力程序鉴定结论"
FILE = Material("职工人事档案")
ID_CARD = Material("身份证")
SSC = Material("社会保障卡")
AGENT_ID = Material("代办人身份证")
TRANSFER_FILE = Material("档案转业材料")
CADRE_LEVEL_FORM = Material("军转级别认定表")
APPLICATION_FORM = Material("退休申请表")
SUPPLEMENT = Material("补充人事档案资料")
REAPPROVAL_REPORT = Material("重新审批情况报告")
APPRAISAL = Material(ILLNESS_APPRAISAL, note="劳动能力鉴定委员会出具的完全丧失劳动能力鉴定结论")

FIRST_MATERIALS = (FILE, ID_CARD, SSC, AGENT_ID, TRANSFER_FILE, CADRE_LEVEL_FORM)
AGAIN_MATERIALS = (FILE, ID_CARD, SSC, AGENT_ID, APPLICATION_FORM, SUPPLEMENT, REAPPROVAL_REPORT)

NO_SPECIAL_JOB = gettext_noop("工作经历中没有填写特殊工种类别，不能申请特殊工种提前退休")
CADRE_LEVEL_NEEDED = gettext_noop("军转干部提前退休须填写军转干级别")

DESCRIPTION = (
    "单位在网上录入拟退休人员的基本信息、工作经历和参保信息，上传材料后提交，由中心端进行审核。"
    "工作经历不能为空；参保信息由系统按参保记录预填，可以新增、修改、删除。"
)


class Normal:
    category = c.NORMAL

    def check_kind(self, ctx: CheckContext, number: int, row: RetirementRow) -> None:
        return None


class SpecialJob:
    category = c.SPECIAL_JOB

    def check_kind(self, ctx: CheckContext, number: int, row: RetirementRow) -> None:
        if not special_group_months(row):
            ctx.fail(number, "工作经历", _(NO_SPECIAL_JOB))


class Illness:
    category = c.ILLNESS
    materials: ClassVar[Sequence[Material]]

    def check_kind(self, ctx: CheckContext, number: int, row: RetirementRow) -> None:
        return None

    def required_materials(self, draft: DraftView) -> Sequence[Material]:
        """The 劳动能力鉴定 conclusion is what the centre decides on: required."""
        materials: Sequence[Material] = self.materials
        return [
            Material(m.name, Group.REQUIRED, m.note) if m.name == ILLNESS_APPRAISAL else m
            for m in materials
        ]


class MilitaryCadre:
    category = c.MILITARY_CADRE

    def check_kind(self, ctx: CheckContext, number: int, row: RetirementRow) -> None:
        if not row.cadre_level:
            ctx.fail(number, "军转干级别", _(CADRE_LEVEL_NEEDED))


@register
class NormalRetirementApplication(Normal, RetirementApplication[RetirementRow]):
    code = "hb_normal_retirement_application"
    title = "职工正常退休（职）申请"
    section = "§3.3.61"
    description = DESCRIPTION
    row = RetirementRow
    materials = FIRST_MATERIALS
    report_title = "职工正常退休（职）申请表"


@register
class NormalRetirementReapplication(Normal, Reapplication):
    code = "hb_normal_retirement_reapplication"
    title = "职工正常退休（职）重新申请"
    section = "§3.3.60"
    description = DESCRIPTION
    first = NormalRetirementApplication
    materials = AGAIN_MATERIALS
    report_title = "职工正常退休（职）重新申请表"


@register
class SpecialJobEarlyRetirementApproval(SpecialJob, RetirementApplication[RetirementRow]):
    code = "hb_special_job_early_retirement_approval"
    title = "特殊工种提前退休审批"
    section = "§3.3.62"
    description = DESCRIPTION
    row = RetirementRow
    materials = FIRST_MATERIALS
    report_title = "特殊工种提前退休审批表"


@register
class SpecialJobEarlyRetirementReapproval(SpecialJob, Reapplication):
    code = "hb_special_job_early_retirement_reapproval"
    title = "特殊工种提前退休重新审批"
    section = "§3.3.59"
    description = DESCRIPTION
    first = SpecialJobEarlyRetirementApproval
    materials = AGAIN_MATERIALS
    report_title = "特殊工种提前退休重新审批表"


@register
class EarlyRetirementIllnessApproval(Illness, RetirementApplication[RetirementRow]):
    code = "hb_early_retirement_illness_approval"
    title = "因病或非因工完全丧失劳动能力提前退休审批"
    section = "§3.3.55"
    description = DESCRIPTION
    row = RetirementRow
    materials = (APPRAISAL, *FIRST_MATERIALS)
    report_title = "因病或非因工完全丧失劳动能力提前退休审批表"


@register
class EarlyRetirementIllnessReapproval(Illness, Reapplication):
    code = "hb_early_retirement_illness_reapproval"
    title = "因病或非因工完全丧失劳动能力提前退休重新审批"
    section = "§3.3.64"
    description = DESCRIPTION
    first = EarlyRetirementIllnessApproval
    materials = (APPRAISAL, *AGAIN_MATERIALS)
    report_title = "因病或非因工完全丧失劳动能力提前退休重新审批表"


@register
class MilitaryCadreEarlyRetirementApproval(MilitaryCadre, RetirementApplication[RetirementRow]):
    code = "hb_military_cadre_early_retirement_approval"
    title = "国有困难企业军转干部提前退休审批"
    section = "§3.3.63"
    description = DESCRIPTION
    row = RetirementRow
    materials = FIRST_MATERIALS
    report_title = "国有困难企业军转干部提前退休审批表"


@register
class MilitaryCadreEarlyRetirementReapproval(MilitaryCadre, Reapplication):
    code = "hb_military_cadre_early_retirement_reapproval"
    title = "国有困难企业军转干部提前退休重新审批"
    section = "§3.3.58"
    description = DESCRIPTION
    first = MilitaryCadreEarlyRetirementApproval
    materials = AGAIN_MATERIALS
    report_title = "国有困难企业军转干部提前退休重新审批表"


KINDS: tuple[type[RetirementApplication[Any]], ...] = (
    NormalRetirementApplication,
    NormalRetirementReapplication,
    SpecialJobEarlyRetirementApproval,
    SpecialJobEarlyRetirementReapproval,
    EarlyRetirementIllnessApproval,
    EarlyRetirementIllnessReapproval,
    MilitaryCadreEarlyRetirementApproval,
    MilitaryCadreEarlyRetirementReapproval,
)
