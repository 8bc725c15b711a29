"""Issue #10: an API certificate login is an AccessEvent of the certificate's unit."""

from shebao.identity.models import AccessEvent

from .conftest import login


def test_certificate_login_is_audited(issued, operator, unit):
    assert login(issued.pem, issued.token).status_code == 200
    event = AccessEvent.objects.get(action="api_login")
    assert (event.actor, event.unit, event.ip) == (operator, unit, "127.0.0.1")
    assert event.detail == {"method": "certificate"}
