"""审核不通过 through the API names the rows it is about, as on the reviewer's page (issue #12
§4); the unit reads them in the case detail."""

from shebao.audit.models import AuditEvent
from shebao.cases.models import Case


def test_reject_with_rows_the_unit_reads_them(api, review_api, submitted):
    url = f"/api/v1/cases/{submitted['serial_no']}/reject"
    unknown = review_api.post(url, {"reason": "材料不齐全", "rows": [5]}, format="json")
    assert unknown.status_code == 400 and unknown.json()["detail"] == "办件没有第 5 行"

    response = review_api.post(url, {"reason": "材料不齐全", "rows": [1]}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    detail = api.get(f"/api/v1/cases/{submitted['serial_no']}").json()
    assert (detail["rejection_reason"], detail["rejection_rows"]) == ("材料不齐全", [1])
    case = Case.objects.get(serial_no=submitted["serial_no"])
    assert AuditEvent.objects.get(event_type="case.reject", case=case).detail["rows"] == [1]
