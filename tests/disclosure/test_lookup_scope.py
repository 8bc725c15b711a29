"""Issue #10 §2: the person look-up shows only persons related to the acting unit (its staff
and its projects' workers), and a pick fills the form without sending the full ID number."""

from __future__ import annotations

import datetime as dt

import pytest

from shebao.cases.models import CaseRow
from shebao.core.masking import Sensitive, mask
from shebao.registry.choices import ProjectKind
from shebao.registry.models import Project, ProjectWorker
from tests import factories
from tests.web.helpers import draft_case, enrolment_form

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def project_of(unit, no="50010001"):
    return Project.objects.create(
        unit=unit,
        project_no=no,
        kind=ProjectKind.CONSTRUCTION,
        name="测试项目",
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2027, 1, 1),
        manager_name="王工",
        manager_id_type="居民身份证",
        manager_id_number="420106198001010011",
        manager_phone="13800000000",
    )


def on_project(person, project, line_no):
    ProjectWorker.objects.create(
        project=project, person=person, line_no=line_no, start_date=dt.date(2026, 2, 1)
    )


def found(client, **query):
    return {r["id"] for r in client.get("/persons/lookup/", query, **JSON).json()["results"]}


def test_lookup_is_staff_and_project_workers_only(
    op_client, unit, operator, unit_a, a_staff, other_unit
):
    own = factories.person(name="本单位职工")
    factories.enrol(own, unit)
    worker = factories.person(name="本单位项目工人")  # on a project, enrolled nowhere
    on_project(worker, project_of(unit), "500100010001")
    elsewhere = factories.person(name="外单位项目工人")
    on_project(elsewhere, project_of(other_unit, "50010002"), "500100020001")
    # a stranger's number typed into one of the unit's drafts does not make them related
    case = draft_case(unit, operator, rows=0)
    stranger = a_staff[0]
    op_client.post(
        f"/cases/{case.pk}/rows/add/", enrolment_form(id_number=stranger.id_number, name="某")
    )
    assert found(op_client) == {own.pk, worker.pk}
    assert found(op_client, id_number=stranger.id_number) == set()
    assert found(op_client, name=stranger.name) == set()
    assert found(op_client, person_no=stranger.person_no) == set()
    assert op_client.get(f"/persons/{worker.pk}/", **JSON).status_code == 200
    for person in (*a_staff, elsewhere):
        assert op_client.get(f"/persons/{person.pk}/", **JSON).status_code == 404


def test_a_picked_person_is_stored_with_the_full_number(op_client, unit, operator):
    own = factories.person(name="王选中")
    case = draft_case(unit, operator, rows=0)
    factories.enrol(own, factories.unit(region_obj=unit.region))  # left for us: not insured
    on_project(own, project_of(unit), "500100010002")
    picked = op_client.get(f"/persons/{own.pk}/", **JSON).json()
    assert picked["id_number"] == mask(own.id_number, Sensitive.ID)
    form = enrolment_form(id_number=picked["id_number"], name=picked["name"])
    op_client.post(f"/cases/{case.pk}/rows/add/", {**form, "picked_person": own.pk})
    row = CaseRow.objects.get(case=case)
    assert row.raw["id_number"] == own.id_number


def test_a_pick_of_someone_else_fills_in_nothing(op_client, unit, operator, a_staff):
    """A forged ``picked_person`` of another unit's person, with their masked number: the
    masked number is stored as typed and fails; the full number is never looked up for it."""
    stranger = a_staff[0]
    case = draft_case(unit, operator, rows=0)
    form = enrolment_form(id_number=mask(stranger.id_number, Sensitive.ID), name="某")
    page = op_client.post(
        f"/cases/{case.pk}/rows/add/", {**form, "picked_person": stranger.pk}, follow=True
    )
    row = CaseRow.objects.get(case=case)
    assert row.raw["id_number"] == mask(stranger.id_number, Sensitive.ID) and not row.passed
    assert stranger.id_number not in page.content.decode()


def test_a_retyped_number_wins_over_the_pick(op_client, unit, operator):
    own = factories.person(name="王选中")
    factories.enrol(own, unit)
    case = draft_case(unit, operator, rows=0)
    typed = factories.id_number(dt.date(1991, 2, 3))
    op_client.post(
        f"/cases/{case.pk}/rows/add/",
        {**enrolment_form(id_number=typed), "picked_person": own.pk},
    )
    assert CaseRow.objects.get(case=case).raw["id_number"] == typed
