"""Who may retire when (issue #13 §2): flexible retirement, 延长缴费, early retirement, and
the file's birth month governing over the ID number's."""

import pytest

from shebao.core.period import Period
from shebao.policy.retirement import (
    EarlyRetirementKind,
    RetirementAge,
    RetirementPost,
    early_retirement_rule,
    eligibility,
)
from shebao.policy.retirement_seed import seed_current

pytestmark = pytest.mark.django_db

MALE, CADRE, WORKER = RetirementPost.MALE, RetirementPost.FEMALE_CADRE, RetirementPost.FEMALE_WORKER
Kind = EarlyRetirementKind


@pytest.fixture(autouse=True)
def law():
    seed_current()


def p(text: str) -> Period:
    return Period.parse(text)


def check(born="196501", *, file=None, post=MALE, month="202502", months=240, **kw):
    return eligibility(
        birth_month=p(born),
        file_birth_month=p(file) if file else None,
        post=post,
        retirement_month=p(month),
        contribution_months=months,
        **kw,
    )


def test_at_the_statutory_month_with_the_minimum_years_one_may_retire():
    result = check()  # man born 1965-01: 60y1m, 2025-02; 240 months >= 180
    assert result.eligible and result.reasons == ()
    assert (result.statutory_age, result.statutory_month) == (RetirementAge(60, 1), p("202502"))
    assert result.minimum_months == 180 and not result.needs_extension


def test_before_the_age_is_too_early():
    result = check(month="202412")  # 2024-12: below even the old age of 60 (2025-01)
    assert not result.eligible
    # with the minimum years met the earliest month is the flexible one, 60 = 2025-01
    assert result.reasons == ("申请退休年月202412早于可退休年月202501",)
    short = check(month="202412", months=100)
    assert short.reasons == ("申请退休年月202412早于可退休年月202502",)


def test_flexible_earlier_retirement_needs_the_minimum_years():
    # man born 1970-01: 61y4m, 2031-05; flexible from 60 = 2030-01
    allowed = check("197001", month="203001", months=186)
    assert allowed.eligible
    assert allowed.earliest_month == p("203001")
    assert allowed.notes == ("弹性提前退休：法定退休年月为203105",)
    # 2030 needs 186 months (15.5 years): 185 are not enough to leave early
    short = check("197001", month="203001", months=185)
    assert not short.eligible
    assert short.reasons[0] == "弹性提前退休须达到最低缴费年限"
    assert not short.needs_extension
    # never before the old age: 2029-12 is 59y11m
    assert not check("197001", month="202912", months=300).eligible


def test_reaching_the_age_short_of_the_minimum_offers_extension_not_a_silent_refusal():
    # man born 1970-01 retires 2031-05: the 2031 minimum is 16 years = 192 months
    result = check("197001", month="203105", months=190)
    assert not result.eligible and result.needs_extension
    assert result.minimum_months == 192
    assert result.reasons == (
        "累计缴费190个月，不足最低缴费年限192个月（差2个月），可申请延长缴费或一次性缴费",
    )
    assert check("197001", month="203105", months=192).eligible


def test_flexible_later_retirement_up_to_three_years_with_the_units_agreement():
    later = check(month="202802")  # 2025-02 + 3 years
    assert later.eligible and later.notes == ("弹性延迟退休：须经单位与职工协商一致",)
    too_late = check(month="202803")
    assert too_late.reasons == ("申请退休年月202803晚于弹性延迟退休的最晚年月202802",)


def test_the_file_birth_month_governs_and_the_difference_is_reported():
    # ID says 1965-01, the 档案 says 1965-06: 1965-05..08 is the second step, 60y2m -> 2025-08
    result = check(file="196506", month="202508")
    assert result.eligible
    assert result.birth_month == p("196506") and result.birth_month_difference == 5
    assert result.statutory_month == p("202508")
    assert result.notes == (
        "档案出生年月196506与身份证件出生年月196501不一致（相差5个月），以档案出生年月为准",
    )
    # by the ID date 2025-02 would do; by the file it is too early
    assert not check(file="196506", month="202502").eligible
    assert check(file="196501").birth_month_difference == 0


def test_a_woman_workers_age_differs_from_a_cadres():
    assert check("197503", post=WORKER, month="202505").eligible  # 50y2m
    assert not check("197503", post=CADRE, month="202505").eligible  # 55 is years away


@pytest.mark.parametrize(
    ("kind", "post", "age", "special_years", "assessment"),
    [
        (Kind.UNDERGROUND_HIGH_TEMPERATURE, MALE, 55, 9, False),
        (Kind.UNDERGROUND_HIGH_TEMPERATURE, WORKER, 45, 9, False),
        (Kind.HEIGHT_HEAVY_LABOUR, MALE, 55, 10, False),
        (Kind.HEIGHT_HEAVY_LABOUR, CADRE, 45, 10, False),
        (Kind.OTHER_HARMFUL, MALE, 55, 8, False),
        (Kind.OTHER_HARMFUL, WORKER, 45, 8, False),
        (Kind.ILLNESS, MALE, 50, None, True),
        (Kind.ILLNESS, CADRE, 45, None, True),
        (Kind.ILLNESS, WORKER, 45, None, True),
    ],
)
def test_early_retirement_rules(kind, post, age, special_years, assessment):
    rule = early_retirement_rule(kind=kind, post=post)
    assert rule.age == RetirementAge(age)
    assert rule.special_work_months == (special_years * 12 if special_years else None)
    assert rule.requires_capacity_assessment is assessment
    assert rule.source


def test_uncertain_early_retirement_figures_say_so_in_their_source():
    for kind in Kind:
        assert "未" in early_retirement_rule(kind=kind, post=MALE).source  # 未确认 / 未经核实
    military = early_retirement_rule(kind=Kind.MILITARY_CADRE, post=MALE)
    assert "未经本项目核实" in military.source


def test_special_job_early_retirement_needs_the_years_in_the_job():
    # man born 1970-03 is 55 in 2025-03; 井下 needs 9 cumulative years
    kw = {"kind": Kind.UNDERGROUND_HIGH_TEMPERATURE, "month": "202503", "born": "197003"}
    assert check(**kw, special_work_months=108).eligible
    short = check(**kw, special_work_months=107)
    assert short.reasons == ("特殊工种累计107个月，不足108个月",)
    assert check(**{**kw, "month": "202502"}, special_work_months=108).reasons == (
        "申请退休年月202502早于可退休年月202503",
    )


def test_illness_early_retirement_needs_a_capacity_assessment_and_the_minimum_years():
    kw = {"kind": Kind.ILLNESS, "born": "197503", "month": "202503"}  # man, 50
    assert check(**kw, capacity_assessed=True).eligible
    assert check(**kw).reasons == ("须经劳动能力鉴定为完全丧失劳动能力",)
    short = check(**kw, capacity_assessed=True, months=179)
    assert short.reasons == ("累计缴费179个月，不足最低缴费年限180个月（差1个月），不能提前退休",)
    assert not short.needs_extension
