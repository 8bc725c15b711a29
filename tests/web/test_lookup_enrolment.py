"""Issue #12 §8: the 人员信息查询窗口 of §3.3.3 单位职工参保登记 offers whom the unit may enrol
(its suspended and former staff), fills every field the person record knows, and never
offers its insured staff (不能重复参保) or another unit's persons."""

from __future__ import annotations

import pytest

from shebao.cases.models import CaseRow
from shebao.core.masking import Sensitive, mask
from shebao.registry.choices import EnrolmentStatus
from shebao.registry.models import Enrolment
from tests import factories

from .helpers import ENROLMENT, SUSPENSION, draft_case, enrolment_form

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def suspend(person, unit):
    Enrolment.objects.filter(person=person, unit=unit).update(status=EnrolmentStatus.SUSPENDED)


@pytest.fixture
def former(unit):
    person = factories.person(name="王回来")
    person.ethnicity, person.mobile = "回族", "13912345678"
    person.save()
    factories.enrol(person, unit)
    suspend(person, unit)
    return person


@pytest.fixture
def insured(unit):
    person = factories.person(name="李在职")
    factories.enrol(person, unit)
    return person


@pytest.fixture
def strangers(other_unit):
    active = factories.person(name="赵外单位")
    factories.enrol(active, other_unit)
    left = factories.person(name="钱外单位离职")
    factories.enrol(left, other_unit)
    suspend(left, other_unit)
    return [active, left]


def found(client, service, **query):
    response = client.get("/persons/lookup/", {"service": service, **query}, **JSON)
    return {r["id"] for r in response.json()["results"]}


def test_the_enrolment_lookup_offers_former_staff_only(op_client, former, insured, strangers):
    assert found(op_client, ENROLMENT) == {former.pk}
    assert found(op_client, ENROLMENT, name="李在职") == set()
    for stranger in strangers:
        assert found(op_client, ENROLMENT, name=stranger.name) == set()
        assert found(op_client, ENROLMENT, id_number=stranger.id_number) == set()
        pick = op_client.get(f"/persons/{stranger.pk}/", {"service": ENROLMENT}, **JSON)
        assert pick.status_code == 404
    pick = op_client.get(f"/persons/{insured.pk}/", {"service": ENROLMENT}, **JSON)
    assert pick.status_code == 404


def test_the_suspension_lookup_offers_insured_staff_only(op_client, former, insured, strangers):
    assert found(op_client, SUSPENSION) == {insured.pk}


def test_without_a_service_the_lookup_keeps_every_related_person(op_client, former, insured):
    data = op_client.get("/persons/lookup/", **JSON).json()
    assert {r["id"] for r in data["results"]} == {former.pk, insured.pk}


def test_an_unknown_service_is_not_found(op_client, former):
    assert op_client.get("/persons/lookup/", {"service": "nope"}, **JSON).status_code == 404


def test_picking_a_former_employee_fills_the_form_and_the_row_passes(
    op_client, unit, operator, former
):
    picked = op_client.get(f"/persons/{former.pk}/", {"service": ENROLMENT}, **JSON)
    data = picked.json()
    assert data["id_number"] == mask(former.id_number, Sensitive.ID)
    assert former.id_number not in picked.content.decode()
    assert data["fill"] == {
        "name": "王回来",
        "ethnicity": "回族",
        "mobile": "13912345678",
        "id_type": "居民身份证(户口簿)",
        "gender": "男" if former.gender == "1" else "女",
        "birth_date": former.birth_date.isoformat(),
    }

    case = draft_case(unit, operator, rows=0)
    form = enrolment_form(id_number=data["id_number"], **data["fill"])
    op_client.post(f"/cases/{case.pk}/rows/add/", {**form, "picked_person": data["id"]})
    row = CaseRow.objects.get(case=case)
    assert row.passed, row.errors
    assert row.raw["id_number"] == former.id_number
    assert (row.raw["ethnicity"], row.raw["mobile"]) == ("回族", "13912345678")


def test_the_dialog_asks_for_the_wizards_service(op_client, unit, operator):
    case = draft_case(unit, operator, rows=0)
    page = op_client.get(f"/cases/{case.pk}/step/2/?tab=single").content.decode()
    assert f'data-service="{ENROLMENT}"' in page
    assert f'name="service" value="{ENROLMENT}"' in page
