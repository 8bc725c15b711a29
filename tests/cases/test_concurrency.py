"""Races on PostgreSQL: real threads, each with its own connection, released together.

SQLite serialises every writer, so these races cannot happen there and the tests are skipped.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.db import connections

from shebao.audit.models import AuditEvent
from shebao.cases import services as cases
from shebao.cases.models import Case, CaseStatus
from shebao.registry.choices import EnrolmentStatus
from shebao.registry.disclosure import INSURED_ELSEWHERE
from shebao.registry.models import Enrolment, Person
from tests import factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL (SQLite serialises writers, so there is no race to test); "
        "run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/shebao",
    ),
]

CODE = "hb_employee_enrolment"
SUSPENSION = "hb_employee_insurance_suspension"
ENROLLED_TYPES = 2  # pension and unemployment at 湖北省省本级


def race(*calls: Callable[[], Any], timeout: float = 60) -> list[tuple[str, Any]]:
    """Run the calls in threads released by one barrier; return ("ok", value) or ("error", exc)."""
    barrier = threading.Barrier(len(calls))
    results: list[tuple[str, Any]] = [("missing", None)] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout)
            results[index] = ("ok", call())
        except Exception as exc:  # collected and asserted on by the test
            results[index] = ("error", exc)
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
        assert not t.is_alive(), "a thread hung (lock wait or deadlock)"
    return results


def row(n: int = 0, **overrides: Any) -> dict[str, Any]:
    data = {
        "id_number": factories.id_number(dt.date(1990, 1, 1) + dt.timedelta(days=n)),
        "name": "张三",
        "ethnicity": "汉族",
        "work_start_date": "2025-01-01",
        "monthly_wage": "5000",
        "pension": "√",
        "unemployment": "√",
        "mobile": "13800138000",
    }
    data.update(overrides)
    return data


def draft(unit, operator, rows: list[dict[str, Any]]) -> Case:
    case = cases.case_start(service_code=CODE, unit=unit, operator=operator)
    cases.case_accept(
        case=case, declarant="王建", declarant_mobile="18555555555", agreement_accepted=True
    )
    for raw in rows:
        assert cases.case_row_add(case=case, raw=raw).passed
    return case


def submitted(unit, operator, rows: list[dict[str, Any]]) -> Case:
    return cases.case_submit(case=draft(unit, operator, rows), actor=operator)


def fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def outcomes(results: list[tuple[str, Any]]) -> tuple[list[Any], list[Exception]]:
    won = [value for kind, value in results if kind == "ok"]
    lost = [value for kind, value in results if kind == "error"]
    assert len(won) + len(lost) == len(results)
    return won, lost


def test_twenty_simultaneous_submissions_get_twenty_serial_numbers(unit, operator):
    drafts = [draft(unit, operator, [row(n)]) for n in range(20)]

    results = race(*[lambda d=d: cases.case_submit(case=fresh(d), actor=operator) for d in drafts])

    won, lost = outcomes(results)
    assert lost == []
    serials = [c.serial_no for c in won]
    assert len(set(serials)) == 20
    assert all(len(s) == 15 and s.isdigit() for s in serials)
    assert set(Case.objects.values_list("status", flat=True)) == {CaseStatus.UNDER_REVIEW}
    assert Case.objects.filter(serial_no__in=serials).count() == 20


def test_two_reviewers_approving_at_once_apply_the_effect_once(unit, operator, region):
    first, second = factories.reviewer(region), factories.reviewer(region)
    for round_no in range(3):
        case = submitted(unit, operator, [row(100 * round_no + n) for n in range(3)])
        results = race(
            lambda c=case: cases.case_approve(case=fresh(c), reviewer=first),
            lambda c=case: cases.case_approve(case=fresh(c), reviewer=second),
        )
        won, lost = outcomes(results)
        assert len(won) == 1 and len(lost) == 1, results
        assert isinstance(lost[0], cases.CaseError) and "不能重复处理" in str(lost[0])
        case.refresh_from_db()
        assert case.status == CaseStatus.APPROVED and case.decided_by == won[0].decided_by
        assert Enrolment.objects.filter(opened_by=case.serial_no).count() == 3 * ENROLLED_TYPES
        assert case.events.filter(event_type="case.approve").count() == 1
    assert Person.objects.count() == 9
    assert Enrolment.objects.count() == 9 * ENROLLED_TYPES


def test_approve_against_withdraw_exactly_one_wins(unit, operator, reviewer):
    for round_no in range(4):
        case = submitted(unit, operator, [row(1000 + round_no)])
        calls = [
            lambda c=case: cases.case_approve(case=fresh(c), reviewer=reviewer),
            lambda c=case: cases.case_withdraw(case=fresh(c), actor=operator),
        ]
        if round_no % 2:
            calls.reverse()
        won, lost = outcomes(race(*calls))
        assert len(won) == 1 and len(lost) == 1
        assert isinstance(lost[0], cases.CaseError)
        case.refresh_from_db()
        enrolments = Enrolment.objects.filter(opened_by=case.serial_no).count()
        if case.status == CaseStatus.APPROVED:
            assert enrolments == ENROLLED_TYPES and "只有待审核的办件可以撤销" in str(lost[0])
        else:
            assert case.status == CaseStatus.WITHDRAWN
            assert enrolments == 0 and "不能重复处理" in str(lost[0])
        decisions = case.events.filter(event_type__in=["case.approve", "case.withdraw"])
        assert decisions.count() == 1 and decisions.get().to_status == case.status


def test_two_units_enrolling_the_same_new_person_at_once(region, reviewer):
    """Both cases passed their checks at submission; only one approval may enrol the person,
    and the other must fail with a message (not a database error) and change nothing."""
    units = [factories.unit(region_obj=region) for _ in range(2)]
    for round_no in range(3):
        same = row(2000 + round_no)
        pending = [submitted(u, factories.operator(u), [same]) for u in units]
        events = AuditEvent.objects.filter(case__isnull=False).count()

        won, lost = outcomes(
            race(
                *[lambda c=c: cases.case_approve(case=fresh(c), reviewer=reviewer) for c in pending]
            )
        )

        assert len(won) == 1 and len(lost) == 1, lost
        assert isinstance(lost[0], cases.CaseError), repr(lost[0])
        assert "复核不通过" in str(lost[0]) and INSURED_ELSEWHERE in str(lost[0])
        assert won[0].unit.name not in str(lost[0])  # issue #10 §2: the other unit unnamed
        person = Person.objects.by_id_number(same["id_number"]).get()
        active = Enrolment.objects.filter(person=person, status=EnrolmentStatus.ACTIVE)
        assert active.count() == ENROLLED_TYPES
        assert set(active.values_list("unit_id", flat=True)) == {won[0].unit_id}
        loser = next(c for c in pending if c.pk != won[0].pk)
        loser.refresh_from_db()
        assert loser.status == CaseStatus.UNDER_REVIEW and loser.effect == {}
        assert AuditEvent.objects.filter(case__isnull=False).count() == events + 1


def test_two_units_reenrolling_the_same_returning_person_at_once(region, reviewer):
    """续保 of an existing person: the one-active-enrolment constraint decides, politely."""
    units = [factories.unit(region_obj=region) for _ in range(2)]
    person = factories.person(name="张三")
    for e in factories.enrol(person, units[0], start=dt.date(2015, 1, 1)):
        e.status, e.end_date, e.end_period = (
            EnrolmentStatus.SUSPENDED,
            dt.date(2020, 1, 31),
            "202001",
        )
        e.save()
    same = row(id_number=person.id_number)
    pending = [submitted(u, factories.operator(u), [same]) for u in units]

    won, lost = outcomes(
        race(*[lambda c=c: cases.case_approve(case=fresh(c), reviewer=reviewer) for c in pending])
    )

    assert len(won) == 1 and len(lost) == 1, lost
    assert isinstance(lost[0], cases.CaseError), repr(lost[0])
    assert "复核不通过" in str(lost[0]) and INSURED_ELSEWHERE in str(lost[0])
    assert won[0].unit.name not in str(lost[0])  # issue #10 §2: the other unit unnamed
    assert Enrolment.objects.filter(person=person, status=EnrolmentStatus.ACTIVE).count() == 2
    assert Enrolment.objects.filter(person=person, status=EnrolmentStatus.SUSPENDED).count() == 2


def test_two_suspensions_of_the_same_person_at_once_end_the_enrolment_once(unit, region):
    """Both cases were valid when submitted; the second approval must not overwrite the first's
    end date, reason and serial number (a lost update), it must fail its re-check."""
    operator = factories.operator(unit)
    reviewers = [factories.reviewer(region) for _ in range(2)]
    for round_no in range(3):
        person = factories.person(name="李四")
        factories.enrol(person, unit, start=dt.date(2018, 1, 1))
        pending = []
        for day, reason in (("2025-01-31", "职工发生辞职(退)"), ("2025-02-28", "死亡")):
            case = cases.case_start(service_code=SUSPENSION, unit=unit, operator=operator)
            cases.case_accept(
                case=case, declarant="王建", declarant_mobile="18555555555", agreement_accepted=True
            )
            raw = {"id_number": person.id_number, "name": "李四", "pension": "√",
                   "unemployment": "√", "suspension_date": day, "reason": reason}  # fmt: skip
            assert cases.case_row_add(case=case, raw=raw).passed
            pending.append(cases.case_submit(case=case, actor=operator))

        won, lost = outcomes(
            race(
                *[
                    lambda c=c, r=r: cases.case_approve(case=fresh(c), reviewer=r)
                    for c, r in zip(pending, reviewers, strict=True)
                ]
            )
        )

        assert len(won) == 1 and len(lost) == 1, (round_no, won, lost)
        assert isinstance(lost[0], cases.CaseError) and "复核不通过" in str(lost[0])
        ended = Enrolment.objects.filter(person=person)
        assert set(ended.values_list("status", flat=True)) == {EnrolmentStatus.SUSPENDED}
        assert set(ended.values_list("closed_by", flat=True)) == {won[0].serial_no}
