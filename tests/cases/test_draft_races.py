"""Races on a draft, through the portal's own requests on PostgreSQL (issue #10 §5): a double
click on 【添加校验】, and rows added while 【确认提交】 runs. Each request runs in its own thread
with its own connection; a 5xx answer or a row that slipped in after submission fails."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from shebao.cases import services as cases
from shebao.cases.models import Case, CaseStatus
from tests.cases.test_concurrency import draft, outcomes, race, row
from tests.web.helpers import enrolment_form

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL (SQLite serialises writers); "
        "run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/shebao",
    ),
]


def client_for(operator) -> Client:
    client = Client(raise_request_exception=False)  # a crash must show as the 500 it would be
    client.force_login(operator)
    return client


def form(n: int) -> dict[str, str]:
    return enrolment_form(id_number=row(n)["id_number"], name="张三")


def server_errors(results) -> list:
    won, lost = outcomes(results)
    assert lost == [], lost
    return [r.status_code for r in won if r.status_code >= 500]


def test_twenty_simultaneous_row_adds_store_twenty_numbered_rows(unit, operator):
    case = draft(unit, operator, [])
    clients = [client_for(operator) for _ in range(20)]

    results = race(
        *[
            lambda c=c, n=n: c.post(f"/cases/{case.pk}/rows/add/", form(n))
            for n, c in enumerate(clients)
        ]
    )

    assert server_errors(results) == []
    assert [r.status_code for _kind, r in results] == [302] * 20
    assert list(case.rows.order_by("row_no").values_list("row_no", flat=True)) == list(range(1, 21))
    assert all(case.rows.values_list("passed", flat=True))
    assert case.events.filter(event_type="case.row_add").count() == 20


def test_rows_added_while_submitting_land_before_the_submission_or_are_refused(unit, operator):
    for round_no in range(8):
        case = draft(unit, operator, [row(10 * round_no)])
        submit, add = f"/cases/{case.pk}/submit/", f"/cases/{case.pk}/rows/add/"
        submitter, *adders = [client_for(operator) for _ in range(5)]
        added = [(c, form(10 * round_no + n)) for n, c in enumerate(adders, start=1)]
        calls = [lambda s=submitter, u=submit: s.post(u)] + [
            lambda c=c, u=add, data=data: c.post(u, data) for c, data in added
        ]

        results = race(*calls)

        assert server_errors(results) == []
        case.refresh_from_db()
        assert case.status == CaseStatus.UNDER_REVIEW, (round_no, case.status)
        log = [e.action for e in case.events.order_by("pk")]
        assert log.index("submit") == len(log) - 1, (round_no, log)  # nothing after submission
        assert case.rows.count() == log.count("row_add")  # the draft's first row included
        assert case.rows.filter(passed=False).count() == 0


def test_a_row_add_after_submission_is_refused_in_chinese(unit, operator):
    case = draft(unit, operator, [row(1)])
    stale = Case.objects.get(pk=case.pk)  # read as a draft before the submission
    cases.case_submit(case=case, actor=operator)

    with pytest.raises(cases.CaseError) as refused:
        cases.case_row_add(case=stale, raw=row(2))

    assert str(refused.value) == cases.NOT_DRAFT
    assert case.rows.count() == 1 and case.events.filter(event_type="case.row_add").count() == 1


def test_accepting_a_stale_draft_does_not_reopen_a_submitted_case(unit, operator):
    case = draft(unit, operator, [row(1)])
    stale = Case.objects.get(pk=case.pk)
    cases.case_submit(case=case, actor=operator)

    with pytest.raises(cases.CaseError):
        cases.case_accept(
            case=stale, declarant="李四", declarant_mobile="18555555555", agreement_accepted=True
        )

    case.refresh_from_db()
    assert case.status == CaseStatus.UNDER_REVIEW and case.declarant == "王建"


def test_updating_a_row_deleted_meanwhile_is_refused_not_a_crash(unit, operator):
    case = draft(unit, operator, [row(1), row(2)])
    cases.case_row_delete(case=case, row_nos=[2])

    with pytest.raises(cases.CaseError, match="第 2 行已不存在"):
        cases.case_row_update(case=case, row_no=2, raw=row(3))
