"""Staff with a passport or a permit are enrolled and suspended like everyone (issue #15 §1).

The 证件类型 column is optional (blank: 居民身份证(户口簿)); the number is checked by the
rule of its type; the birth date and sex come from the number for a resident ID or a
residence permit, otherwise the row gives them.
"""

import datetime as dt
import io

import openpyxl
import pytest
from pydantic import ValidationError

from shebao.cases import services as cases
from shebao.registry.choices import EnrolmentStatus, InsuranceType
from shebao.registry.models import Enrolment, Person
from shebao.services.registry import registry
from tests import factories
from tests.api.conftest import client_for, declaration
from tests.batch.files import template
from tests.engine.test_every_channel import _stored, rosters, web_single, web_upload

ENROLMENT = "hb_employee_enrolment"
SUSPENSION = "hb_employee_insurance_suspension"
PASSPORT = "E12345678"


def passport_row(**overrides):
    data = {
        "id_type": "护照",
        "id_number": PASSPORT,
        "name": "John Smith",
        "gender": "男",
        "birth_date": "1990-05-01",
        "ethnicity": "97 其他",
        "work_start_date": "2024-03-01",
        "monthly_wage": "6000",
        "pension": "√",
        "unemployment": "√",
        "mobile": "13800138000",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def draft(code, unit, operator):
    case = cases.case_start(service_code=code, unit=unit, operator=operator)
    return cases.case_accept(
        case=case, declarant="王建", declarant_mobile="18555555555", agreement_accepted=True
    )


def messages(stored):
    return {(e.get("column", ""), e["message"]) for e in stored.errors}


def test_a_passport_holder_is_enrolled_with_the_birth_date_and_sex_given(unit, operator, reviewer):
    case = draft(ENROLMENT, unit, operator)
    stored = cases.case_row_add(case=case, raw=passport_row())
    assert stored.passed, stored.errors
    cases.case_approve(case=cases.case_submit(case=case, actor=operator), reviewer=reviewer)

    person = Person.objects.by_id_number(PASSPORT).get()
    assert (person.id_type, person.name) == ("护照", "John Smith")
    assert (person.birth_date, person.gender) == (dt.date(1990, 5, 1), "1")
    assert set(
        Enrolment.objects.filter(person=person, status=EnrolmentStatus.ACTIVE).values_list(
            "insurance_type", flat=True
        )
    ) == {InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT}


def test_a_passport_row_without_birth_date_and_sex_is_refused(unit, operator):
    case = draft(ENROLMENT, unit, operator)
    stored = cases.case_row_add(case=case, raw=passport_row(gender=None, birth_date=None))
    assert not stored.passed
    assert messages(stored) == {
        ("出生日期", "证件类型为护照时，必须填写出生日期"),
        ("性别", "证件类型为护照时，必须填写性别"),
    }


def test_a_passport_number_is_checked_by_the_passport_rule(unit, operator):
    case = draft(ENROLMENT, unit, operator)
    stored = cases.case_row_add(case=case, raw=passport_row(id_number="E12-345"))
    assert not stored.passed
    assert any("护照号码“E12-345”不正确" in m for _c, m in messages(stored))


def test_blank_type_is_the_resident_id_and_the_number_decides_birth_and_sex(unit, operator):
    number = factories.id_number(dt.date(1993, 1, 1), male=False)
    case = draft(ENROLMENT, unit, operator)
    wrong = cases.case_row_add(
        case=case,
        raw=passport_row(id_type=None, id_number=number, birth_date="1993-01-02", gender="男"),
    )
    assert messages(wrong) == {
        ("出生日期", "出生日期与证件号码中的出生日期 1993-01-01 不一致"),
        ("性别", "性别与证件号码不一致"),
    }
    # a passport number under no 证件类型 is read as a resident ID and refused
    refused = cases.case_row_add(case=case, raw=passport_row(id_type=None))
    assert ("身份证号码", "身份证号码应为 18 位，实际为 9 位") in messages(refused)


def test_a_residence_permit_gives_birth_and_sex_like_a_resident_id(unit, operator, reviewer):
    case = draft(ENROLMENT, unit, operator)
    raw = passport_row(
        id_type="港澳台居民居住证",
        id_number="830000198512310020",
        name="林美华",
        gender=None,
        birth_date=None,
    )
    assert cases.case_row_add(case=case, raw=raw).passed
    cases.case_approve(case=cases.case_submit(case=case, actor=operator), reviewer=reviewer)
    person = Person.objects.by_id_number("830000198512310020").get()
    assert (person.id_type, person.birth_date, person.gender) == (
        "港澳台居民居住证",
        dt.date(1985, 12, 31),
        "2",
    )


def test_common_names_of_the_types_are_accepted(unit, operator):
    case = draft(ENROLMENT, unit, operator)
    stored = cases.case_row_add(
        case=case, raw=passport_row(id_type="台胞证", id_number="12345678", name="陈志明")
    )
    assert stored.passed, stored.errors
    assert stored.cleaned["id_type"] == "台湾居民来往大陆通行证"


def test_the_type_must_be_the_registered_one(unit, operator):
    # 12345678 is a valid passport number and a valid 台胞证 number: the type tells them apart
    Person.objects.create(
        person_no="20099999998",
        id_type="护照",
        id_number="12345678",
        name="John Smith",
        gender="1",
        birth_date=dt.date(1990, 5, 1),
    )
    case = draft(ENROLMENT, unit, operator)
    stored = cases.case_row_add(
        case=case, raw=passport_row(id_type="台湾居民来往大陆通行证", id_number="12345678")
    )
    assert ("证件类型", "证件类型与登记的“护照”不一致") in messages(stored)


def test_the_web_form_enrols_a_passport_holder(op_client, unit, operator):
    case = web_single(op_client, registry[ENROLMENT], unit, operator, passport_row())
    assert _stored(case) == (True, ())


def test_a_batch_file_enrols_a_passport_holder(op_client, unit, operator):
    (data,) = rosters(registry[ENROLMENT], [passport_row()])
    case = web_upload(op_client, registry[ENROLMENT], unit, operator, data)
    assert _stored(case) == (True, ())
    assert case.rows.get().cleaned["id_type"] == "护照"


def test_the_api_enrols_a_passport_holder(operator, reviewer, unit):
    row = passport_row(pension=True, unemployment=True)
    response = client_for(operator).post("/api/v1/cases", declaration(row), format="json")
    assert response.status_code == 201, response.json()
    serial = response.json()["serial_no"]
    assert client_for(reviewer).post(f"/api/v1/cases/{serial}/approve").status_code == 200
    person = Person.objects.by_id_number(PASSPORT).get()
    assert (person.id_type, person.birth_date) == ("护照", dt.date(1990, 5, 1))


def test_the_templates_have_the_id_type_column():
    for code in (ENROLMENT, SUSPENSION):
        sheet = openpyxl.load_workbook(io.BytesIO(template(code))).worksheets[0]
        cells = {
            str(c.value).strip() for row in sheet.iter_rows(max_row=10) for c in row if c.value
        }
        assert "证件类型" in cells, (code, cells)


def _passport_holder(unit):
    person = Person.objects.create(
        person_no="20099999999",
        id_type="护照",
        id_number=PASSPORT,
        name="John Smith",
        gender="1",
        birth_date=dt.date(1990, 5, 1),
    )
    factories.enrol(person, unit, InsuranceType.PENSION, start=dt.date(2024, 3, 1))
    return person


def suspension_row(**overrides):
    data = {
        "id_type": "护照",
        "id_number": PASSPORT,
        "name": "John Smith",
        "pension": "√",
        "suspension_date": "2024-06-30",
        "reason": "职工发生辞职(退)",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_a_passport_holder_is_suspended(unit, operator, reviewer):
    person = _passport_holder(unit)
    case = draft(SUSPENSION, unit, operator)
    assert cases.case_row_add(case=case, raw=suspension_row()).passed
    cases.case_approve(case=cases.case_submit(case=case, actor=operator), reviewer=reviewer)
    assert Enrolment.objects.get(person=person).status == EnrolmentStatus.SUSPENDED


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"id_type": None}, ("身份证号码", "身份证号码应为 18 位，实际为 9 位")),
        (
            {"id_type": "台湾居民来往大陆通行证", "id_number": "12345678"},
            ("身份证号码", "该人员在本单位没有正常参保的险种，无需暂停"),
        ),
    ],
)
def test_a_suspension_row_names_the_passport(unit, operator, overrides, expected):
    _passport_holder(unit)
    case = draft(SUSPENSION, unit, operator)
    stored = cases.case_row_add(case=case, raw=suspension_row(**overrides))
    assert expected in messages(stored)


def test_the_staff_query_shows_and_finds_a_passport_holder(unit, op_client):
    _passport_holder(unit)
    response = op_client.get("/queries/unit_insured_staff/", {"id_number": PASSPORT})
    (row,) = [cells for _key, cells in response.context["rows"]]
    assert row[1:4] == ["John Smith", "E1*****78", "护照"]


def test_a_pick_fills_the_type_birth_date_and_sex_as_the_form_names_them(unit):
    person = _passport_holder(unit)
    fill = registry[ENROLMENT].lookup_fill(person)
    assert (fill["id_type"], fill["gender"], fill["birth_date"]) == ("护照", "男", "1990-05-01")


@pytest.mark.parametrize(
    "code",
    [
        "hb_employee_insurance_type_reduction",
        "hb_employee_insurance_type_addition",
        "hb_contribution_wage_change_declaration",
        "hb_annual_contribution_wage_declaration",
        "hb_overpayment_refund",
        "hb_labour_contract_back_payment",
        "hb_community_flexible_worker_back_payment",
        "hb_deferred_unit_back_payment",
    ],
)
def test_the_person_rows_check_the_number_by_their_id_type(code):
    """The services that find an enrolled person by number take the 证件类型 column too."""
    row = registry[code].row

    def number_errors(raw):
        try:
            row.model_validate(raw)
        except ValidationError as exc:
            return [e for e in exc.errors() if e["loc"] == ("id_number",)]
        return []

    assert number_errors({"id_type": "护照", "id_number": PASSPORT}) == []
    assert number_errors({"id_number": PASSPORT})  # no type: a resident ID, 9 characters
    assert number_errors({"id_type": "台胞证", "id_number": PASSPORT})
