"""回退 from the back office and the API: reason required, region-scoped, shown to the unit."""

from __future__ import annotations

import pytest

from shebao.cases import services as cases
from shebao.cases.models import CaseStatus
from tests import factories
from tests.api.conftest import client_for

from .helpers import submitted_case

pytestmark = pytest.mark.django_db


def test_back_office_rollback_with_reason_shown_to_the_unit(
    rv_client, op_client, unit, operator, reviewer
):
    case = cases.case_approve(case=submitted_case(unit, operator), reviewer=reviewer)
    page = rv_client.get(f"/backoffice/cases/{case.serial_no}/").content.decode()
    assert "办件回退" in page

    missing = rv_client.post(f"/backoffice/cases/{case.serial_no}/rollback/", {"reason": ""})
    assert missing.status_code == 400 and "回退必须填写原因" in missing.content.decode()

    done = rv_client.post(
        f"/backoffice/cases/{case.serial_no}/rollback/", {"reason": "人员信息有误"}, follow=True
    )
    assert f"办件 {case.serial_no} 已回退" in done.content.decode()
    assert "办件回退" not in done.content.decode()
    record = op_client.get(f"/cases/serial/{case.serial_no}/", follow=True).content.decode()
    assert "已回退" in record and "人员信息有误" in record


def test_another_regions_reviewer_gets_404(unit, operator, reviewer, other_region):
    case = cases.case_approve(case=submitted_case(unit, operator), reviewer=reviewer)
    stranger = factories.reviewer(other_region)
    response = client_for(stranger).post(
        f"/api/v1/cases/{case.serial_no}/rollback", {"reason": "撤回"}, format="json"
    )
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED


def test_api_rollback(unit, operator, reviewer):
    case = cases.case_approve(case=submitted_case(unit, operator), reviewer=reviewer)
    api = client_for(reviewer)
    refused = api.post(f"/api/v1/cases/{case.serial_no}/rollback", {}, format="json")
    assert refused.status_code == 400 and "回退必须填写原因" in refused.json()["detail"]
    done = api.post(
        f"/api/v1/cases/{case.serial_no}/rollback", {"reason": "重复申报"}, format="json"
    )
    assert done.status_code == 200, done.json()
    body = done.json()
    assert body["status"] == "rolled_back" and body["rollback_reason"] == "重复申报"
    assert body["effect"]["rollback"] == {"enrolments_removed": 2}
