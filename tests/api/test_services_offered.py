"""The API offers a unit its region's services only (issue #12 §7), as the home page does."""

import pytest

from shebao.cases.models import Case
from tests import factories

from .conftest import ENROLMENT, client_for, declaration, enrolment_row

pytestmark = pytest.mark.django_db

CQ_CHANGE = "cq_construction_project_personnel_change"


def test_a_hubei_unit_is_listed_hubei_services_and_queries_only(api):
    listed = {s["code"]: s for s in api.get("/api/v1/services").json()}
    codes = set(listed)
    assert ENROLMENT in codes and all(c.startswith("hb_") for c in codes), codes
    assert listed[ENROLMENT]["module"] == "social_insurance_registration"
    assert listed[ENROLMENT]["module_title"] == "社会保险登记"

    queries = {q["code"] for q in api.get("/api/v1/queries").json()}
    assert "hb_contribution_summary" in queries
    assert "cq_personnel_change_results" not in queries
    assert "nj_ca_user_review_status" not in queries


def test_a_chongqing_unit_is_listed_chongqing_services_only():
    unit = factories.unit(region_obj=factories.chongqing_region())
    api = client_for(factories.operator(unit))
    codes = {s["code"] for s in api.get("/api/v1/services").json()}
    assert codes == {CQ_CHANGE, "cq_online_business_application"}


def test_a_reviewer_is_listed_the_services_of_their_region(review_api):
    codes = {s["code"] for s in review_api.get("/api/v1/services").json()}
    assert ENROLMENT in codes and CQ_CHANGE not in codes


def test_another_areas_service_is_refused_with_the_reason(api):
    for response in (
        api.get(f"/api/v1/services/{CQ_CHANGE}/template"),
        api.post(f"/api/v1/services/{CQ_CHANGE}/validate", {"rows": [{}]}, format="json"),
        api.get("/api/v1/queries/cq_personnel_change_results"),
    ):
        assert response.status_code == 403, response.content
        assert "只在重庆市办理" in response.json()["detail"]

    declared = api.post(
        "/api/v1/cases", {**declaration(enrolment_row()), "service": CQ_CHANGE}, format="json"
    )
    assert declared.status_code == 400 and "只在重庆市办理" in declared.json()["detail"]
    assert not Case.objects.exists()
