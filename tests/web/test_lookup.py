"""人员信息查询窗口: JSON for the dialog, paged 10 a page, scoped to the acting unit's persons."""

from __future__ import annotations

import datetime as dt

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(unit):
    people = []
    for i in range(23):
        person = factories.person(
            name=f"张{'一二三四五六七八九十'[i % 10]}{i}", birth=dt.date(1980 + i, 1, 2)
        )
        factories.enrol(person, unit)
        people.append(person)
    return people


def test_lookup_pages_ten_at_a_time_with_masked_numbers(op_client, unit, staff):
    data = op_client.get("/persons/lookup/").json()
    assert data["count"] == 23 and data["pages"] == 3 and data["page"] == 1
    assert len(data["results"]) == 10
    first = data["results"][0]
    assert first["seq"] == 1
    assert first["unit_no"] == unit.unit_no and first["region"] == unit.region.name
    person = next(p for p in staff if p.pk == first["id"])
    assert first["id_number"] == person.id_number[:6] + "********" + person.id_number[-4:]
    assert person.id_number not in op_client.get("/persons/lookup/").content.decode()
    last = op_client.get("/persons/lookup/?page=3").json()
    assert [r["seq"] for r in last["results"]] == [21, 22, 23]


def test_lookup_by_any_combination(op_client, staff):
    target = staff[4]
    by_name = op_client.get("/persons/lookup/", {"name": target.name}).json()
    assert [r["id"] for r in by_name["results"]] == [target.pk]
    by_id = op_client.get("/persons/lookup/", {"id_number": target.id_number[:14]}).json()
    assert target.pk in [r["id"] for r in by_id["results"]]
    whole = op_client.get("/persons/lookup/", {"id_number": target.id_number.lower()}).json()
    assert [r["id"] for r in whole["results"]] == [target.pk]
    both = op_client.get(
        "/persons/lookup/", {"person_no": target.person_no, "name": staff[5].name}
    ).json()
    assert both["count"] == 0


def test_pick_gives_the_number_masked_as_the_list_shows_it(op_client, staff):
    """Issue #10 §2: the pick never hands the browser a full ID number the list masks."""
    target = staff[0]
    response = op_client.get(f"/persons/{target.pk}/")
    assert response.json() == {
        "id": target.pk,
        "person_no": target.person_no,
        "id_number": target.id_number[:6] + "********" + target.id_number[-4:],
        "name": target.name,
    }
    assert target.id_number not in response.content.decode()


def test_another_units_persons_never_appear(op_client, other_unit, staff):
    stranger = factories.person(name="王外人")
    factories.enrol(stranger, other_unit)
    data = op_client.get("/persons/lookup/", {"name": "王外人"}).json()
    assert data["count"] == 0
    assert op_client.get("/persons/lookup/").json()["count"] == 23
    assert op_client.get(f"/persons/{stranger.pk}/").status_code == 404


def test_the_dialog_is_on_the_single_form(op_client):
    step1 = op_client.post("/services/hb_employee_insurance_suspension/")["Location"]
    pk = int(step1.split("/")[2])
    op_client.post(
        step1, {"declarant": "王建", "declarant_mobile": "18555555555", "agreement": "on"}
    )
    page = op_client.get(f"/cases/{pk}/step/2/?tab=single").content.decode()
    assert "人员信息查询窗口" in page and 'name="person_no"' in page and "lookup.js" in page
    for header in (
        "序号",
        "人员编号",
        "证件号码",
        "证件类型",
        "姓名",
        "性别",
        "出生日期",
        "参保所属机构",
    ):
        assert header in page
