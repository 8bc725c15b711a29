"""The retirement law's parameters, written by a data migration and by ``policy_seed``.

The figures of the 2024 law are those stated in the Decision and its annexed 办法; the
early-retirement figures are the long-standing national ones, and the notes say where
the 2024 law may have touched them without this project being certain.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

LAW_2024 = (
    "全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定（2024年9月13日）"
    "附件《国务院关于渐进式延迟法定退休年龄的办法》"
)
LAW_IN_FORCE = dt.date(2025, 1, 1)

#: post -> (old age, first delayed birth month, birth-months per step, target age), in months
AGE_RULES_2024: dict[str, tuple[int, dt.date, int, int]] = {
    "male": (60 * 12, dt.date(1965, 1, 1), 4, 63 * 12),
    "female_cadre": (55 * 12, dt.date(1970, 1, 1), 4, 58 * 12),
    "female_worker": (50 * 12, dt.date(1975, 1, 1), 2, 55 * 12),
}
AGE_SOURCE = (
    LAW_2024 + "第一条：男职工和原法定退休年龄为五十五周岁的女职工每四个月延迟一个月，"
    "分别延迟至六十三周岁、五十八周岁；原法定退休年龄为五十周岁的女职工每二个月延迟一个月，"
    "延迟至五十五周岁；第三条：弹性提前最长三年且不低于原法定退休年龄，弹性延迟最长三年"
)
MINIMUM_SOURCE = (
    LAW_2024 + "第二条：从2030年1月1日起，最低缴费年限由15年逐步提高至20年，每年提高6个月；"
    "不满的可延长缴费或一次性缴费"
)

_SPECIAL = (
    "原劳动部、劳动和社会保障部《关于制止和纠正违反国家规定办理企业职工提前退休有关问题的通知》"
    "（劳社部发〔1999〕8号）及国发〔1978〕104号：男年满55周岁、女年满45周岁，"
    "%s累计满%d年。2024年《决定》规定国家另有规定的从其规定，本项目未确认特殊工种提前退休年龄"
    "是否随之调整，上线前须按人力资源社会保障部最新文件核对"
)
_ILLNESS = (
    "国发〔1978〕104号及劳社部发〔1999〕8号：因病或非因工致残，由医院证明并经劳动能力鉴定委员会"
    "确认完全丧失劳动能力的，男年满50周岁、女年满45周岁。本项目未确认2024年《决定》实施后"
    "该年龄是否调整，上线前须核对"
)
_MILITARY = (
    "国有困难企业军转干部提前退休：按距原法定退休年龄五年以内设置（男55周岁、女干部50周岁、"
    "女工人45周岁）。年龄与文件依据均未经本项目核实（地方执行口径不一），上线前须按本地文件修改"
)

ByPost = dict[str, tuple[int, int | None, bool]]


def _by_post(
    male: int,
    cadre: int,
    worker: int,
    *,
    special_years: int | None = None,
    assessment: bool = False,
) -> ByPost:
    """Ages in years per post, the special-work years and whether 劳动能力鉴定 is needed."""
    months = None if special_years is None else special_years * 12
    ages = {"male": male, "female_cadre": cadre, "female_worker": worker}
    return {post: (age * 12, months, assessment) for post, age in ages.items()}


#: kind -> ({post: (age in months, special-work months or None, needs 劳动能力鉴定)}, source)
EARLY_RULES: dict[str, tuple[ByPost, str]] = {
    "underground_heat": (
        _by_post(55, 45, 45, special_years=9),
        _SPECIAL % ("从事井下、高温工作", 9),
    ),
    "height_heavy": (
        _by_post(55, 45, 45, special_years=10),
        _SPECIAL % ("从事高空、特别繁重体力劳动工作", 10),
    ),
    "other_harmful": (
        _by_post(55, 45, 45, special_years=8),
        _SPECIAL % ("从事其他有害身体健康工作", 8),
    ),
    "illness": (_by_post(50, 45, 45, assessment=True), _ILLNESS),
    "military_cadre": (_by_post(55, 50, 45), _MILITARY),
}
EARLY_FROM = dt.date(1999, 3, 9)  # 劳社部发〔1999〕8号


def retirement_law_seed(*, age_rule: Any, minimum_rule: Any, early_rule: Any) -> None:
    """Write the parameters with the given model classes (historical ones in a migration).
    Idempotent on the natural keys; an administrator's later correction is kept."""
    for post, (old, first, step, target) in AGE_RULES_2024.items():
        age_rule.objects.get_or_create(
            post=post,
            effective_from=LAW_IN_FORCE,
            defaults={
                "old_age_months": old,
                "first_birth_month": first,
                "step_birth_months": step,
                "increment_months": 1,
                "target_age_months": target,
                "flexible_earlier_months": 36,
                "flexible_later_months": 36,
                "source": AGE_SOURCE,
            },
        )
    minimum_rule.objects.get_or_create(
        effective_from=LAW_IN_FORCE,
        defaults={
            "base_months": 180,
            "from_year": 2030,
            "step_months": 6,
            "cap_months": 240,
            "source": MINIMUM_SOURCE,
        },
    )
    for kind, (by_post, source) in EARLY_RULES.items():
        for post, (age, special, assessment) in by_post.items():
            early_rule.objects.get_or_create(
                kind=kind,
                post=post,
                effective_from=EARLY_FROM,
                defaults={
                    "age_months": age,
                    "special_work_months": special,
                    "requires_capacity_assessment": assessment,
                    "source": source,
                },
            )


def seed_current() -> None:
    """``retirement_law_seed`` with today's models (demo loader, tests)."""
    from .retirement_models import (
        EarlyRetirementParameter,
        MinimumContributionRule,
        RetirementAgeRule,
    )

    retirement_law_seed(
        age_rule=RetirementAgeRule,
        minimum_rule=MinimumContributionRule,
        early_rule=EarlyRetirementParameter,
    )
