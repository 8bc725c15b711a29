"""Issue #10: an API certificate login is an access audit event of the certificate's unit."""

from shebao.audit.models import AuditEvent

from .conftest import login


def test_certificate_login_is_audited(issued, operator, unit):
    assert login(issued.pem, issued.token).status_code == 200
    event = AuditEvent.objects.get(event_type="access.api_login")
    assert (event.actor, event.acting_unit, event.ip) == (operator, unit, "127.0.0.1")
    assert event.detail == {"method": "certificate"}
