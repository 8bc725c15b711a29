"""The reviewer's queue and decisions; the unit sees the outcome and the reason."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from shebao.cases.models import Case, CaseStatus
from shebao.registry.models import Enrolment
from tests import factories

from .helpers import submitted_case

pytestmark = pytest.mark.django_db


def test_queue_is_the_regions_under_review_by_due_date_with_overdue_flag(
    rv_client, unit, operator, other_unit, other_operator
):
    late = submitted_case(unit, operator)
    Case.objects.filter(pk=late.pk).update(due_date=dt.date(2020, 1, 2))
    fresh = submitted_case(unit, operator)
    foreign = submitted_case(other_unit, other_operator)
    response = rv_client.get("/backoffice/")
    assert list(response.context["page"].object_list) == [late, fresh]
    page = response.content.decode()
    assert foreign.serial_no not in page
    assert page.count("已超期") == 1
    assert "2020-01-02" in page


def test_queue_filters_by_status_and_service(rv_client, unit, operator, reviewer):
    decided = submitted_case(unit, operator)
    from shebao.cases import services as cases

    cases.case_reject(case=decided, reviewer=reviewer, reason="材料不全")
    waiting = submitted_case(unit, operator)
    assert list(rv_client.get("/backoffice/").context["page"].object_list) == [waiting]
    rejected = rv_client.get("/backoffice/", {"status": "rejected"})
    assert list(rejected.context["page"].object_list) == [decided]
    everything = rv_client.get("/backoffice/", {"status": ""})
    assert set(everything.context["page"].object_list) == {decided, waiting}
    other_service = rv_client.get("/backoffice/", {"service": "hb_employee_insurance_suspension"})
    assert list(other_service.context["page"].object_list) == []


def test_approve_applies_once_and_a_second_click_says_already_decided(rv_client, unit, operator):
    case = submitted_case(unit, operator)
    page = rv_client.get(f"/backoffice/cases/{case.serial_no}/").content.decode()
    assert "审核通过" in page and "审核不通过原因" in page and unit.name in page
    assert "在职职工增员申报表" in page

    confirm = rv_client.post(f"/backoffice/cases/{case.serial_no}/approve/").content.decode()
    token = re.search(r'name="confirmation" value="([^"]+)"', confirm).group(1)
    url = f"/backoffice/cases/{case.serial_no}/approve/"
    response = rv_client.post(url, {"confirmation": token}, follow=True)
    assert f"办件 {case.serial_no} 审核通过" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    count = Enrolment.objects.filter(unit=unit).count()
    assert count == 2  # pension + unemployment

    again = rv_client.post(url, {"confirmation": token}, follow=True)
    assert "该办件已审核（审核通过），不能重复处理" in again.content.decode()
    assert Enrolment.objects.filter(unit=unit).count() == count


def test_reject_needs_a_reason_and_the_unit_sees_it(rv_client, op_client, unit, operator):
    case = submitted_case(unit, operator)
    response = rv_client.post(f"/backoffice/cases/{case.serial_no}/reject/", {"reason": "  "})
    assert response.status_code == 400
    assert "审核不通过必须填写原因" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.UNDER_REVIEW

    reason = "月缴费工资与劳动合同不一致，请核实后重新申报"
    rv_client.post(f"/backoffice/cases/{case.serial_no}/reject/", {"reason": reason})
    case.refresh_from_db()
    assert case.status == CaseStatus.REJECTED and case.rejection_reason == reason

    page = op_client.get(f"/cases/{case.pk}/").content.decode()
    assert "审核不通过原因" in page and reason in page
    listing = op_client.get("/cases/").content.decode()
    assert "审核不通过" in listing


def test_a_reviewer_of_another_region_gets_404(unit, operator, other_region):
    case = submitted_case(unit, operator)
    stranger = factories.staff_client(factories.reviewer(other_region))
    assert stranger.get(f"/backoffice/cases/{case.serial_no}/").status_code == 404
    assert stranger.post(f"/backoffice/cases/{case.serial_no}/approve/").status_code == 404
    assert (
        stranger.post(f"/backoffice/cases/{case.serial_no}/reject/", {"reason": "x"}).status_code
        == 404
    )
    assert Case.objects.get(pk=case.pk).status == CaseStatus.UNDER_REVIEW
    assert case.serial_no not in stranger.get("/backoffice/").content.decode()


def test_an_operator_is_not_a_reviewer(op_client):
    assert op_client.get("/backoffice/").status_code == 403


def test_a_reviewer_lands_on_the_queue(rv_client):
    assert rv_client.get("/")["Location"] == "/backoffice/"


def test_reviewer_opens_the_cases_material_and_pdf(rv_client, unit, operator, other_region):
    import io

    from PIL import Image

    from shebao.cases import services as cases
    from shebao.cases.materials import material_upload

    from .helpers import draft_case

    case = draft_case(unit, operator)
    image = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(image, format="JPEG")
    image.seek(0)
    image.name = "合同.jpg"
    material = material_upload(case=case, material="劳动合同", uploaded_file=image, actor=operator)
    case = cases.case_submit(case=case, actor=operator)

    page = rv_client.get(f"/backoffice/cases/{case.serial_no}/").content.decode()
    url = f"/backoffice/cases/{case.serial_no}/materials/{material.pk}/"
    assert url in page and "合同.jpg" in page
    response = rv_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    pdf = rv_client.get(f"/backoffice/cases/{case.serial_no}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    stranger = factories.staff_client(factories.reviewer(other_region))
    assert stranger.get(url).status_code == 404
    assert stranger.get(f"/backoffice/cases/{case.serial_no}/report.pdf").status_code == 404


def test_a_draft_is_not_in_the_back_office(rv_client, unit, operator):
    from .helpers import draft_case

    case = draft_case(unit, operator)
    assert case.serial_no is None
    assert rv_client.get("/backoffice/", {"status": ""}).context["page"].paginator.count == 0
