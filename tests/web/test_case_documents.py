"""Every document a case produced is reachable (issue #12 §2): from the result page, the
case page, the queries that list it and the API, all through ``documents.catalogue``."""

import pytest

from shebao.contributions.models import Bill
from shebao.documents.catalogue import case_documents
from tests.api.conftest import client_for
from tests.contributions.arrears_helpers import pay
from tests.contributions.conftest import policy  # noqa: F401  (a fixture)
from tests.contributions.test_bills import declared, issue  # noqa: F401  (a fixture)
from tests.documents import builders
from tests.web.helpers import draft_case


@pytest.fixture
def billed(request, unit, operator):
    """§3.3.26 issued one 应缴认定单 for WE-01/02's 202103."""
    request.getfixturevalue("declared")
    return issue(unit, operator)


def bill_link(bill: Bill) -> str:
    return f'href="/bills/{bill.document_no}.pdf"'


def test_the_result_page_links_the_bill_and_the_report(op_client, billed):
    case, bill = billed
    html = op_client.get(f"/cases/{case.pk}/result/").content.decode()
    assert bill_link(bill) in html and "社会保险费应缴认定单" in html
    assert f'href="/cases/{case.pk}/report.pdf"' in html


def test_the_case_page_links_the_bill(op_client, billed):
    case, bill = billed
    response = op_client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "相关单据" in html and bill_link(bill) in html and bill.document_no in html


def test_the_linked_bill_opens(op_client, billed):
    _case, bill = billed
    response = op_client.get(f"/bills/{bill.document_no}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_business_documents_query_links_the_bill_and_its_case(op_client, billed):
    case, bill = billed
    html = op_client.get("/queries/hb_business_documents/").content.decode()
    assert f'<a href="/bills/{bill.document_no}.pdf">{bill.document_no}</a>' in html
    assert f'<a href="/cases/serial/{case.serial_no}/">{case.serial_no}</a>' in html
    assert op_client.get(f"/cases/serial/{case.serial_no}/", follow=True).status_code == 200


def test_arrival_query_links_the_bill(op_client, billed, region):
    _case, bill = billed
    pay(region, bill)
    html = op_client.get("/queries/hb_arrival_info/").content.decode()
    assert f'<a href="/bills/{bill.document_no}.pdf">{bill.document_no}</a>' in html


def test_the_api_lists_the_documents(operator, billed):
    case, bill = billed
    data = client_for(operator).get(f"/api/v1/cases/{case.serial_no}").json()
    report, payment = data["documents"]
    assert report["kind"] == "report" and report["number"] == case.serial_no
    assert report["url"] == f"http://testserver/cases/{case.pk}/report.pdf"
    assert payment == {
        "kind": "bill",
        "number": bill.document_no,
        "title": "社会保险费应缴认定单",
        "url": f"http://testserver/bills/{bill.document_no}.pdf",
        "status": bill.get_status_display(),
    }


def test_one_list_for_every_channel(unit, operator, billed):
    case, bill = billed
    kinds = [(d.kind, d.number) for d in case_documents(case)]
    assert kinds == [("report", case.serial_no), ("bill", bill.document_no)]
    enrolment = builders.enrolment_case(unit, operator, people=["张伟"])
    (report,) = case_documents(enrolment)
    assert (report.kind, report.title) == ("report", "在职职工增员申报表")
    assert case_documents(draft_case(unit, operator)) == []
