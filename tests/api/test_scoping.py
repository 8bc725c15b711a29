"""Every API read and action is scoped like the web: another unit's or region's case is 404,
a reviewer endpoint called by an operator is 403."""

from shebao.cases.models import CaseStatus
from shebao.identity.models import OperatorUnit
from tests import factories

from .conftest import client_for, declaration


def test_another_units_case_is_not_found(submitted, region):
    stranger = client_for(factories.operator(factories.unit(region_obj=region)))
    serial = submitted["serial_no"]

    detail = stranger.get(f"/api/v1/cases/{serial}")
    assert detail.status_code == 404
    assert detail.json()["detail"] == f"办件不存在：{serial}"
    assert stranger.post(f"/api/v1/cases/{serial}/withdraw").status_code == 404
    assert stranger.get("/api/v1/cases").json()["count"] == 0


def test_an_operator_cannot_decide(api, submitted):
    for action in ("approve", "reject"):
        response = api.post(f"/api/v1/cases/{submitted['serial_no']}/{action}", {"reason": "x"})
        assert response.status_code == 403
        assert response.json()["detail"] == "当前用户不是经办机构审核人员"
    assert api.get("/api/v1/review/cases").status_code == 403
    assert api.get(f"/api/v1/cases/{submitted['serial_no']}").json()["status"] == "under_review"


def test_another_regions_reviewer_sees_nothing(submitted):
    elsewhere = factories.region(code="420100", name="武汉市", provincial=False)
    reviewer = client_for(factories.reviewer(elsewhere))
    serial = submitted["serial_no"]

    assert reviewer.post(f"/api/v1/cases/{serial}/approve").status_code == 404
    assert reviewer.post(f"/api/v1/cases/{serial}/reject", {"reason": "x"}).status_code == 404
    assert reviewer.get(f"/api/v1/cases/{serial}").status_code == 404
    assert reviewer.get("/api/v1/review/cases").json()["count"] == 0


def test_the_regions_reviewer_reads_the_case_but_cannot_withdraw_it(review_api, submitted):
    serial = submitted["serial_no"]
    assert review_api.get(f"/api/v1/cases/{serial}").status_code == 200
    response = review_api.post(f"/api/v1/cases/{serial}/withdraw")
    assert response.status_code == 403
    assert response.json()["detail"] == "当前用户不是任何单位的经办人"


def test_a_user_with_no_role_is_forbidden(db):
    from django.contrib.auth import get_user_model

    nobody = client_for(get_user_model().objects.create_user("nobody", password="Test-pass-123"))
    assert nobody.get("/api/v1/cases/202401010000001").status_code == 403
    assert nobody.post("/api/v1/cases", declaration(), format="json").status_code == 403


def test_x_shebao_unit_picks_one_of_the_users_units(operator, unit, region):
    second = factories.unit(region_obj=region)
    OperatorUnit.objects.create(user=operator, unit=second)
    client = client_for(operator)

    response = client.post(
        "/api/v1/cases", declaration(), format="json", HTTP_X_SHEBAO_UNIT=second.unit_no
    )
    assert response.status_code == 201, response.json()
    serial = response.json()["serial_no"]
    assert second.cases.get().serial_no == serial

    # Without the header the operator acts for the first unit, which does not own the case.
    assert client.get(f"/api/v1/cases/{serial}").status_code == 404
    assert (
        client.get(f"/api/v1/cases/{serial}", HTTP_X_SHEBAO_UNIT=second.unit_no).json()["status"]
        == CaseStatus.UNDER_REVIEW
    )
    assert client.get("/api/v1/cases", HTTP_X_SHEBAO_UNIT=unit.unit_no).json()["count"] == 0


def test_x_shebao_unit_of_a_unit_the_user_does_not_serve_is_forbidden(api, region):
    other = factories.unit(region_obj=region)
    response = api.get("/api/v1/cases", HTTP_X_SHEBAO_UNIT=other.unit_no)
    assert response.status_code == 403
    assert response.json()["detail"] == f"当前用户不是单位 {other.unit_no} 的经办人"
