"""Issue #10: a project's manager ID number, phone and bank account are masked wherever the
case is shown (申报表 PDF, the unit's and the reviewer's case page, the API)."""

import pytest
from django.urls import reverse

from shebao.cases import services as cases
from shebao.documents.pdf import case_report_html
from tests.api.conftest import client_for

from .helpers import CONSTRUCTION, construction_raw, draft, upload

pytestmark = pytest.mark.django_db

ACCOUNT = "6222021234567890123"


@pytest.fixture
def project_case(unit, operator):
    case = draft(CONSTRUCTION, unit, operator)
    raw = construction_raw(bank_account_name="测试建设有限公司", bank_account_no=ACCOUNT)
    assert cases.case_row_add(case=case, raw=raw).passed
    upload(case, "施工合同", operator)
    return cases.case_submit(case=case, actor=operator), raw


def assert_masked(text, raw):
    ident = raw["manager_id_number"]
    assert ident not in text
    assert ident[:6] + "********" + ident[-4:] in text
    assert "13800138000" not in text and "138****8000" in text
    assert ACCOUNT not in text and "6222***********0123" in text
    assert "18555555555" not in text  # the declarant's mobile


def test_case_report_masks_manager_id_phone_and_account(project_case):
    case, raw = project_case
    assert_masked(case_report_html(case), raw)


def test_unit_case_page_masks_them(project_case, op_client):
    case, raw = project_case
    response = op_client.get(reverse("case_detail", kwargs={"pk": case.pk}))
    assert response.status_code == 200
    assert_masked(response.content.decode(), raw)


def test_review_case_page_masks_them(project_case, rv_client):
    case, raw = project_case
    response = rv_client.get(reverse("backoffice:case", kwargs={"serial_no": case.serial_no}))
    assert response.status_code == 200
    assert_masked(response.content.decode(), raw)


def test_api_case_masks_them(project_case, operator):
    case, raw = project_case
    response = client_for(operator).get(f"/api/v1/cases/{case.serial_no}")
    assert response.status_code == 200
    data = response.json()["rows"][0]["data"]
    assert data["bank_account_no"] == "6222***********0123"
    assert_masked(response.content.decode(), raw)
