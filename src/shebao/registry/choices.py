"""Code lists of the registry (rules.md §10, §11)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shebao.core.id_documents import ID_TYPE_ALIASES as CORE_ID_TYPE_ALIASES
from shebao.core.id_documents import IdType
from shebao.policy.choices import InsuranceType as InsuranceType  # defined in policy, below us

#: The names a unit sees in templates and uploads; plain strings so they can be parsed before
#: translations load.
TYPE_NAMES: dict[str, InsuranceType] = {
    "城镇职工基本养老保险": InsuranceType.PENSION,
    "失业保险": InsuranceType.UNEMPLOYMENT,
    "工伤保险": InsuranceType.WORK_INJURY,
}
TYPE_ALIASES = {
    "城镇企业职工养老保险": "城镇职工基本养老保险",
    "城镇职工养老保险": "城镇职工基本养老保险",
    "企业职工基本养老保险": "城镇职工基本养老保险",
    "养老保险": "城镇职工基本养老保险",
    "养老": "城镇职工基本养老保险",
    "失业": "失业保险",
    "工伤": "工伤保险",
}
TYPE_CHOICES = list(TYPE_NAMES)

#: R-INS-01: 湖北省省本级 has at most pension and unemployment.
PROVINCIAL_LEVEL_TYPES = frozenset({InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT})


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "active", _("正常参保")
    SUSPENDED = "suspended", _("暂停参保")


class UnitInsuranceStatus(models.TextChoices):
    """单位参保状态 of one insurance type (R-INS-05); §3.3.11 suspends, §3.3.12 resumes."""

    ACTIVE = "active", _("正常参保")
    SUSPENDED = "suspended", _("暂停缴费")


#: 减少原因 of §3.3.18 (R-LIST-06): the manual shows only 异地参加该险种; the other two are the
#: general reasons of R-LIST-01 that also apply to a single type.
TYPE_REDUCTION_REASONS = ["异地参加该险种", "重复参保", "其他"]


class Gender(models.TextChoices):
    MALE = "1", _("男")
    FEMALE = "2", _("女")


#: 停保（减员）原因: the union of R-LIST-01 and R-LIST-02; 退休减员 is the template's name for 退休(退职).
SUSPENSION_REASONS = [
    "终止解除劳动合同(劳动关系)",
    "服刑",
    "入伍入学",
    "退休(退职)",
    "重复参保",
    "行政调动",
    "职工发生辞职(退)",
    "无法联系的",
    "死亡",
    "其他",
]
SUSPENSION_REASON_ALIASES = {
    "退休减员": "退休(退职)",
    "无法联系": "无法联系的",
    "解除劳动关系": "终止解除劳动合同(劳动关系)",
}

#: GB 3304-91 民族, shown as "01 汉族" in templates.
ETHNICITIES = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
]
#: GB/T 3304-1991 codes the two names after the 56 nationalities 97 and 98; 其他 is what a
#: foreign national without Chinese nationality is declared with (issue #15 §1).
OTHER_ETHNICITIES = {97: "其他", 98: "外国血统中国籍人士"}
ETHNICITY_CODES = {name: f"{i:02d}" for i, name in enumerate(ETHNICITIES, start=1)} | {
    name: str(code) for code, name in OTHER_ETHNICITIES.items()
}
ETHNICITIES = ETHNICITIES + list(OTHER_ETHNICITIES.values())
ETHNICITY_CODED = [f"{code} {name}" for name, code in ETHNICITY_CODES.items()]


class ProjectKind(models.TextChoices):
    """建筑工程项目 (§3.3.1) or 矿山项目 (§3.3.2), insured for work injury per project."""

    CONSTRUCTION = "construction", _("建筑工程项目")
    MINING = "mining", _("矿山项目")


class ProjectStatus(models.TextChoices):
    """项目状态: the manual requires it but lists no values (§3.3.2 open question); these are
    the three a project goes through. A 终止 project takes no new workers."""

    ACTIVE = "active", _("正常")
    SUSPENDED = "suspended", _("停工")
    ENDED = "ended", _("终止")


class ProjectWorkerStatus(models.TextChoices):
    ACTIVE = "active", _("在册")
    ENDED = "ended", _("已减少")


#: R-LIST-08 行业类别 of a construction project (§3.3.13).
CONSTRUCTION_INDUSTRY_CATEGORIES = [
    "房屋建设",
    "装饰装修",
    "市政建设",
    "园林绿化",
    "水利",
    "公路",
    "铁路",
    "水运",
    "能源",
    "机场",
    "桥梁建设",
    "隧道建设",
    "地质灾害",
    "土地整理",
    "烟水配套",
    "输变电工程",
    "广电网络工程",
    "通信网络工程",
    "其他工程",
]

#: 矿山项目类型: not listed by the manual; §3.3.2's purpose names coal and non-coal mines.
MINING_PROJECT_TYPES = ["煤矿", "非煤矿山"]

#: 证件类型 of a person, a project manager or worker: the rules live in core.id_documents.
RESIDENT_ID: str = IdType.RESIDENT_ID.value
ID_TYPES: list[str] = list(IdType.values)
ID_TYPE_ALIASES = CORE_ID_TYPE_ALIASES

#: 户口性质 of the Chongqing template (CQ-WI 八(一)); only 非农业户口(城镇) is shown there.
HUKOU_TYPES = ["非农业户口(城镇)", "农业户口(农村)", "居民户口", "其他"]
HUKOU_ALIASES = {
    "非农业户口（城镇）": "非农业户口(城镇)",
    "农业户口（农村）": "农业户口(农村)",
    "城镇": "非农业户口(城镇)",
    "农村": "农业户口(农村)",
}
