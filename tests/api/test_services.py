"""GET /api/v1/services and the roster template download."""

import io
from urllib.parse import quote

import openpyxl

from .conftest import ENROLMENT, SUSPENSION


def test_every_registered_service_is_listed_with_its_row_schema(api):
    response = api.get("/api/v1/services")
    assert response.status_code == 200
    services = {s["code"]: s for s in response.json()}
    assert {ENROLMENT, SUSPENSION} <= set(services)

    enrolment = services[ENROLMENT]
    assert enrolment["title"] == "单位职工参保登记/续保"
    assert enrolment["section"] == "§3.3.3"
    assert enrolment["modes"] == ["batch", "single"]
    assert enrolment["review"] == "agency"
    assert enrolment["template_title"] == "在职职工增员申报表"
    assert enrolment["materials"] == [
        {"name": "劳动合同", "group": "可选", "note": "新进职工的劳动合同（可选）"}
    ]
    columns = {c["name"]: c for c in enrolment["columns"]}
    assert columns["id_number"]["label"] == "身份证号码"
    assert columns["id_number"]["required"] is True
    assert columns["ethnicity"]["type"] == "choice"
    assert "汉族" in columns["ethnicity"]["choices"]
    assert columns["pension"]["type"] == "tick" and columns["pension"]["required"] is False
    assert enrolment["row_schema"]["properties"]["id_number"]["title"] == "身份证号码"
    assert enrolment["row_schema_ref"] == f"#/components/schemas/{ENROLMENT}_row"

    reasons = {c["name"]: c for c in services[SUSPENSION]["columns"]}["reason"]["choices"]
    assert "职工发生辞职(退)" in reasons


def test_template_is_a_real_xlsx_named_after_the_template_title(api):
    response = api.get(
        f"/api/v1/services/{ENROLMENT}/template",
        HTTP_ACCEPT="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    disposition = response["Content-Disposition"]
    assert f"filename*=UTF-8''{quote('在职职工增员申报表.xlsx')}" in disposition
    assert 'filename="hb_employee_enrolment.xlsx"' in disposition

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = {
        str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
    }
    assert any("在职职工增员申报表" in c for c in cells)
    assert any("身份证号码" in c for c in cells)


def test_template_of_an_unknown_service_is_404(api):
    response = api.get("/api/v1/services/no_such_service/template")
    assert response.status_code == 404
    assert response.json()["detail"] == "没有这项业务：no_such_service"
