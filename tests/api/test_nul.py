"""A NUL character (PostgreSQL text holds none) is refused with a 400 and a reason, never a 500:
in the URL and query string (middleware) and in a row's cells (row validation).
"""

import pytest

from shebao.cases.models import Case, CaseRow
from shebao.core.middleware import NUL_REFUSED
from shebao.services.registry import registry
from shebao.services.validation import NUL_IN_CELL, parse_rows

from .conftest import ENROLMENT, declaration, enrolment_row


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/cases?serial_no=%00",
        "/api/v1/cases?service=a%00",
        "/api/v1/cases/%00",
        "/api/v1/queries/%00",
        "/api/v1/services/%00/template",
        "/api/v1/cases?%00=1",
    ],
)
def test_a_nul_in_the_url_is_a_400_with_the_reason(api, url):
    response = api.get(url)
    assert response.status_code == 400
    assert response.json() == {"detail": NUL_REFUSED}


def test_the_web_refuses_it_too(op_client):
    response = op_client.get("/cases/?serial_no=%00")
    assert response.status_code == 400
    assert NUL_REFUSED in response.content.decode()


def test_a_nul_in_a_cell_fails_that_row(api):
    response = api.post(
        f"/api/v1/services/{ENROLMENT}/validate",
        {"rows": [enrolment_row(name="李\x00四"), enrolment_row()]},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert [p["row"] for p in body["passed"]] == [2]
    assert body["failed"] == [{"row": 1, "errors": [{"column": "姓名", "message": NUL_IN_CELL}]}]


def test_a_declaration_with_a_nul_is_refused_and_nothing_is_stored(api):
    response = api.post("/api/v1/cases", declaration(enrolment_row(name="李\x00四")), format="json")
    assert response.status_code == 400
    assert response.json()["failed"][0]["errors"][0]["message"] == NUL_IN_CELL
    assert not Case.objects.exists() and not CaseRow.objects.exists()


def test_nested_and_key_nuls_are_caught_and_shown_replaced():
    (item,) = parse_rows(
        spec=registry[ENROLMENT], rows=[(1, {"x\x00": {"a": ["b\x00"]}, "name": "李四"})]
    )
    assert item.model is None
    assert [e.message for e in item.errors] == [NUL_IN_CELL]
    assert item.raw == {"x\ufffd": {"a": ["b\ufffd"]}, "name": "李四"}
