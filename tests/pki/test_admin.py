"""The CA admin shows no private key and revokes through the audited service."""

from django.contrib.auth import get_user_model
from django.test import Client

from shebao.pki.models import PkiEvent, UnitCertificate

from .conftest import issue


def admin_client():
    user = get_user_model().objects.create_superuser("ca_admin", password="Admin-pass-123")
    client = Client()
    client.force_login(user)
    return client, user


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
    event = PkiEvent.objects.get(action=PkiEvent.Action.REVOKE)
    assert (event.actor, event.ip, event.certificate) == (user, "10.9.8.7", first.record)


def test_viewers_without_change_permission_cannot_revoke(ca, unit):
    from django.contrib.auth.models import Permission

    viewer = get_user_model().objects.create_user("ca_viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_unitcertificate"))
    client = Client()
    client.force_login(viewer)
    issued = issue(unit)
    assert client.get("/admin/pki/unitcertificate/").status_code == 200
    client.post(
        "/admin/pki/unitcertificate/",
        {"action": "revoke_key_compromise", "_selected_action": [issued.record.pk]},
    )
    issued.record.refresh_from_db()
    assert issued.record.status == UnitCertificate.Status.VALID
