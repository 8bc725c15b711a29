"""Issue #10 §2: validation tells unit B nothing about unit A's staff whose ID numbers it types.

Each test fails on the code before the fix, where the reasons named the registered name
(“该身份证号码已登记的姓名为“欧阳秘密””) and the employer (“该职工已在武汉甲…正常参加…”).
"""

from __future__ import annotations

import io
import json
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shebao.cases.models import CaseRow
from shebao.registry.disclosure import INSURED_ELSEWHERE, NAME_MISMATCH
from shebao.services.registry import registry
from shebao.services.validation import validate_rows
from tests.api.conftest import client_for, declaration, enrolment_row
from tests.web.helpers import draft_case, enrolment_form

from .conftest import leaked, secrets_of

pytestmark = pytest.mark.django_db

ID_COLUMNS = ("id_number",)


def example_row(spec: Any, **values: Any) -> dict[str, Any]:
    """A row of the spec's template examples, the unit columns left out."""
    row = {c.name: c.example for c in spec.row.columns() if c.example}
    row.pop("unit_no", None)
    row.pop("unit_name", None)
    names = {c.name for c in spec.row.columns()}
    row.update({k: v for k, v in values.items() if k in names})
    return row


def test_web_single_row_names_neither_the_person_nor_the_other_unit(
    op_client, unit, operator, unit_a, a_staff
):
    case = draft_case(unit, operator, rows=0)
    person = a_staff[0]
    response = op_client.post(
        f"/cases/{case.pk}/rows/add/",
        enrolment_form(id_number=person.id_number, name="欧阳某"),
        follow=True,
    )
    page = response.content.decode()
    assert NAME_MISMATCH in page and INSURED_ELSEWHERE in page
    stored = CaseRow.objects.get(case=case)
    assert not stored.passed
    secrets = secrets_of(unit_a, a_staff)
    assert leaked(page, secrets) == []
    assert leaked(json.dumps(stored.errors, ensure_ascii=False), secrets) == []


def test_web_upload_and_error_workbook_name_nobody(op_client, unit, operator, unit_a, a_staff):
    case = draft_case(unit, operator, rows=0)
    header = "身份证号码,姓名,民族,本次申报参工时间,月缴费工资,城镇职工养老保险 (A),失业保险 (√),工伤保险 (√),联系电话 (手机)"
    lines = [header] + [
        f"{p.id_number},王{'一二'[i]}明,汉族,2024-03-01,5000,√,√,,13812345678"
        for i, p in enumerate(a_staff)
    ]
    upload = SimpleUploadedFile(
        "在职职工增员申报表.csv", "\n".join(lines).encode("gbk"), "text/csv"
    )
    page = op_client.post(f"/cases/{case.pk}/imports/", {"file": upload}, follow=True)
    secrets = secrets_of(unit_a, a_staff)
    assert "校验不通过 2 行" in page.content.decode()
    results = op_client.get(f"/cases/{case.pk}/step/2/?tab=results").content.decode()
    assert INSURED_ELSEWHERE in results
    assert leaked(page.content.decode() + results, secrets) == []
    book = op_client.get(f"/cases/{case.pk}/rows/failed.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(book.content)).worksheets[0]
    cells = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)
    assert NAME_MISMATCH in cells
    assert leaked(cells, secrets) == []


def test_api_validate_and_declare_name_nobody(operator, unit, unit_a, a_staff):
    api = client_for(operator)
    rows = [enrolment_row(id_number=p.id_number, name="张冒名") for p in a_staff]
    checked = api.post(
        "/api/v1/services/hb_employee_enrolment/validate", {"rows": rows}, format="json"
    )
    declared = api.post("/api/v1/cases", declaration(*rows), format="json")
    assert checked.status_code == 200 and declared.status_code == 400
    body = checked.content.decode() + declared.content.decode()
    assert NAME_MISMATCH in json.loads(checked.content)["failed"][0]["errors"][0]["message"]
    assert leaked(body, secrets_of(unit_a, a_staff)) == []


@pytest.mark.parametrize(
    "code",
    [s.code for s in registry if any(c.name in ID_COLUMNS for c in s.row.columns())],
)
def test_no_service_names_another_units_person(code, unit, unit_a, a_staff):
    """Every service with an ID-number column, the row typed from its template's examples."""
    spec = registry[code]
    person = a_staff[0]
    row = example_row(spec, id_number=person.id_number, name="欧阳某", person_no="10000000001")
    result = validate_rows(spec=spec, unit=unit, rows=[(1, row)])
    text = " ".join(str(e) for item in result.rows for e in item.errors)
    assert leaked(text, secrets_of(unit_a, a_staff)) == []
