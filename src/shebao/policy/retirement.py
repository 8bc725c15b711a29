"""Retirement ages, minimum years, flexible and early retirement (issue #13 §2): keep it
small, keep it stable.

Pure functions over the effective-dated parameters of ``retirement_models`` (seeded from
the 2024 law by a data migration and by ``policy_seed``): nothing here writes, and a
missing parameter raises :class:`MissingParameter` naming what to configure rather than
falling back to a figure written in code. Months are :class:`Period`; ages are whole
months (``RetirementAge``). The retirement month is the birth month plus the age.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.period import Period

from .retirement_models import (
    EarlyRetirementKind,
    EarlyRetirementParameter,
    MinimumContributionRule,
    PostType,
    RetirementAgeRule,
    RetirementPost,
)
from .selectors import MissingParameter

__all__ = [
    "EarlyRetirementKind",
    "EarlyRetirementRule",
    "Eligibility",
    "MissingParameter",
    "PostType",
    "RetirementAge",
    "RetirementLaw",
    "RetirementPost",
    "early_retirement_rule",
    "eligibility",
    "flexible_window",
    "minimum_contribution_months",
    "retirement_law",
    "retirement_post",
    "statutory_retirement",
]

MISSING_AGE = gettext_noop("未配置%(p)s的法定退休年龄参数")
MISSING_MINIMUM = gettext_noop("未配置%(y)d年退休适用的最低缴费年限参数")
MISSING_EARLY = gettext_noop("未配置%(p)s%(k)s提前退休条件参数")
AGE_LABEL = gettext_noop("%(y)d岁%(m)d个月")
AGE_LABEL_WHOLE = gettext_noop("%(y)d岁")
TOO_EARLY = gettext_noop("申请退休年月%(r)s早于可退休年月%(e)s")
TOO_LATE = gettext_noop("申请退休年月%(r)s晚于弹性延迟退休的最晚年月%(l)s")
FLEXIBLE_EARLY_SHORT = gettext_noop("弹性提前退休须达到最低缴费年限")
FLEXIBLE_EARLY = gettext_noop("弹性提前退休：法定退休年月为%(s)s")
FLEXIBLE_LATE = gettext_noop("弹性延迟退休：须经单位与职工协商一致")
SHORT_MONTHS = gettext_noop(
    "累计缴费%(c)d个月，不足最低缴费年限%(m)d个月（差%(d)d个月），可申请延长缴费或一次性缴费"
)
EARLY_SHORT_MONTHS = gettext_noop(
    "累计缴费%(c)d个月，不足最低缴费年限%(m)d个月（差%(d)d个月），不能提前退休"
)
SPECIAL_SHORT = gettext_noop("特殊工种累计%(c)d个月，不足%(r)d个月")
ASSESSMENT_NEEDED = gettext_noop("须经劳动能力鉴定为完全丧失劳动能力")
FILE_DATE_GOVERNS = gettext_noop(
    "档案出生年月%(f)s与身份证件出生年月%(i)s不一致（相差%(d)d个月），以档案出生年月为准"
)


@dataclass(frozen=True, order=True)
class RetirementAge:
    """An age in whole years and months (60岁1个月 is ``RetirementAge(60, 1)``)."""

    years: int
    months: int = 0

    @classmethod
    def of_months(cls, total: int) -> RetirementAge:
        return cls(total // 12, total % 12)

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months

    def __str__(self) -> str:
        if self.months:
            return _(AGE_LABEL) % {"y": self.years, "m": self.months}
        return _(AGE_LABEL_WHOLE) % {"y": self.years}


@dataclass(frozen=True)
class EarlyRetirementRule:
    """What one kind of early retirement asks of one post."""

    kind: EarlyRetirementKind
    post: RetirementPost
    age: RetirementAge
    #: cumulative months in the special job type (井下、高温 9 years = 108), None if not one
    special_work_months: int | None
    requires_capacity_assessment: bool
    source: str


@dataclass(frozen=True)
class Eligibility:
    """Whether someone may retire in ``retirement_month``, and why not (``reasons``, in
    Chinese, each a blocker) or what to know (``notes``)."""

    eligible: bool
    reasons: tuple[str, ...]
    notes: tuple[str, ...]
    #: the birth month that counts: the file's (档案出生年月) when both are known
    birth_month: Period
    #: 档案出生年月 minus the ID number's birth month, in months (0 when they agree)
    birth_month_difference: int
    #: the age this kind of retirement needs, and the month it is reached
    age: RetirementAge
    earliest_month: Period
    #: the statutory age and month (法定退休年龄 under the law)
    statutory_age: RetirementAge
    statutory_month: Period
    latest_month: Period
    minimum_months: int
    #: reached the age without the minimum years: may continue contributing (延长缴费)
    needs_extension: bool


def retirement_post(*, male: bool, post_type: str) -> RetirementPost | None:
    """Men are one post; a woman's post follows her 岗位类别 (None while it is unknown)."""
    if male:
        return RetirementPost.MALE
    if post_type == PostType.CADRE:
        return RetirementPost.FEMALE_CADRE
    if post_type == PostType.WORKER:
        return RetirementPost.FEMALE_WORKER
    return None


def _age_months(rule: RetirementAgeRule, birth_month: Period) -> int:
    if rule.first_birth_month is None:
        return rule.old_age_months
    first = Period.of(rule.first_birth_month)
    if birth_month < first:
        return rule.old_age_months
    after = birth_month - first
    assert isinstance(after, int)
    steps = after // rule.step_birth_months + 1
    return min(rule.old_age_months + steps * rule.increment_months, rule.target_age_months)


@dataclass(frozen=True)
class RetirementLaw:
    """The age and minimum-years parameters read once (two queries), for computing many
    people at a time: a unit's reminder list asks the same law for every employee."""

    #: post -> its rules, latest ``effective_from`` first
    age_rules: dict[str, tuple[RetirementAgeRule, ...]]
    #: latest ``effective_from`` first
    minimum_rules: tuple[MinimumContributionRule, ...]

    def _age_rule(
        self, *, birth_month: Period, post: RetirementPost
    ) -> tuple[RetirementAgeRule, int]:
        """The rule governing this birth month: the latest whose ``effective_from`` is not
        after the retirement month it gives; the earliest rule for anyone before them all."""
        rules = self.age_rules.get(post)
        if not rules:
            raise MissingParameter(_(MISSING_AGE) % {"p": RetirementPost(post).label})
        for rule in rules:
            months = _age_months(rule, birth_month)
            if (birth_month + months).first_day >= rule.effective_from:
                return rule, months
        earliest = rules[-1]
        return earliest, earliest.old_age_months

    def statutory_retirement(
        self, *, birth_month: Period, post: RetirementPost
    ) -> tuple[RetirementAge, Period]:
        _rule, months = self._age_rule(birth_month=birth_month, post=post)
        return RetirementAge.of_months(months), birth_month + months

    def minimum_contribution_months(self, *, retirement_year: int) -> int:
        last_day = dt.date(retirement_year, 12, 31)
        rules = [r for r in self.minimum_rules if r.effective_from <= last_day]
        # before the first rule took effect the first rule's base applied (15 years)
        rule = rules[0] if rules else (self.minimum_rules[-1] if self.minimum_rules else None)
        if rule is None:
            raise MissingParameter(_(MISSING_MINIMUM) % {"y": retirement_year})
        if retirement_year < rule.from_year:
            return rule.base_months
        steps = retirement_year - rule.from_year + 1
        return min(rule.base_months + steps * rule.step_months, rule.cap_months)

    def flexible_window(
        self, *, birth_month: Period, post: RetirementPost
    ) -> tuple[Period, Period]:
        rule, months = self._age_rule(birth_month=birth_month, post=post)
        earliest = max(months - rule.flexible_earlier_months, rule.old_age_months)
        return (
            birth_month + min(earliest, months),
            birth_month + months + rule.flexible_later_months,
        )


def retirement_law() -> RetirementLaw:
    """The law's parameters as they stand now (two queries)."""
    by_post: dict[str, list[RetirementAgeRule]] = {}
    for rule in RetirementAgeRule.objects.order_by("post", "-effective_from"):
        by_post.setdefault(rule.post, []).append(rule)
    return RetirementLaw(
        age_rules={post: tuple(rules) for post, rules in by_post.items()},
        minimum_rules=tuple(MinimumContributionRule.objects.order_by("-effective_from")),
    )


def statutory_retirement(
    *, birth_month: Period, post: RetirementPost
) -> tuple[RetirementAge, Period]:
    """(法定退休年龄, 退休年月): man born 1965-01 -> (60岁1个月, 202502)."""
    return retirement_law().statutory_retirement(birth_month=birth_month, post=post)


def minimum_contribution_months(*, retirement_year: int) -> int:
    """最低缴费年限 in months for someone retiring in ``retirement_year``: 180 until 2029,
    then six more each year (2030 -> 186) until 240."""
    return retirement_law().minimum_contribution_months(retirement_year=retirement_year)


def flexible_window(*, birth_month: Period, post: RetirementPost) -> tuple[Period, Period]:
    """(earliest, latest) retirement month by choice: up to the rule's months (3 years)
    before the statutory month but never before the old age, and up to 3 years after it
    (later needs the unit's agreement; earlier needs the minimum years)."""
    return retirement_law().flexible_window(birth_month=birth_month, post=post)


def early_retirement_rule(
    *, kind: EarlyRetirementKind, post: RetirementPost, on: dt.date | None = None
) -> EarlyRetirementRule:
    """The conditions of an early retirement in force on ``on`` (today by default)."""
    on = on or dt.date.today()
    row = (
        EarlyRetirementParameter.objects.filter(kind=kind, post=post, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )
    if row is None:
        raise MissingParameter(
            _(MISSING_EARLY)
            % {"p": RetirementPost(post).label, "k": EarlyRetirementKind(kind).label}
        )
    return EarlyRetirementRule(
        kind=EarlyRetirementKind(row.kind),
        post=RetirementPost(row.post),
        age=RetirementAge.of_months(row.age_months),
        special_work_months=row.special_work_months,
        requires_capacity_assessment=row.requires_capacity_assessment,
        source=row.source,
    )


def eligibility(
    *,
    birth_month: Period,
    file_birth_month: Period | None,
    post: RetirementPost,
    retirement_month: Period,
    contribution_months: int,
    kind: EarlyRetirementKind | None = None,
    special_work_months: int = 0,
    capacity_assessed: bool = False,
) -> Eligibility:
    """Check an application to retire in ``retirement_month``: normal (``kind`` None,
    flexible early or late included) or one of the early kinds.

    The file's birth month governs when it differs from the ID number's (the difference is
    reported). Reaching the age short of the minimum years is not a refusal to hide: it is
    ``needs_extension`` with the reason 可申请延长缴费.
    """
    governing = file_birth_month or birth_month
    difference = governing - birth_month
    assert isinstance(difference, int)
    notes: list[str] = []
    reasons: list[str] = []
    if difference:
        notes.append(
            _(FILE_DATE_GOVERNS) % {"f": governing, "i": birth_month, "d": abs(difference)}
        )
    law = retirement_law()
    statutory_age, statutory_month = law.statutory_retirement(birth_month=governing, post=post)
    earliest_flexible, latest = law.flexible_window(birth_month=governing, post=post)
    minimum = law.minimum_contribution_months(retirement_year=retirement_month.year)
    short = max(minimum - contribution_months, 0)
    needs_extension = False
    if kind is None:
        age = statutory_age
        earliest = statutory_month if short else earliest_flexible
        if retirement_month < statutory_month:
            if short or retirement_month < earliest_flexible:
                if retirement_month >= earliest_flexible:
                    reasons.append(_(FLEXIBLE_EARLY_SHORT))
                reasons.append(_(TOO_EARLY) % {"r": retirement_month, "e": earliest})
            else:
                notes.append(_(FLEXIBLE_EARLY) % {"s": statutory_month})
        elif short:
            needs_extension = True
            reasons.append(_(SHORT_MONTHS) % {"c": contribution_months, "m": minimum, "d": short})
        elif retirement_month > latest:
            reasons.append(_(TOO_LATE) % {"r": retirement_month, "l": latest})
        elif retirement_month > statutory_month:
            notes.append(_(FLEXIBLE_LATE))
    else:
        rule = early_retirement_rule(kind=kind, post=post, on=retirement_month.first_day)
        age, earliest = rule.age, governing + rule.age.total_months
        if retirement_month < earliest:
            reasons.append(_(TOO_EARLY) % {"r": retirement_month, "e": earliest})
        if rule.special_work_months and special_work_months < rule.special_work_months:
            reasons.append(
                _(SPECIAL_SHORT) % {"c": special_work_months, "r": rule.special_work_months}
            )
        if rule.requires_capacity_assessment and not capacity_assessed:
            reasons.append(_(ASSESSMENT_NEEDED))
        if short:
            reasons.append(
                _(EARLY_SHORT_MONTHS) % {"c": contribution_months, "m": minimum, "d": short}
            )
    return Eligibility(
        eligible=not reasons,
        reasons=tuple(reasons),
        notes=tuple(notes),
        birth_month=governing,
        birth_month_difference=difference,
        age=age,
        earliest_month=earliest,
        statutory_age=statutory_age,
        statutory_month=statutory_month,
        latest_month=latest,
        minimum_months=minimum,
        needs_extension=needs_extension,
    )
