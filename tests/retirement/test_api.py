"""The retirement application through the API: sub-tables as nested arrays, keyed by field
names or the template's labels, each sub-row validated with its own reasons."""

from __future__ import annotations

import pytest

from shebao.api.rowschema import row_schema
from shebao.services.registry import registry
from tests.api.conftest import client_for

from .helpers import form, retiring

pytestmark = pytest.mark.django_db
CODE = "hb_normal_retirement_application"


def test_nested_rows_by_name_or_label(unit, operator):
    person = retiring(unit)
    api = client_for(operator)
    raw = form(person)
    labelled = {
        **{k: v for k, v in raw.items() if k != "work_history"},
        "工作经历": [
            {"开始年月": "198601", "结束年月": "200512", "职务或工种": "工人"},
            {"开始年月": "2006-13", "职务或工种": "车工"},
        ],
    }
    response = api.post(f"/api/v1/services/{CODE}/validate", {"rows": [labelled]}, format="json")
    assert response.status_code == 200, response.json()
    (failed,) = response.json()["failed"]
    assert failed["errors"][0]["column"] == "工作经历第2行"
    assert failed["errors"][0]["message"].startswith("【开始年月】")

    response = api.post(f"/api/v1/services/{CODE}/validate", {"rows": [raw]}, format="json")
    assert response.json()["failed"] == [], response.json()
    empty = {**raw, "work_history": []}
    response = api.post(f"/api/v1/services/{CODE}/validate", {"rows": [empty]}, format="json")
    (failed,) = response.json()["failed"]
    assert {"column": "工作经历", "message": "工作经历不能为空"}.items() <= failed["errors"][
        0
    ].items()


def test_schema_documents_the_sub_tables_as_nested_arrays():
    schema = row_schema(registry[CODE])
    work = schema["properties"]["work_history"]
    assert work["type"] == "array" and work["minItems"] == 1
    assert work["items"]["properties"]["start_month"]["title"] == "开始年月"
    assert "$ref" not in str(schema)
    assert work["items"]["properties"]["special_job_type"]["enum"][0] == "井下"
