"""The CA admin shows no private key and revokes through the audited service."""

from shebao.audit.models import AuditEvent
from shebao.audit.types import EventType
from shebao.pki.models import UnitCertificate
from tests import factories

from .conftest import issue


def admin_client():
    user = factories.admin_user("ca_admin")
    return factories.staff_client(user), user


def test_ca_page_hides_the_private_key(ca):
    client, _ = admin_client()
    page = client.get(f"/admin/pki/certificateauthority/{ca[1].pk}/change/")
    assert page.status_code == 200
    assert "ENCRYPTED PRIVATE KEY" not in page.content.decode()
    assert "BEGIN CERTIFICATE" in page.content.decode()


def test_admin_action_revokes_with_audit(ca, unit):
    client, user = admin_client()
    first, second = issue(unit), issue(unit)
    response = client.post(
        "/admin/pki/unitcertificate/",
        {"action": "revoke_key_compromise", "_selected_action": [first.record.pk]},
        REMOTE_ADDR="10.9.8.7",
    )
    assert response.status_code == 302
    first.record.refresh_from_db()
    second.record.refresh_from_db()
    assert first.record.status == UnitCertificate.Status.REVOKED
    assert second.record.status == UnitCertificate.Status.VALID
    event = AuditEvent.objects.get(event_type=EventType.PKI_REVOKE)
    assert (event.actor, event.ip, event.subject_certificate) == (user, "10.9.8.7", first.record)


def test_viewers_without_change_permission_cannot_revoke(ca, unit):
    from django.contrib.auth.models import Permission

    viewer = factories.admin_user("ca_viewer", superuser=False)
    viewer.user_permissions.add(Permission.objects.get(codename="view_unitcertificate"))
    client = factories.staff_client(viewer)
    issued = issue(unit)
    assert client.get("/admin/pki/unitcertificate/").status_code == 200
    client.post(
        "/admin/pki/unitcertificate/",
        {"action": "revoke_key_compromise", "_selected_action": [issued.record.pk]},
    )
    issued.record.refresh_from_db()
    assert issued.record.status == UnitCertificate.Status.VALID
