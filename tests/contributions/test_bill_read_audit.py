"""Issue #10: a bill PDF download is an access audit event (who, which document, when, IP)."""

from shebao.audit.models import AuditEvent

from .test_bills import declared, issue  # noqa: F401  (fixture)


def test_bill_pdf_download_is_audited(op_client, other_client, unit, operator, declared):  # noqa: F811
    _case, bill = issue(unit, operator)
    assert op_client.get(f"/bills/{bill.document_no}.pdf").status_code == 200
    assert other_client.get(f"/bills/{bill.document_no}.pdf").status_code == 404
    event = AuditEvent.objects.get(event_type="access.pdf_download")
    assert (event.actor, event.acting_unit, event.ip) == (operator, unit, "127.0.0.1")
    assert event.detail == {"document": "bill", "document_no": bill.document_no}
