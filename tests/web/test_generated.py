"""The wizard is drawn from the spec for every registered service, and the batch files come
from the batch helpers (template, failed rows) and the documents app (PDF)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from shebao.services.registry import registry
from shebao.services.spec import Mode
from tests import factories

from .helpers import draft_case, enrolment_raw, submitted_case

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", [spec.code for spec in registry])
def test_every_service_gets_all_its_wizard_pages(code):
    spec = registry[code]
    # a unit of a region that offers the service (issue #12 §7)
    op_client = factories.client_of(
        factories.unit(region_obj=factories.region_offering(spec.areas))
    )
    step1 = op_client.post(f"/services/{code}/")["Location"]
    pk = int(step1.split("/")[2])
    assert spec.title in op_client.get(step1).content.decode()
    op_client.post(
        step1, {"declarant": "王建", "declarant_mobile": "18555555555", "agreement": "on"}
    )
    single = op_client.get(f"/cases/{pk}/step/2/?tab=single").content.decode()
    # a batch-only service (e.g. 重庆 人员批量增减) has no single form: its first tab is 批量添加
    columns = spec.row.columns() if Mode.SINGLE in spec.modes else []
    for col in columns:
        if col.name in ("unit_no", "unit_name"):
            assert f'name="{col.name}"' not in single  # greyed block instead
            continue
        if col.name in spec.pick_columns:  # ticked in an info table (none pending here)
            continue
        assert f'name="{col.name}"' in single
        if col.kind == "choice":
            for choice in col.choices[:3]:
                assert f'<option value="{choice}"' in single
        if col.group:
            assert f"<legend>{col.group}</legend>" in single
    tabs = ["results"]
    if Mode.BATCH in spec.modes:
        tabs.append("batch")
    if spec.materials:
        tabs.append("materials")
    else:
        assert "附件材料" not in single
    for tab in tabs:
        assert op_client.get(f"/cases/{pk}/step/2/?tab={tab}").status_code == 200


def test_template_download_is_the_specs_workbook(op_client):
    response = op_client.get("/services/hb_employee_enrolment/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''%E5%9C%A8%E8%81%8C" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    texts = {str(c.value) for row in sheet.iter_rows() for c in row if c.value}
    assert any("在职职工增员申报表" in t for t in texts)
    assert op_client.get("/services/no_such_service/template.xlsx").status_code == 404


def test_failed_rows_workbook_has_the_reasons(op_client, unit, operator):
    from shebao.cases import services as cases

    case = draft_case(unit, operator)
    cases.case_row_add(case=case, raw=enrolment_raw(id_number="512301198809010000"))
    page = op_client.get(f"/cases/{case.pk}/step/2/?tab=results").content.decode()
    assert f"/cases/{case.pk}/rows/failed.xlsx" in page
    response = op_client.get(f"/cases/{case.pk}/rows/failed.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    texts = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "512301198809010000" in texts and "校验位错误" in texts


def test_no_failed_rows_no_workbook(op_client, unit, operator):
    case = draft_case(unit, operator)
    assert op_client.get(f"/cases/{case.pk}/rows/failed.xlsx").status_code == 404


def test_report_pdf_of_a_submitted_case(op_client, unit, operator):
    case = submitted_case(unit, operator)
    response = op_client.get(f"/cases/{case.pk}/report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("inline;")


def test_step3_print_preview_of_a_draft(op_client, unit, operator):
    case = draft_case(unit, operator)
    response = op_client.get(f"/cases/{case.pk}/report.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
