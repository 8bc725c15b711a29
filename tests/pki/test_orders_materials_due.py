"""Materials are checked by content and size (R-UPL-01/07); the CA's due date is 1 working day."""

import datetime as dt
import io
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shebao.audit.models import AuditEvent
from shebao.core.errors import InvalidValue
from shebao.pki.selfservice import services
from shebao.pki.selfservice.models import CertProject
from shebao.pki.selfservice.selectors import seal_sample
from shebao.registry.choices import ProjectKind
from shebao.registry.models import Project

from .orders import ca_staff, image, info, started, submitted

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def _upload(order, operator, upload, material="application_form"):
    return services.order_material_upload(
        order=order, material=material, uploaded_file=upload, actor=operator
    )


def test_images_are_sniffed_from_their_bytes(ca, unit, operator):
    order = started(unit, operator)
    text = SimpleUploadedFile("scan.jpg", b"not an image at all " * 20, content_type="image/jpeg")
    with pytest.raises(InvalidValue, match="不是图片"):
        _upload(order, operator, text)
    pdf = SimpleUploadedFile("scan.png", b"%PDF-1.7\n" + b"0" * 200)
    with pytest.raises(InvalidValue, match="不是图片"):
        _upload(order, operator, pdf)
    stored = _upload(order, operator, image("form.pdf"))  # a PNG named .pdf is a PNG
    assert stored.content_type == "image/png" and stored.extension == ".png"
    for fmt, mime in (("BMP", "image/bmp"), ("GIF", "image/gif"), ("JPEG", "image/jpeg")):
        assert _upload(order, operator, image(f"x.{fmt}", fmt), "seal_sample").content_type == mime
    assert order.materials.count() == 2  # re-uploading replaces
    event = AuditEvent.objects.filter(order=order, event_type="order.material_upload").last()
    assert event.detail["content_type"] == "image/jpeg" and event.detail["replaced"]


def test_size_limit_is_3072kb(ca, unit, operator, settings):
    order = started(unit, operator)
    assert settings.PKI_UPLOAD_MAX_BYTES == 3 * 1024 * 1024
    big = image("big.bmp", "BMP", size=(1100, 1000))  # 3.3 MB uncompressed
    assert big.size > 3 * 1024 * 1024
    with pytest.raises(InvalidValue, match="超过 3M"):
        _upload(order, operator, big)
    settings.PKI_UPLOAD_MAX_BYTES = 4 * 1024 * 1024
    assert _upload(order, operator, image("big.bmp", "BMP", size=(1100, 1000))).size > 3 * 1024**2


def test_a_truncated_image_is_refused(ca, unit, operator):
    order = started(unit, operator)
    buffer = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (300, 300), (1, 2, 3)).save(buffer, format="PNG")
    broken = SimpleUploadedFile("cut.png", buffer.getvalue()[:120])
    with pytest.raises(InvalidValue, match="损坏"):
        _upload(order, operator, broken)
    assert not order.materials.exists()


def test_construction_projects_also_need_the_project_notice(ca, cq_unit, cq_operator):
    """A Chongqing unit: construction projects are Chongqing's (issue #12 §7)."""
    Project.objects.create(
        unit=cq_unit,
        project_no="50010001",
        kind=ProjectKind.CONSTRUCTION,
        name="测试项目",
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2027, 1, 1),
        manager_name="王工",
        manager_id_type="居民身份证",
        manager_id_number="x",
        manager_phone="13800000000",
    )
    order = services.order_start(
        unit=cq_unit,
        actor=cq_operator,
        kind="new",
        project=CertProject.CONSTRUCTION,
        social_security_no="50010001",
        region=cq_unit.region,
        unit_name=cq_unit.name,
    )
    services.order_info_save(order=order, actor=cq_operator, **info(cq_unit))
    services.order_agree(order=order, actor=cq_operator)
    for code in (
        "application_form",
        "seal_sample",
        "business_licence",
        "legal_person_id",
        "operator_id",
    ):
        _upload(order, cq_operator, image(), code)
    with pytest.raises(InvalidValue, match="项目中标通知书"):
        services.order_submit(order=order, actor=cq_operator)
    _upload(order, cq_operator, image(), "project_notice")
    assert services.order_submit(order=order, actor=cq_operator).status == "submitted"


def _submitted_at(monkeypatch, moment, unit, operator):
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return submitted(unit, operator)


@pytest.mark.parametrize(
    ("moment", "due"),
    [
        (dt.datetime(2026, 6, 5, 16, 30, tzinfo=SHANGHAI), dt.date(2026, 6, 8)),  # Friday -> Monday
        (dt.datetime(2026, 6, 8, 9, 0, tzinfo=SHANGHAI), dt.date(2026, 6, 9)),  # Monday -> Tuesday
        (dt.datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI), dt.date(2026, 10, 8)),  # 国庆节
        # late evening in China is still the same local day though UTC says otherwise
        (dt.datetime(2026, 6, 4, 23, 30, tzinfo=SHANGHAI), dt.date(2026, 6, 5)),
    ],
)
def test_due_one_working_day_after_submission(ca, unit, operator, monkeypatch, moment, due):
    import chinese_calendar

    assert not chinese_calendar.is_workday(dt.date(2026, 10, 7))
    order = _submitted_at(monkeypatch, moment, unit, operator)
    assert order.due_date == due
    assert (
        AuditEvent.objects.get(order=order, event_type="order.submit").detail["due_date"]
        == due.isoformat()
    )


def test_the_seal_sample_of_an_approved_order_is_the_units_seal_image(ca, unit, operator):
    order = submitted(unit, operator)
    assert seal_sample(unit=unit) is None
    services.order_approve(order=order, actor=ca_staff())
    sample = seal_sample(unit=unit)
    assert sample is not None and sample.order == order and sample.material == "seal_sample"
    with sample.file.open("rb") as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"
