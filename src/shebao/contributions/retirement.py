"""Who of a unit's staff reaches retirement age soon (issue #13 §6), with the months paid.

A reminder the Hubei manual does not have: the unit applies on time (§3.3.55) and sees
who will need 延长缴费 under the 2024 law. Set-based throughout: one query for the unit's
insured persons, one for all their contribution months, two for the law, whatever the
headcount (``tests/contributions/test_retirement_reminder.py`` counts them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q

from shebao.core.masking import Sensitive, mask
from shebao.core.period import Period
from shebao.policy.retirement import (
    PostType,
    RetirementAge,
    RetirementLaw,
    RetirementPost,
    retirement_law,
    retirement_post,
)
from shebao.registry.choices import EnrolmentStatus, Gender, InsuranceType
from shebao.registry.models import Person, Unit

from .models import HOLDING, Arrears, ArrearsLine, ContributionDetail, MonthlyDeclaration

__all__ = ["REMINDER_MONTHS", "Projection", "UpcomingRetirement", "pension_months", "upcoming"]

#: How far ahead the reminder looks: this month and the five after it.
REMINDER_MONTHS = 6
#: The latest statutory ages (63 for men, 58 for women) bound the birth months to read.
_OLDEST_MALE, _OLDEST_FEMALE = 63, 58
_YOUNGEST_MALE, _YOUNGEST_FEMALE = 60, 50


@dataclass(frozen=True)
class Projection:
    """One person's retirement under one post (two for a woman whose post is unknown)."""

    post: RetirementPost
    age: RetirementAge
    retirement_month: Period
    minimum_months: int
    #: months still to pay from next month up to the retirement month, if they stay insured
    months_to_go: int
    #: even paying every month until then the minimum is not reached: 需延长缴费
    needs_extension: bool
    #: the retirement month has passed and the person is still insured here
    overdue: bool


@dataclass(frozen=True)
class UpcomingRetirement:
    person_id: int
    person_no: str
    name: str
    id_number_masked: str
    birth_month: Period
    post_type: str
    contribution_months: int
    projections: tuple[Projection, ...]

    @property
    def post_known(self) -> bool:
        return len(self.projections) == 1

    @property
    def first_month(self) -> Period:
        return min(p.retirement_month for p in self.projections)


def pension_months(*, person_ids: Iterable[int]) -> dict[int, int]:
    """实际缴费月数 so far per person: the distinct months of pension declared or billed in a
    monthly declaration (any unit) or a back-payment; cancelled ones do not count. One query.

    Months before the system's records (a person's history elsewhere, 视同缴费 not yet
    declared) are not here; the award (issue #13 §3) adds deemed months on its own.
    """
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    detail, declaration = ContributionDetail._meta.db_table, MonthlyDeclaration._meta.db_table
    line, arrears = ArrearsLine._meta.db_table, Arrears._meta.db_table
    holding = [str(s) for s in HOLDING]
    # placeholders, not ANY(array): the development database may be SQLite
    in_ids, in_holding = ", ".join(["%s"] * len(ids)), ", ".join(["%s"] * len(holding))
    sql = f"""
        SELECT person_id, COUNT(DISTINCT period) FROM (
            SELECT d.person_id, d.period FROM {detail} d
              JOIN {declaration} m ON m.id = d.declaration_id
             WHERE d.person_id IN ({in_ids}) AND d.insurance_type = %s
               AND m.status IN ({in_holding})
            UNION
            SELECT l.person_id, l.period FROM {line} l
              JOIN {arrears} a ON a.id = l.arrears_id
             WHERE l.person_id IN ({in_ids}) AND l.insurance_type = %s
               AND a.status IN ({in_holding})
        ) months GROUP BY person_id
    """  # noqa: S608 - table names come from the models, values are parameters
    pension = str(InsuranceType.PENSION)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, pension, *holding, *ids, pension, *holding])
        return {person_id: count for person_id, count in cursor.fetchall()}


def _candidates(unit: Unit, last: Period) -> list[Person]:
    """The unit's persons insured in pension now, old enough to retire by ``last``."""

    def born_by(years: int) -> dt.date:
        # the last birth month reaching ``years`` by ``last``
        return (last + -(years * 12) + 1).first_day

    old_enough = Q(gender=Gender.MALE, birth_date__lt=born_by(_YOUNGEST_MALE)) | Q(
        gender=Gender.FEMALE, birth_date__lt=born_by(_YOUNGEST_FEMALE)
    )
    return list(
        Person.objects.filter(
            old_enough,
            enrolments__unit=unit,
            enrolments__insurance_type=InsuranceType.PENSION,
            enrolments__status=EnrolmentStatus.ACTIVE,
        )
        .distinct()
        .order_by("birth_date", "person_no")
    )


def _projection(
    law: RetirementLaw, person: Person, post: RetirementPost, months_paid: int, now: Period
) -> Projection:
    birth = Period.of(person.birth_date)
    age, month = law.statutory_retirement(birth_month=birth, post=post)
    minimum = law.minimum_contribution_months(retirement_year=month.year)
    to_go = month - now
    assert isinstance(to_go, int)
    to_go = max(to_go, 0)
    return Projection(
        post=post,
        age=age,
        retirement_month=month,
        minimum_months=minimum,
        months_to_go=to_go,
        needs_extension=months_paid + to_go < minimum,
        overdue=month < now,
    )


def upcoming(
    *, unit: Unit, today: dt.date | None = None, months: int = REMINDER_MONTHS
) -> list[UpcomingRetirement]:
    """The unit's insured employees whose statutory retirement month is before the end of
    the ``months`` from this one, those already past it included (they still have to
    apply or extend), earliest first. A woman with no known post is listed if either
    post would put her in the window, with both projections."""
    now = Period.of(today or dt.date.today())
    last = now + (months - 1)
    persons = _candidates(unit, last)
    if not persons:
        return []
    law = retirement_law()
    paid = pension_months(person_ids=[p.pk for p in persons])
    found: list[UpcomingRetirement] = []
    for person in persons:
        post = retirement_post(male=person.gender == Gender.MALE, post_type=person.post_type)
        posts = [post] if post else [RetirementPost.FEMALE_CADRE, RetirementPost.FEMALE_WORKER]
        so_far = paid.get(person.pk, 0)
        projections = tuple(_projection(law, person, p, so_far, now) for p in posts)
        if min(p.retirement_month for p in projections) > last:
            continue
        found.append(
            UpcomingRetirement(
                person_id=person.pk,
                person_no=person.person_no,
                name=person.name,
                id_number_masked=mask(person.id_number, Sensitive.ID),
                birth_month=Period.of(person.birth_date),
                post_type=person.post_type or PostType.UNKNOWN,
                contribution_months=so_far,
                projections=projections,
            )
        )
    return sorted(found, key=lambda r: (r.first_month, r.person_no))
