"""The 2024 retirement-age law (issue #13 §2), checked against its 对照表 at the boundaries.

The law in words (《国务院关于渐进式延迟法定退休年龄的办法》第一条, in force 2025-01-01):
men 60 -> 63 and women cadres 55 -> 58, one month more for every four months of birth from
January 1965 / January 1970; women workers 50 -> 55, one month more for every two months
of birth from January 1975. The retirement month is the birth month plus the age. Every
expected value below is worked out from those words, in the comment beside it.
"""

import datetime as dt

import pytest

from shebao.core.period import Period
from shebao.policy.models import MinimumContributionRule, RetirementAgeRule
from shebao.policy.retirement import (
    MissingParameter,
    RetirementAge,
    RetirementPost,
    flexible_window,
    minimum_contribution_months,
    statutory_retirement,
)
from shebao.policy.retirement_seed import seed_current

pytestmark = pytest.mark.django_db

MALE, CADRE, WORKER = RetirementPost.MALE, RetirementPost.FEMALE_CADRE, RetirementPost.FEMALE_WORKER


@pytest.fixture(autouse=True)
def law():
    seed_current()  # the data migration wrote it; a flushed database has lost it


def p(text: str) -> Period:
    return Period.parse(text)


@pytest.mark.parametrize(
    ("post", "born", "years", "months", "retires"),
    [
        # men: born before 1965-01 keep 60
        (MALE, "196412", 60, 0, "202412"),
        # first step 1965-01..04: 60y1m; 1965-01 + 60y1m = 2025-02
        (MALE, "196501", 60, 1, "202502"),
        (MALE, "196504", 60, 1, "202505"),
        # second step starts with the fifth month of birth
        (MALE, "196505", 60, 2, "202507"),
        (MALE, "196508", 60, 2, "202510"),
        # 35th step: months 136..139 after 1965-01 = 1976-05..1976-08 -> 62y11m
        (MALE, "197608", 62, 11, "203907"),
        # 36th step reaches the cap: 1976-09 -> 63y, and everyone after
        (MALE, "197609", 63, 0, "203909"),
        (MALE, "198001", 63, 0, "204301"),
        # women cadres: the same steps from 1970-01, 55 -> 58
        (CADRE, "196912", 55, 0, "202412"),
        (CADRE, "197001", 55, 1, "202502"),
        (CADRE, "197004", 55, 1, "202505"),
        (CADRE, "197005", 55, 2, "202507"),
        (CADRE, "198108", 57, 11, "203907"),
        (CADRE, "198109", 58, 0, "203909"),
        # women workers: one month per two months of birth from 1975-01, 50 -> 55
        (WORKER, "197412", 50, 0, "202412"),
        (WORKER, "197501", 50, 1, "202502"),
        (WORKER, "197502", 50, 1, "202503"),
        (WORKER, "197503", 50, 2, "202505"),
        # 59th step: months 116..117 after 1975-01 = 1984-09..10 -> 54y11m
        (WORKER, "198410", 54, 11, "203909"),
        # 60th step reaches 55: 1984-11 and after
        (WORKER, "198411", 55, 0, "203911"),
        (WORKER, "199006", 55, 0, "204506"),
    ],
)
def test_statutory_age_and_month_follow_the_table(post, born, years, months, retires):
    assert statutory_retirement(birth_month=p(born), post=post) == (
        RetirementAge(years, months),
        p(retires),
    )


def test_age_reads_in_chinese():
    assert str(RetirementAge(60, 1)) == "60岁1个月"
    assert str(RetirementAge(63)) == "63岁"


@pytest.mark.parametrize(
    ("year", "months"),
    [
        (2020, 180),
        (2025, 180),
        (2029, 180),  # 15 years until 2029
        (2030, 186),  # 15.5
        (2031, 192),  # 16
        (2035, 216),  # 18
        (2038, 234),  # 19.5
        (2039, 240),  # 20
        (2045, 240),  # stays at 20
    ],
)
def test_minimum_contribution_years_rise_six_months_a_year_from_2030_to_20(year, months):
    assert minimum_contribution_months(retirement_year=year) == months


@pytest.mark.parametrize(
    ("post", "born", "earliest", "latest"),
    [
        # 60y1m (2025-02): three years earlier would be below 60, so 60 (2025-01); +3y 2028-02
        (MALE, "196501", "202501", "202802"),
        # 61y4m (2031-05): -3y below 60 -> 60 = 2030-01; +3y = 2034-05
        (MALE, "197001", "203001", "203405"),
        # 63y (2039-09): -3y = 60 = 2036-09; +3y = 66 = 2042-09
        (MALE, "197609", "203609", "204209"),
        # woman cadre 58 (1981-09 -> 2039-09): 55 = 2036-09 .. 61 = 2042-09
        (CADRE, "198109", "203609", "204209"),
        # woman worker 55 (1984-11 -> 2039-11): 52 = 2036-11 .. 58 = 2042-11
        (WORKER, "198411", "203611", "204211"),
        # born before the first cohort: no earlier than the old age itself
        (WORKER, "197412", "202412", "202712"),
    ],
)
def test_flexible_window_is_three_years_each_way_never_below_the_old_age(
    post, born, earliest, latest
):
    assert flexible_window(birth_month=p(born), post=post) == (p(earliest), p(latest))


def test_the_age_is_a_parameter_with_its_source_not_a_table_in_code():
    rule = RetirementAgeRule.objects.get(post=MALE, effective_from=dt.date(2025, 1, 1))
    assert "渐进式延迟法定退休年龄" in rule.source
    # an administrator correcting the parameter changes the answer (here: a cap of 62)
    RetirementAgeRule.objects.filter(pk=rule.pk).update(target_age_months=62 * 12)
    assert statutory_retirement(birth_month=p("197609"), post=MALE)[0] == RetirementAge(62)


def test_a_later_law_governs_those_retiring_after_it_takes_effect():
    """A hypothetical second law from 2040 (men to 65 from the 1980 cohort): the 2024 law
    still governs a man retiring in 2039; the new row governs those retiring after 2040."""
    RetirementAgeRule.objects.create(
        post=MALE,
        effective_from=dt.date(2040, 1, 1),
        old_age_months=63 * 12,
        first_birth_month=dt.date(1977, 1, 1),
        step_birth_months=4,
        increment_months=1,
        target_age_months=65 * 12,
        source="测试用假设参数",
    )
    assert statutory_retirement(birth_month=p("197609"), post=MALE)[1] == p("203909")
    # 1977-01: first step of the new rule -> 63y1m, 2040-02
    assert statutory_retirement(birth_month=p("197701"), post=MALE) == (
        RetirementAge(63, 1),
        p("204002"),
    )


def test_missing_parameters_are_named_not_guessed():
    RetirementAgeRule.objects.filter(post=WORKER).delete()
    MinimumContributionRule.objects.all().delete()
    with pytest.raises(MissingParameter, match="女工人的法定退休年龄"):
        statutory_retirement(birth_month=p("198001"), post=WORKER)
    with pytest.raises(MissingParameter, match="最低缴费年限"):
        minimum_contribution_months(retirement_year=2030)
