"""Who sees what: the applicant unit and CA staff only; CA staff need the second factor."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shebao.identity.staff import is_staff_member
from shebao.pki.selfservice import services
from shebao.pki.selfservice.models import CertificateOrder, OrderStatus
from tests import factories

from .orders import ca_staff, started, submitted


@pytest.fixture
def staff(db):
    return ca_staff()


@pytest.fixture
def ca_client(staff):
    return factories.staff_client(staff)


def test_reject_needs_a_reason_which_the_applicant_sees(ca, unit, operator, op_client, ca_client):
    order = submitted(unit, operator)
    empty = ca_client.post(reverse("pki_staff_reject", args=[order.pk]), {"reason": " "})
    assert empty.status_code == 400 and "必须填写原因" in empty.content.decode()
    assert CertificateOrder.objects.get(pk=order.pk).status == OrderStatus.SUBMITTED
    reason = "电子签章取样表印章压线，请重新盖章后上传"
    response = ca_client.post(reverse("pki_staff_reject", args=[order.pk]), {"reason": reason})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.REJECTED and order.reason == reason
    assert reason in op_client.get(reverse("pki_orders")).content.decode()
    assert reason in op_client.get(reverse("pki_order", args=[order.pk])).content.decode()
    late = ca_client.post(reverse("pki_staff_approve", args=[order.pk]))
    assert late.status_code == 302
    assert CertificateOrder.objects.get(pk=order.pk).status == OrderStatus.REJECTED


def test_another_units_order_and_materials_are_404(ca, unit, operator, other_client):
    order = submitted(unit, operator)
    material = order.materials.first()
    for url in (
        reverse("pki_order", args=[order.pk]),
        reverse("pki_order_info", args=[order.pk]),
        reverse("pki_order_pdf", args=[order.pk]),
        reverse("pki_order_material", args=[order.pk, material.pk]),
    ):
        assert other_client.get(url).status_code == 404, url
    download = other_client.post(
        reverse("pki_order_download", args=[order.pk]), {"pin": "Qz8-wB41", "pin_again": "Qz8-wB41"}
    )
    assert download.status_code == 404
    assert order.order_no not in other_client.get(reverse("pki_orders")).content.decode()


def test_a_material_is_served_only_through_its_own_order(ca, unit, operator, op_client, staff):
    first = submitted(unit, operator)
    services.order_reject(order=first, actor=staff, reason="资料不清晰")
    second = submitted(unit, operator)  # the first is decided: a new order may start
    material = first.materials.first()
    ok = op_client.get(reverse("pki_order_material", args=[first.pk, material.pk]))
    assert ok.status_code == 200 and ok["Cache-Control"] == "private, no-store"
    crossed = reverse("pki_order_material", args=[second.pk, material.pk])
    assert op_client.get(crossed).status_code == 404


def test_staff_pages_refuse_operators_and_agency_reviewers(
    ca, unit, operator, op_client, rv_client
):
    order = submitted(unit, operator)
    for client in (op_client, rv_client):
        assert client.get(reverse("pki_staff_queue")).status_code == 403
        assert client.get(reverse("pki_staff_order", args=[order.pk])).status_code == 403
        assert client.post(reverse("pki_staff_approve", args=[order.pk])).status_code == 403
    assert CertificateOrder.objects.get(pk=order.pk).status == OrderStatus.SUBMITTED


def test_unverified_ca_staff_are_sent_to_log_in_again(ca, unit, operator, staff):
    order = submitted(unit, operator)
    client = Client()
    client.force_login(staff)  # password only, no TOTP proof in the session
    response = client.get(reverse("pki_staff_order", args=[order.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.post(reverse("pki_staff_approve", args=[order.pk])).status_code == 302
    assert CertificateOrder.objects.get(pk=order.pk).status == OrderStatus.SUBMITTED


def test_ca_staff_without_a_device_bind_one(ca, db):
    user = ca_staff()
    user.totpdevice_set.all().delete()
    client = Client()
    client.force_login(user)
    response = client.get(reverse("pki_staff_queue"))
    assert response.status_code == 302 and response["Location"] == reverse("totp_setup")


def test_ca_staff_log_in_with_password_and_totp(ca, staff):
    assert is_staff_member(staff)
    client = Client()
    refused = client.post(
        reverse("login"), {"username": staff.username, "password": "Test-pass-123"}
    )
    assert refused.status_code == 200 and "动态口令" in refused.content.decode()
    response = client.post(
        reverse("login"),
        {
            "username": staff.username,
            "password": "Test-pass-123",
            "otp_token": factories.totp_code(staff),
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).url == reverse("pki_staff_queue")
    assert client.get(reverse("pki_staff_queue")).status_code == 200


def test_queue_is_ordered_by_due_date_and_flags_overdue(ca, unit, operator, ca_client, other_unit):
    other_op = factories.operator(other_unit)
    late = submitted(unit, operator)
    early = submitted(other_unit, other_op)
    CertificateOrder.objects.filter(pk=late.pk).update(
        due_date=timezone.localdate() + dt.timedelta(days=3)
    )
    CertificateOrder.objects.filter(pk=early.pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=1)
    )
    response = ca_client.get(reverse("pki_staff_queue"))
    orders = list(response.context["page"].object_list)
    assert [o.pk for o in orders] == [early.pk, late.pk]
    html = response.content.decode()
    assert html.count("已超期") == 1
    assert html.index(early.order_no) < html.index("已超期") < html.index(late.order_no)
    services.order_approve(order=early, actor=ca_staff())
    assert [
        o.pk for o in ca_client.get(reverse("pki_staff_queue")).context["page"].object_list
    ] == [late.pk]


def test_drafts_are_not_visible_to_ca_staff(ca, unit, operator, ca_client):
    draft = started(unit, operator)
    assert ca_client.get(reverse("pki_staff_order", args=[draft.pk])).status_code == 404


def test_order_list_pages(ca, unit, operator, op_client):
    for _ in range(21):
        CertificateOrder.objects.create(
            order_no=f"ZS{CertificateOrder.objects.count():014d}",
            kind="new",
            project="online",
            social_security_no=unit.unit_no,
            region=unit.region,
            unit=unit,
            applicant=operator,
        )
    first = op_client.get(reverse("pki_orders"))
    assert len(first.context["page"].object_list) == 20
    second = op_client.get(reverse("pki_orders") + "?page=2")
    assert len(second.context["page"].object_list) == 1
