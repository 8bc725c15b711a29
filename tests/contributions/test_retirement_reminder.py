"""The retirement reminder (issue #13 §6): on 首页 and at /api/v1/retirement/upcoming a unit
sees its insured staff reaching the statutory month this month or in the five after it
(and those past it still insured), their pension months against the minimum, and who
needs 延长缴费. Only its own staff; the same number of queries for 3 staff as for 13.

It is 2026-03-15 (the window is 202603..202608). Ages from the 2024 law in words: a man
gets one month more per four months of birth from 1965-01, a woman worker one month more
per two months of birth from 1975-01, a woman cadre as a man from 1970-01 (55 -> 58).
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shebao.audit.models import AuditEvent
from shebao.audit.types import EventType
from shebao.contributions import retirement
from shebao.contributions.models import (
    ContributionBase,
    ContributionDetail,
    DeclarationStatus,
    MonthlyDeclaration,
)
from shebao.core.period import Period
from shebao.registry.choices import InsuranceType
from shebao.registry.models import Person
from tests import factories

from ..api.conftest import client_for
from .conftest import MONTHLY, run

TODAY = dt.date(2026, 3, 15)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(retirement, "reminder_today", lambda: TODAY)


def staff(unit, name, born, *, female=False, post_type=""):
    person = factories.person(name=name, birth=born)
    Person.objects.filter(pk=person.pk).update(gender="2" if female else "1", post_type=post_type)
    person.refresh_from_db()
    factories.enrol(person, unit, start=dt.date(2019, 1, 1))
    ContributionBase.objects.create(
        person=person,
        unit=unit,
        year=2020,
        declared_wage=Decimal("6000"),
        base=Decimal("6000"),
        start_period="202007",
        end_period="202106",
    )
    return person


def history(person, unit, months):
    """Pension months paid before this system's declarations began (from 200001 on)."""
    for n in range(months):
        period = str(Period(2000, 1) + n)
        declaration = MonthlyDeclaration.objects.create(
            unit=unit,
            region=unit.region,
            period=period,
            insurance_type=InsuranceType.PENSION,
            status=DeclarationStatus.BILLED,
        )
        ContributionDetail.objects.create(
            period=period,
            person=person,
            unit=unit,
            insurance_type=InsuranceType.PENSION,
            wage=Decimal("3000"),
            base=Decimal("3000"),
            unit_amount=Decimal("480"),
            individual_amount=Decimal("240"),
            declaration=declaration,
        )


@pytest.fixture
def staff_list(policy, unit, operator, other_unit):
    people = {
        # 1966-03 is 14 months after 1965-01: the 4th step, 60y4m -> 202607
        "王强": staff(unit, "王强", dt.date(1966, 3, 10)),
        # 1966-04: still the 4th step, 60y4m -> 202608, the window's last month
        "周杰": staff(unit, "周杰", dt.date(1966, 4, 2)),
        # 1966-05: the 5th step, 60y5m -> 202610, after the window
        "刘洋": staff(unit, "刘洋", dt.date(1966, 5, 20)),
        # 1965-06: the 2nd step, 60y2m -> 202508, passed and still insured
        "孙刚": staff(unit, "孙刚", dt.date(1965, 6, 1)),
        # woman, post unknown, 1976-01: as a worker 12 months after 1975-01, the 7th
        # step, 50y7m -> 202608; as a cadre 72 months after 1970-01, the 19th step: 19 months
        # more, 56y7m -> 203208
        "陈敏": staff(unit, "陈敏", dt.date(1976, 1, 8), female=True),
        # the same birth as a cadre: 203208, not listed
        "赵丽": staff(unit, "赵丽", dt.date(1976, 1, 9), female=True, post_type="cadre"),
        # a young man
        "李明": staff(unit, "李明", dt.date(1990, 5, 17)),
    }
    # another unit's man of 王强's age is never shown to this unit
    people["外单位"] = staff(other_unit, "吴外", dt.date(1966, 3, 11))
    for period in ("202101", "202102", "202103"):  # three months for everyone, declared
        run(MONTHLY, unit, operator, period=period)
    # 王强: 173 months before + 3 = 176 paid; 4 more to 202607 = 180, the 2026 minimum
    history(people["王强"], unit, 173)
    return people


def by_name(items):
    return {item.name: item for item in items}


def test_the_units_staff_reaching_the_age_in_six_months_and_those_past_it(staff_list, unit):
    found = retirement.upcoming(unit=unit)
    assert [i.name for i in found] == ["孙刚", "王强", "周杰", "陈敏"]
    rows = by_name(found)
    wang = rows["王强"].projections[0]
    assert (str(wang.age), str(wang.retirement_month), wang.overdue) == (
        "60岁4个月",
        "202607",
        False,
    )
    assert str(rows["周杰"].projections[0].retirement_month) == "202608"
    assert rows["孙刚"].projections[0].overdue
    assert str(rows["孙刚"].projections[0].retirement_month) == "202508"


def test_pension_months_so_far_against_the_minimum(staff_list, unit):
    rows = by_name(retirement.upcoming(unit=unit))
    wang = rows["王强"]
    assert wang.contribution_months == 176
    projection = wang.projections[0]
    assert (projection.minimum_months, projection.months_to_go) == (180, 4)
    assert not projection.needs_extension  # 176 + 4 = 180: just enough
    zhou = rows["周杰"]
    assert zhou.contribution_months == 3 and zhou.projections[0].needs_extension


def test_a_woman_of_unknown_post_is_shown_under_both_posts(staff_list, unit):
    chen = by_name(retirement.upcoming(unit=unit))["陈敏"]
    assert not chen.post_known
    assert [(p.post.label, str(p.age), str(p.retirement_month)) for p in chen.projections] == [
        ("女干部", "56岁7个月", "203208"),
        ("女工人", "50岁7个月", "202608"),
    ]


def test_pension_months_count_each_month_once_and_not_cancelled_ones(staff_list, unit):
    wang = staff_list["王强"]
    MonthlyDeclaration.objects.filter(unit=unit, period="202103").update(
        status=DeclarationStatus.CANCELLED
    )
    months = retirement.pension_months(person_ids=[wang.pk, staff_list["李明"].pk])
    assert months == {wang.pk: 175, staff_list["李明"].pk: 2}


def test_queries_do_not_grow_with_the_staff(staff_list, unit):
    with CaptureQueriesContext(connection) as few:
        assert len(retirement.upcoming(unit=unit)) == 4
    for n in range(10):
        staff(unit, f"职工{n}", dt.date(1966, 3, 1 + n))
    with CaptureQueriesContext(connection) as many:
        assert len(retirement.upcoming(unit=unit)) == 14
    assert len(many) == len(few) <= 4


def test_home_page_panel(staff_list, op_client):
    page = op_client.get("/").content.decode()
    assert "即将达到法定退休年龄的职工（6个月内）" in page
    for name in ("王强", "周杰", "孙刚", "陈敏"):
        assert name in page
    for name in ("刘洋", "赵丽", "李明", "吴外"):
        assert name not in page
    wang = staff_list["王强"]
    assert wang.id_number not in page
    assert f"{wang.id_number[:6]}********{wang.id_number[-4:]}" in page
    assert "需延长缴费" in page and "60岁4个月" in page and "已到达" in page
    assert "陈敏的岗位类别未确定" in page


def test_the_unit_sets_the_post_type_and_it_is_audited(staff_list, op_client, operator):
    chen = staff_list["陈敏"]
    response = op_client.post(f"/retirement/{chen.person_no}/post-type/", {"post_type": "worker"})
    assert response.status_code == 302
    chen.refresh_from_db()
    assert chen.post_type == "worker"
    event = AuditEvent.objects.get(event_type=EventType.PERSON_POST_TYPE_SET)
    assert (event.actor, event.from_status, event.to_status) == (operator, "", "worker")
    page = op_client.get("/").content.decode()
    assert "陈敏的岗位类别未确定" not in page and "50岁7个月" in page and "56岁7个月" not in page


def test_another_unit_cannot_see_or_set_our_staff(staff_list, other_client, unit):
    page = other_client.get("/").content.decode()
    assert "吴外" in page and "王强" not in page
    chen = staff_list["陈敏"]
    response = other_client.post(f"/retirement/{chen.person_no}/post-type/", {"post_type": "cadre"})
    assert response.status_code == 404
    chen.refresh_from_db()
    assert chen.post_type == ""


def test_api_lists_the_same_masked_and_scoped(staff_list, operator, other_operator):
    response = client_for(operator).get("/api/v1/retirement/upcoming")
    assert response.status_code == 200
    body = response.json()
    assert body["months"] == 6 and body["count"] == 4
    rows = {r["name"]: r for r in body["results"]}
    wang = rows["王强"]
    assert (
        wang["id_number"]
        == f"{staff_list['王强'].id_number[:6]}********" + (staff_list["王强"].id_number[-4:])
    )
    assert wang["contribution_months"] == 176 and not wang["needs_extension"]
    assert wang["projections"][0] | {} == {
        "post": "male",
        "post_label": "男职工",
        "age_years": 60,
        "age_months": 4,
        "age": "60岁4个月",
        "retirement_month": "202607",
        "minimum_months": 180,
        "months_to_go": 4,
        "needs_extension": False,
        "overdue": False,
    }
    assert rows["陈敏"]["post_known"] is False and len(rows["陈敏"]["projections"]) == 2
    assert rows["周杰"]["needs_extension"] is True
    other = client_for(other_operator).get("/api/v1/retirement/upcoming").json()
    assert [r["name"] for r in other["results"]] == ["吴外"]


def test_the_endpoint_is_in_the_openapi_document(db):
    from ..api.test_schema import schema

    operation = schema()["paths"]["/api/v1/retirement/upcoming"]["get"]
    assert operation["operationId"] == "retirement_upcoming"
    assert "退休提醒" in operation["tags"]
