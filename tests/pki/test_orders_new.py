"""证书新办: 信息校验 -> 录入信息 -> 打印申请表 -> 上传资料 -> 审核 -> 下载证书 (CQ-CERT 四(一))."""

import re
import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from shebao.audit.models import AuditEvent
from shebao.core.errors import InvalidValue
from shebao.pki.authority import ca_certificate
from shebao.pki.client import TokenError, token_open
from shebao.pki.models import UnitCertificate
from shebao.pki.pins import PIN_ALL_SAME, PIN_SEQUENCE
from shebao.pki.selfservice import services
from shebao.pki.selfservice.models import CertificateOrder, OrderStatus
from shebao.pki.x509 import unit_no_of
from tests import factories

from .orders import NEW_PIN, ca_staff, complete, image, info, started, submitted
from .test_ca import openssl_verify


@pytest.fixture
def staff(db):
    return ca_staff()


def test_service_flow_to_a_pkcs12_that_opens_with_the_chosen_pin(
    ca, unit, operator, staff, tmp_path
):
    root, issuing = ca
    order = submitted(unit, operator)
    assert order.status == OrderStatus.SUBMITTED and order.due_date is not None
    order = services.order_approve(order=order, actor=staff)
    assert order.status == OrderStatus.APPROVED and order.certificate is None

    order, p12 = services.order_certificate_issue(
        order=order, actor=operator, pin=NEW_PIN, pin_again=NEW_PIN
    )
    assert order.status == OrderStatus.ISSUED
    token = token_open(p12, NEW_PIN)
    with pytest.raises(TokenError):
        token_open(p12, "Wrong-pin-1")
    record = UnitCertificate.objects.get(pk=order.certificate_id)
    assert record.unit == unit and record.key_source == UnitCertificate.KeySource.SERVER
    assert record.certificate_pem == token.certificate_pem
    assert unit_no_of(token.certificate) == unit.unit_no
    result = openssl_verify(
        tmp_path, ca_certificate(root), ca_certificate(issuing), token.certificate_pem
    )
    assert result.returncode == 0, result.stderr
    actions = [e.action for e in AuditEvent.objects.filter(order=order)]
    assert actions[0] == "start" and actions[-3:] == ["submit", "approve", "issue"]


def test_information_check_refuses_what_is_not_the_acting_unit(ca, unit, operator, other_unit):
    base = dict(unit=unit, actor=operator, kind="new", project="online")
    with pytest.raises(InvalidValue, match="参保区域"):
        services.order_start(
            **base, social_security_no=unit.unit_no, region=other_unit.region, unit_name=unit.name
        )
    with pytest.raises(InvalidValue, match="单位名称"):
        services.order_start(
            **base, social_security_no=unit.unit_no, region=unit.region, unit_name=other_unit.name
        )
    with pytest.raises(InvalidValue, match="社保号"):
        services.order_start(
            **base, social_security_no=other_unit.unit_no, region=unit.region, unit_name=unit.name
        )
    with pytest.raises(InvalidValue, match="建设项目工伤参保.*只在重庆市办理"):  # issue #12 §7
        services.order_start(
            **{**base, "project": "construction"},
            social_security_no="P0000001",
            region=unit.region,
            unit_name=unit.name,
        )
    assert not CertificateOrder.objects.exists()


def test_one_open_order_and_no_new_while_a_valid_certificate_exists(ca, unit, operator, staff):
    order = started(unit, operator)
    with pytest.raises(InvalidValue, match="未办结"):
        started(unit, operator)
    order = complete(order, unit, operator)
    services.order_approve(order=order, actor=staff)
    services.order_certificate_issue(order=order, actor=operator, pin=NEW_PIN, pin_again=NEW_PIN)
    with pytest.raises(InvalidValue, match="已有有效证书"):
        started(unit, operator)


def test_entered_information_is_checked_field_by_field(ca, unit, operator):
    order = started(unit, operator)
    bad = info(
        unit,
        credit_code=unit.credit_code[:17] + ("0" if unit.credit_code[17] != "0" else "1"),
        legal_person_id_number="512301198809010000",
        operator_mobile="12345",
        operator_name="",
    )
    with pytest.raises(services.OrderInvalid) as caught:
        services.order_info_save(order=order, actor=operator, **bad)
    errors = caught.value.errors
    assert "校验位" in errors["credit_code"]
    assert "legal_person_id_number" in errors and "operator_mobile" in errors
    assert "不能为空" in errors["operator_name"]
    other_code = factories.credit_code()
    with pytest.raises(services.OrderInvalid) as caught:
        services.order_info_save(order=order, actor=operator, **info(unit, credit_code=other_code))
    assert "不一致" in caught.value.errors["credit_code"]
    order.refresh_from_db()
    assert order.legal_person_name == ""


def test_submit_needs_agreement_and_every_material(ca, unit, operator):
    order = started(unit, operator)
    services.order_info_save(order=order, actor=operator, **info(unit))
    with pytest.raises(InvalidValue, match="数字证书服务协议"):
        services.order_submit(order=order, actor=operator)
    services.order_agree(order=order, actor=operator)
    services.order_material_upload(
        order=order, material="application_form", uploaded_file=image(), actor=operator
    )
    with pytest.raises(InvalidValue, match="电子签章取样表") as caught:
        services.order_submit(order=order, actor=operator)
    assert "数字证书申请表" not in str(caught.value)
    order.refresh_from_db()
    assert order.status == OrderStatus.DRAFT and order.due_date is None


def test_weak_or_mismatched_pins_are_refused_and_issue_happens_once(ca, unit, operator, staff):
    order = services.order_approve(order=submitted(unit, operator), actor=staff)
    with pytest.raises(InvalidValue) as caught:
        services.order_certificate_issue(
            order=order, actor=operator, pin="111111", pin_again="111111"
        )
    assert str(caught.value) == PIN_ALL_SAME
    with pytest.raises(InvalidValue) as caught:
        services.order_certificate_issue(
            order=order, actor=operator, pin="123456", pin_again="123456"
        )
    assert str(caught.value) == PIN_SEQUENCE
    with pytest.raises(InvalidValue, match="不一致"):
        services.order_certificate_issue(
            order=order, actor=operator, pin=NEW_PIN, pin_again="x" + NEW_PIN
        )
    assert not UnitCertificate.objects.filter(unit=unit).exists()
    services.order_certificate_issue(order=order, actor=operator, pin=NEW_PIN, pin_again=NEW_PIN)
    with pytest.raises(InvalidValue, match="只能下载一次"):
        services.order_certificate_issue(
            order=order, actor=operator, pin=NEW_PIN, pin_again=NEW_PIN
        )
    with pytest.raises(InvalidValue, match="不是待审核"):
        services.order_approve(order=order, actor=staff)
    assert UnitCertificate.objects.filter(unit=unit).count() == 1


def test_double_approval_decides_once(ca, unit, operator, staff):
    order = submitted(unit, operator)
    services.order_approve(order=order, actor=staff)
    with pytest.raises(InvalidValue, match="不是待审核"):
        services.order_approve(order=order, actor=ca_staff())
    assert AuditEvent.objects.filter(order=order, event_type="order.approve").count() == 1
    assert CertificateOrder.objects.get(pk=order.pk).reviewer == staff


def test_download_before_approval_is_refused(ca, unit, operator):
    order = submitted(unit, operator)
    with pytest.raises(InvalidValue, match="尚未审核通过"):
        services.order_certificate_issue(
            order=order, actor=operator, pin=NEW_PIN, pin_again=NEW_PIN
        )


def _post_ok(client, url, data=None, **extra):
    response = client.post(url, data or {}, **extra)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_web_flow_end_to_end(ca, unit, operator, op_client, staff, tmp_path):
    root, issuing = ca
    assert op_client.get(reverse("pki_orders")).status_code == 200
    page = op_client.get(reverse("pki_order_new", args=["new"]))
    assert page.status_code == 200 and "信息校验" in page.content.decode()
    response = _post_ok(
        op_client,
        reverse("pki_order_new", args=["new"]),
        {
            "project": "online",
            "region": unit.region.pk,
            "unit_name": unit.name,
            "social_security_no": unit.unit_no,
        },
    )
    order = CertificateOrder.objects.get(unit=unit)
    assert response["Location"] == reverse("pki_order_info", args=[order.pk])

    bad = op_client.post(
        reverse("pki_order_info", args=[order.pk]), info(unit, operator_mobile="1")
    )
    assert bad.status_code == 400 and "手机号码" in bad.content.decode()
    _post_ok(op_client, reverse("pki_order_info", args=[order.pk]), info(unit))

    pdf = op_client.get(reverse("pki_order_pdf", args=[order.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    (tmp_path / "form.pdf").write_bytes(pdf.content)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "form.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "数字证书申请表" in text and unit.name in text and unit.credit_code in text

    refused = op_client.post(reverse("pki_order_print", args=[order.pk]), {})
    assert refused.status_code == 400
    _post_ok(op_client, reverse("pki_order_print", args=[order.pk]), {"agree": "on"})

    url = reverse("pki_order_materials", args=[order.pk])
    assert op_client.get(url).status_code == 200
    for code in (
        "application_form",
        "seal_sample",
        "business_licence",
        "legal_person_id",
        "operator_id",
    ):
        _post_ok(op_client, url, {"material": code, "file": image(f"{code}.png")})
    _post_ok(op_client, reverse("pki_order_submit", args=[order.pk]))
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED
    listing = op_client.get(reverse("pki_orders")).content.decode()
    assert order.order_no in listing and "资料待审核" in listing

    ca_client = factories.staff_client(staff)
    queue = ca_client.get(reverse("pki_staff_queue")).content.decode()
    assert order.order_no in queue
    page = ca_client.get(reverse("pki_staff_order", args=[order.pk])).content.decode()
    assert order.legal_person_id_number in page and "审核通过" in page
    material = order.materials.get(material="seal_sample")
    shown = ca_client.get(reverse("pki_staff_material", args=[order.pk, material.pk]))
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    _post_ok(ca_client, reverse("pki_staff_approve", args=[order.pk]))
    _post_ok(ca_client, reverse("pki_staff_approve", args=[order.pk]))  # a second click
    order.refresh_from_db()
    assert order.status == OrderStatus.APPROVED

    detail = op_client.get(reverse("pki_order", args=[order.pk])).content.decode()
    assert "下载证书" in detail and "不保存私钥" in detail
    weak = op_client.post(
        reverse("pki_order_download", args=[order.pk]), {"pin": "111111", "pin_again": "111111"}
    )
    assert weak.status_code == 400 and PIN_ALL_SAME in weak.content.decode()
    download = op_client.post(
        reverse("pki_order_download", args=[order.pk]), {"pin": NEW_PIN, "pin_again": NEW_PIN}
    )
    assert download.status_code == 200
    assert download["Content-Type"] == "application/x-pkcs12"
    assert "attachment" in download["Content-Disposition"]
    token = token_open(download.content, NEW_PIN)
    result = openssl_verify(
        tmp_path, ca_certificate(root), ca_certificate(issuing), token.certificate_pem
    )
    assert result.returncode == 0, result.stderr
    again = op_client.post(
        reverse("pki_order_download", args=[order.pk]), {"pin": NEW_PIN, "pin_again": NEW_PIN}
    )
    assert again.status_code == 400
    assert UnitCertificate.objects.filter(unit=unit).count() == 1


def test_application_form_renders_as_a_readable_page(ca, unit, operator, tmp_path):
    from shebao.pki.selfservice.form_pdf import application_form_pdf

    order = started(unit, operator)
    order = services.order_info_save(order=order, actor=operator, **info(unit))
    path = tmp_path / "form.pdf"
    path.write_bytes(application_form_pdf(order))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(path), str(tmp_path / "page")],
        check=True,
    )
    assert (tmp_path / "page.png").stat().st_size > 10_000
    info_out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"^Pages:\s+1$", info_out, re.M), info_out


def test_portal_home_links_to_certificates(ca, op_client):
    assert reverse("pki_orders") in op_client.get(reverse("home")).content.decode()


def test_anonymous_users_are_sent_to_log_in(db):
    response = Client().get(reverse("pki_orders"))
    assert response.status_code == 302 and "/login/" in response["Location"]
