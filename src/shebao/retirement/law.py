"""The application checked against the retirement law (``shebao.policy.retirement``): which
post's age applies, which early-retirement rule a kind asks for, the contribution months.

The law module decides; this one only says what the form means in its terms (岗位性质 is
the 岗位类别 of a woman's age; the 特殊工种类别 rows are the special-job groups).
"""

from __future__ import annotations

from collections.abc import Iterable

from shebao.contributions.retirement import pension_months
from shebao.core.period import Period
from shebao.pensions.award import deemed_months
from shebao.pensions.choices import RetirementCategory
from shebao.policy.retirement import (
    EarlyRetirementKind,
    Eligibility,
    PostType,
    eligibility,
    retirement_post,
)
from shebao.registry.choices import Gender
from shebao.registry.models import Person

from . import choices as c
from .rows import RetirementRow

POST_TYPES = {"管理、技术岗": PostType.CADRE, "生产、操作岗": PostType.WORKER}
#: 特殊工种类别 -> the law's group; 井下 and 高温 share one (9 years), as 高空 and 繁重 do.
SPECIAL_GROUPS = {
    "井下": EarlyRetirementKind.UNDERGROUND_HIGH_TEMPERATURE,
    "高温": EarlyRetirementKind.UNDERGROUND_HIGH_TEMPERATURE,
    "高空": EarlyRetirementKind.HEIGHT_HEAVY_LABOUR,
    "特别繁重体力劳动": EarlyRetirementKind.HEIGHT_HEAVY_LABOUR,
    "其他有害身体健康": EarlyRetirementKind.OTHER_HARMFUL,
}
EARLY_KINDS = {
    c.ILLNESS: EarlyRetirementKind.ILLNESS,
    c.MILITARY_CADRE: EarlyRetirementKind.MILITARY_CADRE,
}
#: 离退休类别 as the pensions app records it.
CATEGORIES = {
    c.NORMAL: RetirementCategory.NORMAL,
    c.SPECIAL_JOB: RetirementCategory.SPECIAL_JOB,
    c.ILLNESS: RetirementCategory.ILLNESS,
    c.MILITARY_CADRE: RetirementCategory.MILITARY_CADRE,
}


def contribution_months(person_ids: Iterable[int]) -> dict[int, int]:
    """累计缴费月数 (实际 + 视同) per person, in two queries for all of them."""
    ids = list(person_ids)
    paid, deemed = pension_months(person_ids=ids), deemed_months(ids)
    return {pk: paid.get(pk, 0) + deemed.get(pk, 0) for pk in ids}


def special_group_months(row: RetirementRow) -> dict[EarlyRetirementKind, int]:
    """Cumulative months per special-job group in the work history, an open row counted up
    to the retirement month."""
    totals: dict[EarlyRetirementKind, int] = {}
    for work in row.work_history:
        if not work.special_job_type:
            continue
        group = SPECIAL_GROUPS[work.special_job_type]
        end = Period.parse(work.end_month or row.retirement_month)
        months = max(Period.parse(work.start_month).months_until(end), 0)
        totals[group] = totals.get(group, 0) + months
    return totals


def application_eligibility(
    *, row: RetirementRow, person: Person, months: int
) -> Eligibility | None:
    """The law's verdict on the application; None for a special-job one without special
    years (the kind's own check says so)."""
    post = retirement_post(male=person.gender == Gender.MALE, post_type=POST_TYPES[row.post_nature])
    assert post is not None  # 岗位性质 is required and always maps to a post type
    common = {
        "birth_month": Period.of(person.birth_date),
        "file_birth_month": Period.parse(row.file_birth_month),
        "post": post,
        "retirement_month": Period.parse(row.retirement_month),
        "contribution_months": months,
    }
    if row.category == c.SPECIAL_JOB:
        groups = special_group_months(row)
        verdicts = [
            (eligibility(**common, kind=kind, special_work_months=total), total)  # type: ignore[arg-type]
            for kind, total in groups.items()
        ]
        # the group that qualifies, else the one with most years (its reasons are shown)
        verdicts.sort(key=lambda pair: (not pair[0].eligible, -pair[1]))
        return verdicts[0][0] if verdicts else None
    kind = EARLY_KINDS.get(row.category)
    # the illness appraisal is a required material: the engine refuses the case without it
    return eligibility(**common, kind=kind, capacity_assessed=True)  # type: ignore[arg-type]
