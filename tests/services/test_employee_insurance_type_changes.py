"""§3.3.18 单位职工减少险种登记 and §3.3.19 单位职工增加险种登记, through the case engine."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from shebao.cases import services as cases
from shebao.cases.models import CaseStatus
from shebao.cases.services import CaseError
from shebao.registry.choices import EnrolmentStatus, InsuranceType, UnitInsuranceStatus
from shebao.registry.models import Enrolment, UnitInsurance
from tests import factories

REDUCTION = "hb_employee_insurance_type_reduction"
ADDITION = "hb_employee_insurance_type_addition"


def draft(code, unit, operator):
    case = cases.case_start(service_code=code, unit=unit, operator=operator)
    return cases.case_accept(
        case=case, declarant="王建", declarant_mobile="18555555555", agreement_accepted=True
    )


def messages(stored):
    return " ".join(e["message"] for e in stored.errors)


def enrolment(person, t, **kw):
    return Enrolment.objects.get(person=person, insurance_type=t, **kw)


@pytest.fixture
def insured(unit):
    p = factories.person(name="赵六")
    for e in factories.enrol(
        p, unit, InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT, start=dt.date(2015, 6, 1)
    ):
        e.monthly_wage = Decimal("6200.00")
        e.save()
    return p


def reduction_raw(person, **overrides):
    raw = {
        "id_number": person.id_number,
        "name": person.name,
        "unemployment": "√",
        "change_date": "2019-03-04",
        "reason": "异地参加该险种",
    }
    raw.update(overrides)
    return raw


def addition_raw(person, **overrides):
    raw = {
        "id_number": person.id_number,
        "name": person.name,
        "unemployment": "√",
        "change_date": "2024-03-01",
    }
    raw.update(overrides)
    return raw


# §3.3.18 ---------------------------------------------------------------------------------


def test_reduction_ends_the_type_and_completes_at_once(unit, operator, insured):
    case = draft(REDUCTION, unit, operator)
    stored = cases.case_row_add(case=case, raw=reduction_raw(insured))
    assert stored.passed, stored.errors
    case = cases.case_submit(case=case, actor=operator)
    assert case.status == CaseStatus.COMPLETED and case.effect == {"enrolments_ended": 1}
    ended = enrolment(insured, InsuranceType.UNEMPLOYMENT)
    assert ended.status == EnrolmentStatus.SUSPENDED
    assert ended.end_date == dt.date(2019, 3, 4) and ended.end_period == "201903"
    assert ended.suspension_reason == "异地参加该险种" and ended.closed_by == case.serial_no
    assert enrolment(insured, InsuranceType.PENSION).status == EnrolmentStatus.ACTIVE


def test_reduction_of_every_type_is_the_suspension_service(unit, operator, insured):
    case = draft(REDUCTION, unit, operator)
    stored = cases.case_row_add(case=case, raw=reduction_raw(insured, pension="√"))
    assert messages(stored) == (
        "减少后该人员在本单位将没有正常参保的险种，请办理“单位职工社会保险暂停”"
    )


def test_reduction_refusals(unit, operator, insured, region):
    case = draft(REDUCTION, unit, operator)
    injury = cases.case_row_add(
        case=case, raw=reduction_raw(insured, unemployment="", work_injury="√")
    )
    assert "该人员在本单位未正常参加工伤保险" in messages(injury)
    none = cases.case_row_add(case=case, raw=reduction_raw(insured, unemployment=""))
    assert "至少勾选一个减少险种" in messages(none)

    other_unit = factories.unit(region_obj=region)
    stranger = factories.person(name="钱七")
    factories.enrol(stranger, other_unit)
    elsewhere = cases.case_row_add(case=case, raw=reduction_raw(stranger))
    assert messages(elsewhere) == "该人员在本单位没有正常参保的险种，无需减少"


def test_reduction_field_refusals(unit, operator, insured):
    case = draft(REDUCTION, unit, operator)
    early = cases.case_row_add(case=case, raw=reduction_raw(insured, change_date="2015-05-31"))
    assert "变更日期早于失业保险本次参保开始日期 2015-06-01" in messages(early)
    wrong = cases.case_row_add(
        case=case, raw=reduction_raw(insured, name="赵七", person_no="99", reason="放假")
    )
    text = messages(wrong)
    assert "不在可选范围内" in text  # the reason list fails the schema first
    cases.case_row_delete(case=case, row_nos=[early.row_no, wrong.row_no])
    names = cases.case_row_add(case=case, raw=reduction_raw(insured, name="赵七", person_no="99"))
    text = messages(names)
    # issue #10 §2: mismatches are reported without the registered values
    assert "姓名与证件号码登记的姓名不一致" in text and "赵六" not in text
    assert "个人编号与证件号码登记的个人编号不一致" in text and insured.person_no not in text
    twice = cases.case_row_add(case=case, raw=reduction_raw(insured))
    assert "与第 1 行的身份证号码重复" in messages(twice)


def test_batch_reduction_roster(unit, operator, insured):
    other = factories.person(name="孙八")
    factories.enrol(other, unit, InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT)
    case = draft(REDUCTION, unit, operator)
    passed, failed = cases.case_rows_replace(
        case=case,
        rows=[
            (4, reduction_raw(insured, unit_no=unit.unit_no)),
            (5, reduction_raw(other, unit_no="999999999")),
        ],
    )
    assert (passed, failed) == (1, 1)
    bad = case.rows.get(row_no=5)
    assert "单位编号 999999999 不是当前经办单位" in messages(bad)
    cases.case_row_update(
        case=case,
        row_no=5,
        raw=reduction_raw(other, pension="√", unemployment="", change_date="2024-05-31"),
    )
    case = cases.case_submit(case=case, actor=operator)
    assert case.effect == {"enrolments_ended": 2}
    assert enrolment(other, InsuranceType.PENSION).status == EnrolmentStatus.SUSPENDED


# §3.3.19 ---------------------------------------------------------------------------------


@pytest.fixture
def pension_only(unit):
    p = factories.person(name="周九")
    (e,) = factories.enrol(p, unit, InsuranceType.PENSION, start=dt.date(2020, 1, 1))
    e.monthly_wage = Decimal("5000.00")
    e.save()
    return p


def test_addition_enrols_the_person_in_the_type(unit, operator, pension_only):
    case = draft(ADDITION, unit, operator)
    stored = cases.case_row_add(case=case, raw=addition_raw(pension_only))
    assert stored.passed, stored.errors
    case = cases.case_submit(case=case, actor=operator)
    assert case.status == CaseStatus.COMPLETED and case.effect == {"enrolments_created": 1}
    added = enrolment(pension_only, InsuranceType.UNEMPLOYMENT)
    assert added.status == EnrolmentStatus.ACTIVE and added.unit == unit
    assert added.start_date == dt.date(2024, 3, 1) and added.start_period == "202403"
    assert added.monthly_wage == Decimal("5000.00")  # carried over from the pension enrolment
    assert added.opened_by == case.serial_no


def test_addition_resumes_a_reduced_type_with_the_declared_wage(unit, operator, insured):
    reduce = draft(REDUCTION, unit, operator)
    cases.case_row_add(case=reduce, raw=reduction_raw(insured))
    cases.case_submit(case=reduce, actor=operator)
    case = draft(ADDITION, unit, operator)
    stored = cases.case_row_add(case=case, raw=addition_raw(insured, monthly_wage="8000"))
    assert stored.passed, stored.errors
    cases.case_submit(case=case, actor=operator)
    rows = Enrolment.objects.filter(person=insured, insurance_type=InsuranceType.UNEMPLOYMENT)
    assert sorted(rows.values_list("status", flat=True)) == ["active", "suspended"]
    assert rows.get(status="active").monthly_wage == Decimal("8000.00")


def test_addition_needs_another_active_type_in_this_unit(unit, operator, region):
    case = draft(ADDITION, unit, operator)
    elsewhere = factories.person(name="吴十")
    factories.enrol(elsewhere, factories.unit(region_obj=region), InsuranceType.PENSION)
    stored = cases.case_row_add(case=case, raw=addition_raw(elsewhere))
    assert messages(stored) == "该人员在本单位没有正常参保的险种，请先办理“单位职工参保登记/续保”"
    unknown = factories.person(name="郑一")
    unknown.delete()
    missing = cases.case_row_add(case=case, raw=addition_raw(unknown))
    # issue #10 §2: an unknown number gets the same answer as another unit's person
    assert messages(missing) == messages(stored)


def test_addition_refused_when_enrolled_in_the_type_anywhere(unit, operator, region, pension_only):
    factories.enrol(pension_only, factories.unit(region_obj=region), InsuranceType.UNEMPLOYMENT)
    case = draft(ADDITION, unit, operator)
    stored = cases.case_row_add(case=case, raw=addition_raw(pension_only))
    assert "该人员已在其他单位正常参保，需原单位先办理停保" in messages(stored)
    again = draft(ADDITION, unit, operator)
    mine = cases.case_row_add(
        case=again, raw=addition_raw(pension_only, unemployment="", pension="√")
    )
    assert "该职工已在本单位正常参加城镇职工基本养老保险，不能重复参保" in messages(mine)


def test_addition_needs_the_unit_type_active(unit, operator, pension_only):
    case = draft(ADDITION, unit, operator)
    injury = cases.case_row_add(
        case=case, raw=addition_raw(pension_only, unemployment="", work_injury="√")
    )
    assert messages(injury) == "湖北省省本级只经办城镇职工基本养老保险和失业保险，不能增加工伤保险"
    UnitInsurance.objects.filter(unit=unit, insurance_type=InsuranceType.UNEMPLOYMENT).update(
        status=UnitInsuranceStatus.SUSPENDED, status_date=dt.date(2023, 1, 1)
    )
    case = draft(ADDITION, unit, operator)
    suspended = cases.case_row_add(case=case, raw=addition_raw(pension_only))
    assert messages(suspended) == "本单位失业保险已暂停缴费，请先办理“单位增加险种登记”恢复缴费"


def test_addition_in_a_city_unit_without_the_type(pension_only, operator):
    city = factories.region(provincial=False, code="420102", name="武汉市江岸区")
    unit = factories.unit(region_obj=city, types=(InsuranceType.PENSION,))
    p = factories.person(name="王五")
    factories.enrol(p, unit, InsuranceType.PENSION)
    op = factories.operator(unit)
    case = draft(ADDITION, unit, op)
    stored = cases.case_row_add(case=case, raw=addition_raw(p, unemployment="", work_injury="√"))
    assert messages(stored) == "本单位未参加工伤保险，请先办理“单位增加险种登记”"


def test_addition_field_refusals(unit, operator, pension_only):
    case = draft(ADDITION, unit, operator)
    early = cases.case_row_add(
        case=case, raw=addition_raw(pension_only, change_date="1999-12-31", monthly_wage="0")
    )
    text = messages(early)
    assert "变更时间不能早于本单位失业保险参保日期 2000-01-01" in text
    assert "上年月均工资必须大于 0" in text
    none = cases.case_row_add(case=case, raw=addition_raw(pension_only, unemployment=""))
    assert "至少勾选一个增加险种" in messages(none)


# Wizard and API ---------------------------------------------------------------------------


@pytest.mark.parametrize("code", [REDUCTION, ADDITION])
def test_person_services_render_in_the_wizard_and_the_api(operator, code):
    client = Client()
    client.force_login(operator)
    step1 = client.post(f"/services/{code}/")["Location"]
    pk = int(step1.split("/")[2])
    assert client.get(step1).status_code == 200
    client.post(step1, {"declarant": "王建", "declarant_mobile": "18555555555", "agreement": "on"})
    single = client.get(f"/cases/{pk}/step/2/?tab=single")
    assert single.status_code == 200
    html = single.content.decode()
    assert 'name="id_number"' in html and "lookup-open" in html  # 人员信息查询
    assert client.get(f"/cases/{pk}/step/2/?tab=batch").status_code == 200
    assert client.get(f"/services/{code}/template.xlsx").status_code == 200
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(operator)
    services = {s["code"]: s for s in api.get("/api/v1/services").json()}
    assert services[code]["modes"] == ["batch", "single"] and services[code]["review"] == "auto"


def test_submission_rechecks_rows_against_todays_records(unit, operator, region, pension_only):
    """A service that completes at once re-checks its rows when submitted, like an approval."""
    case = draft(ADDITION, unit, operator)
    assert cases.case_row_add(case=case, raw=addition_raw(pension_only)).passed
    factories.enrol(pension_only, factories.unit(region_obj=region), InsuranceType.UNEMPLOYMENT)
    with pytest.raises(CaseError, match="参保信息已发生变化，复核不通过.*需原单位先办理停保"):
        cases.case_submit(case=case, actor=operator)
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT and not case.serial_no
    assert not Enrolment.objects.filter(person=pension_only, unit=unit, insurance_type="210")


def test_declared_through_the_api_completes_at_once(unit, operator, pension_only):
    from tests.api.conftest import client_for, declaration

    api = client_for(operator)
    body = declaration(
        {
            "id_number": pension_only.id_number,
            "name": "周九",
            "unemployment": True,
            "change_date": "2024-03-01",
        },
        service=ADDITION,
    )
    response = api.post("/api/v1/cases", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == CaseStatus.COMPLETED
    assert enrolment(pension_only, InsuranceType.UNEMPLOYMENT).status == EnrolmentStatus.ACTIVE
    refused = api.post(
        "/api/v1/cases",
        declaration(
            {
                "id_number": pension_only.id_number,
                "name": "周九",
                "unemployment": True,
                "change_date": "2024-03-01",
            },
            service=ADDITION,
        ),
        format="json",
    )
    assert refused.status_code == 400
    assert "不能重复参保" in refused.content.decode()
