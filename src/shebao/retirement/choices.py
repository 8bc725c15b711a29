"""Code lists of the retirement application form (common_patterns.hb_retirement_application_form).

The manual shows one example per list (离退休类别 因病提前退休, 认定类型 首次申报认定, 岗位性质
生产、操作岗 …); the other values are the ones the six services name or the national 代码 uses,
and each list says where it came from.
"""

from __future__ import annotations

#: 离退休类别: one per kind of application (the service fixes which one its form accepts).
NORMAL = "正常退休"
SPECIAL_JOB = "特殊工种提前退休"
ILLNESS = "因病提前退休"
MILITARY_CADRE = "军转干部提前退休"
CATEGORIES = [NORMAL, SPECIAL_JOB, ILLNESS, MILITARY_CADRE]
CATEGORY_ALIASES = {
    "正常退休（职）": NORMAL,
    "正常退休(职)": NORMAL,
    "特殊工种": SPECIAL_JOB,
    "因病或非因工完全丧失劳动能力提前退休": ILLNESS,
    "国有困难企业军转干部提前退休": MILITARY_CADRE,
}

YES_NO = ["是", "否"]
APPLICANT_TYPES = ["单位申报", "个人申报"]
#: 岗位性质: the work-history example reads 生产、操作岗; women in 管理、技术岗 retire at the
#: cadre age, in 生产、操作岗 at the worker age (the law's two female groups).
POST_NATURES = ["管理、技术岗", "生产、操作岗"]
FIRST = "首次申报认定"
AGAIN = "重新申报认定"
DETERMINATION_TYPES = [FIRST, AGAIN]
#: 用工性质 of a work-history row; the manual's example is 全民所有制.
EMPLOYMENT_NATURES = ["全民所有制", "集体所有制", "合同制", "其他"]
#: 特殊工种类别 of a work-history row: the groups whose cumulative years count for early
#: retirement (劳部发〔1993〕 特殊工种 lists; the years per group are the law's parameters).
SPECIAL_JOB_TYPES = ["井下", "高温", "高空", "特别繁重体力劳动", "其他有害身体健康"]

#: 认定方式 of a retiree's qualification (R-BIZ-10: biometrics, an on-site check, a survival
#: certificate from the unit or community, or a letter).
QUALIFICATION_METHODS = [
    "人脸识别",
    "指纹识别",
    "指静脉识别",
    "现场核验社保卡或身份证",
    "单位或社区出具生存证明",
    "来函认证",
]
