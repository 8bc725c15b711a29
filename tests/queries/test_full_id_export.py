"""Issue #10: the unit exports its own staff with full ID numbers only through the explicit
导出完整证件号码 option; masked by default; every export is an access audit event."""

from __future__ import annotations

import pytest

from shebao.audit.models import AuditEvent
from shebao.registry.choices import InsuranceType
from tests import factories

from .test_queries import sheet_rows

pytestmark = pytest.mark.django_db

URL = "/queries/unit_insured_staff/export.xlsx"


@pytest.fixture
def staff(unit):
    people = [factories.person(name=f"王{n}明") for n in "一二三"]
    for person in people:
        factories.enrol(person, unit, InsuranceType.PENSION)
    return people


def test_the_option_is_offered_on_the_staff_query_only(op_client):
    assert (
        "导出完整证件号码（将记录审计）"
        in op_client.get("/queries/unit_insured_staff/").content.decode()
    )
    assert "导出完整证件号码" not in op_client.get("/queries/unit_projects/").content.decode()


def test_default_export_is_masked_and_audited(op_client, staff, operator, unit):
    rows = sheet_rows(op_client.post(URL, {"scope": "all"}))
    idents = {r[2] for r in rows[3:]}
    assert not idents & {p.id_number for p in staff}
    assert all("********" in i for i in idents)
    event = AuditEvent.objects.get(event_type="access.export")
    assert (event.actor, event.acting_unit, event.ip) == (operator, unit, "127.0.0.1")
    assert event.detail == {
        "query": "unit_insured_staff",
        "scope": "all",
        "filters": {},
        "rows": 3,
        "full_id_numbers": False,
    }


def test_full_id_numbers_on_the_explicit_option_audited(op_client, staff, other_unit):
    stranger = factories.person(name="外单位人")
    factories.enrol(stranger, other_unit, InsuranceType.PENSION)
    response = op_client.post(URL, {"scope": "all", "full_id_numbers": "1"})
    rows = sheet_rows(response)
    assert "含完整证件号码" in rows[1][0]
    assert {r[2] for r in rows[3:]} == {p.id_number for p in staff}  # own staff only
    event = AuditEvent.objects.get(event_type="access.export")
    assert event.detail["full_id_numbers"] is True and event.detail["rows"] == 3


def test_a_query_without_the_option_refuses_full_numbers(op_client, unit):
    response = op_client.post(
        "/queries/project_roster/export.xlsx", {"scope": "all", "full_id_numbers": "1"}
    )
    assert response.status_code == 400
    assert "“项目人员查询”不提供完整证件号码导出" in response.content.decode()
    assert not AuditEvent.objects.filter(event_type="access.export").exists()
