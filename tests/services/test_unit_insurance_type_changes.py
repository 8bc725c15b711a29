"""§3.3.11 单位减少险种登记 and §3.3.12 单位增加险种登记, through the case engine."""

import datetime as dt

import pytest
from django.test import Client

from shebao.cases import services as cases
from shebao.cases.models import CaseStatus
from shebao.cases.services import CaseError
from shebao.registry.choices import InsuranceType, UnitInsuranceStatus
from shebao.registry.models import UnitInsurance
from tests import factories

REDUCTION = "hb_unit_insurance_type_reduction"
ADDITION = "hb_unit_insurance_type_addition"


def draft(code, unit, operator):
    case = cases.case_start(service_code=code, unit=unit, operator=operator)
    return cases.case_accept(
        case=case, declarant="王建", declarant_mobile="18555555555", agreement_accepted=True
    )


def messages(stored):
    return " ".join(e["message"] for e in stored.errors)


def insurance(unit, t):
    return UnitInsurance.objects.get(unit=unit, insurance_type=t)


@pytest.fixture
def city(db):
    return factories.region(provincial=False, code="420102", name="武汉市江岸区")


# §3.3.11 ---------------------------------------------------------------------------------


def test_reduction_suspends_the_type_from_the_date_after_approval(unit, operator, reviewer):
    case = draft(REDUCTION, unit, operator)
    stored = cases.case_row_add(
        case=case,
        raw={"insurance_type": "失业保险", "change_date": "2024-06-30", "reason": "单位险种调整"},
    )
    assert stored.passed, stored.errors
    case = cases.case_submit(case=case, actor=operator)
    assert case.status == CaseStatus.UNDER_REVIEW
    assert insurance(unit, InsuranceType.UNEMPLOYMENT).status == UnitInsuranceStatus.ACTIVE
    cases.case_approve(case=case, reviewer=reviewer)
    row = insurance(unit, InsuranceType.UNEMPLOYMENT)
    assert row.status == UnitInsuranceStatus.SUSPENDED
    assert row.status_date == dt.date(2024, 6, 30) and row.change_reason == "单位险种调整"
    assert row.changed_by == case.serial_no
    assert insurance(unit, InsuranceType.PENSION).status == UnitInsuranceStatus.ACTIVE


def test_reduction_refused_while_staff_are_enrolled_and_says_what_to_do_first(unit, operator):
    for name in ("赵六", "钱七"):
        factories.enrol(factories.person(name=name), unit, InsuranceType.UNEMPLOYMENT)
    case = draft(REDUCTION, unit, operator)
    stored = cases.case_row_add(
        case=case,
        raw={"insurance_type": "210 失业保险", "change_date": "2024-06-30", "reason": "调整"},
    )
    assert not stored.passed
    assert stored.errors[0]["column"] == "险种类型"
    assert messages(stored) == (
        "失业保险仍有 2 名职工正常参保，请先办理“单位职工社会保险暂停”或“单位职工减少险种登记”后再减少该险种"
    )
    with pytest.raises(CaseError, match="1 行校验不通过"):
        cases.case_submit(case=case, actor=operator)


def test_reduction_recheck_at_approval_sees_staff_enrolled_meanwhile(unit, operator, reviewer):
    case = draft(REDUCTION, unit, operator)
    cases.case_row_add(
        case=case, raw={"insurance_type": "失业保险", "change_date": "2024-06-30", "reason": "调整"}
    )
    case = cases.case_submit(case=case, actor=operator)
    factories.enrol(factories.person(name="孙八"), unit, InsuranceType.UNEMPLOYMENT)
    with pytest.raises(CaseError, match="仍有 1 名职工正常参保"):
        cases.case_approve(case=case, reviewer=reviewer)
    assert insurance(unit, InsuranceType.UNEMPLOYMENT).status == UnitInsuranceStatus.ACTIVE


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"insurance_type": "工伤保险"}, "本单位未参加工伤保险，无需减少"),
        ({"insurance_type": "医疗保险"}, "不在可选范围内"),
        (
            {"insurance_type": "失业保险", "change_date": "1999-12-31"},
            "变更日期不能早于失业保险单位参保日期 2000-01-01",
        ),
        ({"insurance_type": "失业保险", "reason": ""}, "不能为空"),
        ({"insurance_type": "失业保险", "change_date": "2024-13-01"}, "格式不正确"),
    ],
)
def test_reduction_refusals(unit, operator, raw, expected):
    case = draft(REDUCTION, unit, operator)
    full = {"change_date": "2024-06-30", "reason": "调整", **raw}
    stored = cases.case_row_add(case=case, raw=full)
    assert not stored.passed and expected in messages(stored)


def test_reduction_of_an_already_suspended_type_and_duplicate_rows(unit, operator):
    UnitInsurance.objects.filter(unit=unit, insurance_type=InsuranceType.PENSION).update(
        status=UnitInsuranceStatus.SUSPENDED, status_date=dt.date(2023, 1, 1)
    )
    case = draft(REDUCTION, unit, operator)
    row = {"change_date": "2024-06-30", "reason": "调整"}
    first = cases.case_row_add(case=case, raw={**row, "insurance_type": "城镇职工基本养老保险"})
    assert "本单位城镇职工基本养老保险已是暂停缴费状态，无需减少" in messages(first)
    cases.case_row_add(case=case, raw={**row, "insurance_type": "失业保险"})
    twice = cases.case_row_add(case=case, raw={**row, "insurance_type": "失业"})
    assert "与第 2 行的险种重复" in messages(twice)


def test_a_suspended_unit_type_takes_no_new_enrolments(unit, operator):
    from tests.web.helpers import enrolment_raw

    UnitInsurance.objects.filter(unit=unit, insurance_type=InsuranceType.UNEMPLOYMENT).update(
        status=UnitInsuranceStatus.SUSPENDED, status_date=dt.date(2023, 1, 1)
    )
    case = cases.case_start(service_code="hb_employee_enrolment", unit=unit, operator=operator)
    stored = cases.case_row_add(case=case, raw=enrolment_raw())
    assert "本单位未参加失业保险" in messages(stored)


# §3.3.12 ---------------------------------------------------------------------------------


def test_addition_creates_the_type_for_a_city_unit(city):
    unit = factories.unit(region_obj=city)
    operator = factories.operator(unit)
    reviewer = factories.reviewer(city)
    case = draft(ADDITION, unit, operator)
    stored = cases.case_row_add(
        case=case, raw={"insurance_type": "工伤保险", "change_date": "2021-03-13"}
    )
    assert stored.passed, stored.errors
    case = cases.case_submit(case=case, actor=operator)
    assert not UnitInsurance.objects.filter(unit=unit, insurance_type="410").exists()
    case = cases.case_approve(case=case, reviewer=reviewer)
    added = insurance(unit, InsuranceType.WORK_INJURY)
    assert added.status == UnitInsuranceStatus.ACTIVE
    assert added.start_date == dt.date(2021, 3, 13) and added.changed_by == case.serial_no
    assert case.effect == {"unit_types_added": ["410"], "unit_types_resumed": []}


def test_addition_resumes_a_suspended_type(unit, operator, reviewer):
    UnitInsurance.objects.filter(unit=unit, insurance_type=InsuranceType.UNEMPLOYMENT).update(
        status=UnitInsuranceStatus.SUSPENDED, status_date=dt.date(2023, 1, 1)
    )
    case = draft(ADDITION, unit, operator)
    early = cases.case_row_add(
        case=case, raw={"insurance_type": "失业保险", "change_date": "2022-12-31"}
    )
    assert "恢复缴费日期不能早于失业保险暂停缴费日期 2023-01-01" in messages(early)
    cases.case_row_update(
        case=case,
        row_no=early.row_no,
        raw={"insurance_type": "失业保险", "change_date": "2024-07-01", "reason": "恢复缴费"},
    )
    case = cases.case_submit(case=case, actor=operator)
    case = cases.case_approve(case=case, reviewer=reviewer)
    row = insurance(unit, InsuranceType.UNEMPLOYMENT)
    assert row.status == UnitInsuranceStatus.ACTIVE and row.status_date == dt.date(2024, 7, 1)
    assert row.start_date == dt.date(2000, 1, 1)  # the unit's first insured date stays
    assert case.effect == {"unit_types_added": [], "unit_types_resumed": ["210"]}


def test_provincial_level_cap_pension_and_unemployment_only(region, operator):
    unit = factories.unit(region_obj=region, types=(InsuranceType.PENSION,))
    op = factories.operator(unit)
    case = draft(ADDITION, unit, op)
    injury = cases.case_row_add(
        case=case, raw={"insurance_type": "工伤保险", "change_date": "2024-01-01"}
    )
    assert messages(injury) == (
        "湖北省省本级单位最多参加城镇职工基本养老保险和失业保险两个险种，不能增加工伤保险"
    )
    unemployment = cases.case_row_add(
        case=case, raw={"insurance_type": "失业保险", "change_date": "2024-01-01"}
    )
    assert unemployment.passed


def test_addition_of_an_active_type_is_refused(unit, operator):
    case = draft(ADDITION, unit, operator)
    stored = cases.case_row_add(
        case=case, raw={"insurance_type": "养老保险", "change_date": "2024-01-01"}
    )
    assert messages(stored) == "本单位已正常参加城镇职工基本养老保险，无需增加"


# Wizard, API, report ---------------------------------------------------------------------


@pytest.mark.parametrize("code", [REDUCTION, ADDITION])
def test_unit_services_render_in_the_wizard_and_the_api(operator, code):
    client = Client()
    client.force_login(operator)
    step1 = client.post(f"/services/{code}/")["Location"]
    pk = int(step1.split("/")[2])
    assert client.get(step1).status_code == 200
    client.post(step1, {"declarant": "王建", "declarant_mobile": "18555555555", "agreement": "on"})
    page = client.get(f"/cases/{pk}/step/2/?tab=single")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="insurance_type"' in html and '<option value="失业保险"' in html
    assert client.get(f"/cases/{pk}/step/2/?tab=batch").status_code != 500
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(operator)
    services = {s["code"]: s for s in api.get("/api/v1/services").json()}
    assert services[code]["modes"] == ["single"] and services[code]["review"] == "agency"


def test_report_is_the_change_form(unit, operator):
    case = draft(ADDITION, unit, operator)
    cases.case_row_add(case=case, raw={"insurance_type": "工伤保险", "change_date": "2021-03-13"})
    client = Client()
    client.force_login(operator)
    response = client.get(f"/cases/{case.pk}/report.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    from shebao.documents.reports import report_columns
    from shebao.services.registry import registry

    labels = [c.label for c in report_columns(registry[ADDITION])]
    assert labels[1:3] == ["险种类型", "单位参保日期"]
    assert registry[ADDITION].report_title == "社会保险登记信息变更申报表（险种信息）"


def test_single_tab_shows_the_units_types_with_status_and_staff(unit, operator):
    factories.enrol(factories.person(name="赵六"), unit, InsuranceType.UNEMPLOYMENT)
    UnitInsurance.objects.filter(unit=unit, insurance_type=InsuranceType.PENSION).update(
        status=UnitInsuranceStatus.SUSPENDED, status_date=dt.date(2023, 1, 1)
    )
    client = Client()
    client.force_login(operator)
    for code, title in ((REDUCTION, "单位已参保信息"), (ADDITION, "单位可参保险种")):
        case = draft(code, unit, operator)
        html = client.get(f"/cases/{case.pk}/step/2/?tab=single").content.decode()
        table = html[html.index('id="info-table"') : html.index("</table>")]
        assert title in html
        assert "<td>城镇职工基本养老保险</td><td>暂停缴费</td><td>2000-01-01</td>" in table
        assert "<td>2023-01-01</td>" in table
        assert "<td>失业保险</td><td>正常参保</td>" in table and "<td>1 人</td>" in table
        assert "工伤保险" not in table  # 湖北省省本级 cannot have it, nor offers it


def test_addition_table_offers_the_types_a_city_unit_may_add(city):
    unit = factories.unit(region_obj=city, types=(InsuranceType.PENSION,))
    operator = factories.operator(unit)
    case = draft(ADDITION, unit, operator)
    client = Client()
    client.force_login(operator)
    html = client.get(f"/cases/{case.pk}/step/2/?tab=single").content.decode()
    assert "<td>工伤保险</td><td>未参保</td>" in html
    assert "<td>失业保险</td><td>未参保</td>" in html
    reduction = draft(REDUCTION, unit, operator)
    html = client.get(f"/cases/{reduction.pk}/step/2/?tab=single").content.decode()
    assert "未参保" not in html
