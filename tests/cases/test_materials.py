"""附件材料: images checked by their content, stored privately, and the 必传 / 分组 rules at submit.

The group rules are tested with a service declared here, added to the global registry for
the test only (``test_registry``, by ``Registry.overridden``), so no other test ever sees it.
"""

import hashlib
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from shebao.audit.models import AuditEvent
from shebao.cases import materials
from shebao.cases import services as cases
from shebao.cases.models import CaseMaterial, CaseStatus
from shebao.policy.areas import HUBEI_ONLY
from shebao.services.modules import Module
from shebao.services.registry import registry
from shebao.services.rows import IdNumberStr, PersonName, RowModel, column
from shebao.services.spec import Group, Material, Review, ServiceSpec
from tests import factories

ENROLMENT = "hb_employee_enrolment"
CONTRACT = "劳动合同"  # the enrolment service's optional material


def image_bytes(fmt: str, size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


@pytest.fixture
def draft(unit, operator):
    case = cases.case_start(service_code=ENROLMENT, unit=unit, operator=operator)
    return cases.case_accept(
        case=case, declarant="王建", declarant_mobile="18555555555", agreement_accepted=True
    )


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- accepted by content ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "name", "mime", "ext"),
    [
        ("PNG", "合同.png", "image/png", ".png"),
        ("JPEG", "合同.jpg", "image/jpeg", ".jpg"),
        ("JPEG", "合同.JPEG", "image/jpeg", ".jpg"),
        ("BMP", "合同.bmp", "image/bmp", ".bmp"),
        ("GIF", "合同.gif", "image/gif", ".gif"),
    ],
)
def test_images_are_accepted_by_content(draft, operator, private_media, fmt, name, mime, ext):
    content = image_bytes(fmt)
    stored = materials.material_upload(
        case=draft, material=CONTRACT, uploaded_file=upload(name, content), actor=operator
    )
    assert (stored.content_type, stored.extension) == (mime, ext)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.size == len(content) and stored.original_name == name
    path = Path(stored.file.path)
    assert path.read_bytes() == content
    assert path.is_relative_to(private_media / "materials" / str(draft.pk))
    assert path.suffix == ext


def test_a_png_named_pdf_is_stored_as_png(draft, operator):
    content = image_bytes("PNG")
    stored = materials.material_upload(
        case=draft, material=CONTRACT, uploaded_file=upload("扫描件.pdf", content), actor=operator
    )
    assert (stored.content_type, stored.extension) == ("image/png", ".png")
    handle, content_type, filename = materials.material_open(case=draft, pk=stored.pk)
    with handle:
        assert handle.read() == content
    assert (content_type, filename) == ("image/png", "扫描件.png")


def test_upload_writes_an_audit_event(draft, operator):
    materials.material_upload(
        case=draft,
        material=CONTRACT,
        uploaded_file=upload("a.png", image_bytes("PNG")),
        actor=operator,
        ip="10.0.0.8",
    )
    event = AuditEvent.objects.get(case=draft, event_type="case.material_upload")
    assert event.actor == operator and event.ip == "10.0.0.8" and event.acting_unit == draft.unit
    assert event.detail["material"] == CONTRACT and event.detail["content_type"] == "image/png"


# --- refused, and nothing stored -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("x.jpg", "这是一个文本文件，不是图片".encode()),
        ("合同.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"),
        ("setup.jpg", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200),
        ("x.png", b"<html><body>not an image</body></html>"),
        ("x.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 40),
    ],
)
def test_non_images_are_refused_whatever_their_name(draft, operator, private_media, name, content):
    with pytest.raises(cases.CaseError) as exc:
        materials.material_upload(
            case=draft, material=CONTRACT, uploaded_file=upload(name, content), actor=operator
        )
    assert str(exc.value) == "文件内容不是图片（JPG、JPEG、PNG、BMP、GIF）"
    assert not CaseMaterial.objects.exists()
    assert stored_files(private_media) == []


def test_a_file_that_only_starts_like_an_image_is_refused(draft, operator, private_media):
    truncated = image_bytes("PNG")[:60]  # PNG signature, then cut off
    with pytest.raises(cases.CaseError, match="已损坏或不完整"):
        materials.material_upload(
            case=draft, material=CONTRACT, uploaded_file=upload("x.png", truncated), actor=operator
        )
    fake_bmp = b"BM" + "宝马年度报告".encode() * 20  # starts with the BMP magic "BM"
    with pytest.raises(cases.CaseError):
        materials.material_upload(
            case=draft, material=CONTRACT, uploaded_file=upload("x.bmp", fake_bmp), actor=operator
        )
    assert stored_files(private_media) == [] and not CaseMaterial.objects.exists()


def test_over_size_is_refused_with_the_limit_in_m(draft, operator, settings, private_media):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024  # 1M
    big = image_bytes("BMP", (700, 600))  # ~1.2M uncompressed
    assert len(big) > settings.UPLOAD_MAX_BYTES
    with pytest.raises(cases.CaseError) as exc:
        materials.material_upload(
            case=draft, material=CONTRACT, uploaded_file=upload("大图.bmp", big), actor=operator
        )
    assert "超过 1M 的上限" in str(exc.value) and "大图.bmp" in str(exc.value)
    assert "1.2M" in str(exc.value)
    assert stored_files(private_media) == []


def test_default_limit_is_5m_and_the_rule_says_so(settings):
    assert materials.megabytes(5 * 1024 * 1024) == "5M"
    settings.UPLOAD_MAX_BYTES = 5 * 1024 * 1024
    assert (
        materials.upload_rule()
        == "需要上传的资料：图片格式JPG、JPEG、PNG、BMP、GIF，文件大小5M以内。"
    )


def test_empty_file_is_refused(draft, operator):
    with pytest.raises(cases.CaseError, match="空文件"):
        materials.material_upload(
            case=draft, material=CONTRACT, uploaded_file=upload("x.png", b""), actor=operator
        )


def test_unknown_material_is_refused(draft, operator):
    with pytest.raises(cases.CaseError, match="本业务没有“身份证复印件”这项材料"):
        materials.material_upload(
            case=draft,
            material="身份证复印件",
            uploaded_file=upload("x.png", image_bytes("PNG")),
            actor=operator,
        )


def test_a_submitted_case_takes_no_uploads_or_deletes(draft, operator):
    stored = materials.material_upload(
        case=draft,
        material=CONTRACT,
        uploaded_file=upload("x.png", image_bytes("PNG")),
        actor=operator,
    )
    cases.case_row_add(
        case=draft,
        raw={
            "id_number": factories.id_number(),
            "name": "李四",
            "ethnicity": "汉族",
            "work_start_date": "2024-03-01",
            "monthly_wage": "6000",
            "pension": "√",
            "mobile": "13800138000",
        },
    )
    case = cases.case_submit(case=draft, actor=operator)
    assert case.status == CaseStatus.UNDER_REVIEW
    with pytest.raises(cases.CaseError, match="已提交"):
        materials.material_upload(
            case=case,
            material=CONTRACT,
            uploaded_file=upload("y.png", image_bytes("PNG")),
            actor=operator,
        )
    with pytest.raises(cases.CaseError, match="已提交"):
        materials.material_delete(case=case, pk=stored.pk, actor=operator)
    assert CaseMaterial.objects.filter(case=case).count() == 1


# --- re-upload, delete, open ----------------------------------------------------------


def test_reupload_replaces_the_old_file(
    draft, operator, private_media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = materials.material_upload(
            case=draft,
            material=CONTRACT,
            uploaded_file=upload("旧.png", image_bytes("PNG")),
            actor=operator,
        )
    old_path = Path(first.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        second = materials.material_upload(
            case=draft,
            material=CONTRACT,
            uploaded_file=upload("新.jpg", image_bytes("JPEG")),
            actor=operator,
        )
    assert list(draft.materials.values_list("pk", flat=True)) == [second.pk]
    assert not old_path.exists()
    assert stored_files(private_media) == [Path(second.file.path)]
    assert AuditEvent.objects.filter(case=draft, event_type="case.material_upload").count() == 2


def test_the_same_image_uploaded_twice_keeps_one_file(
    draft, operator, private_media, django_capture_on_commit_callbacks
):
    content = image_bytes("PNG")
    for _attempt in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            stored = materials.material_upload(
                case=draft,
                material=CONTRACT,
                uploaded_file=upload("a.png", content),
                actor=operator,
            )
    assert stored_files(private_media) == [Path(stored.file.path)]
    assert Path(stored.file.path).read_bytes() == content


def test_delete_on_a_draft(draft, operator, private_media, django_capture_on_commit_callbacks):
    stored = materials.material_upload(
        case=draft,
        material=CONTRACT,
        uploaded_file=upload("x.png", image_bytes("PNG")),
        actor=operator,
    )
    with django_capture_on_commit_callbacks(execute=True):
        materials.material_delete(case=draft, pk=stored.pk, actor=operator)
    assert not CaseMaterial.objects.exists()
    assert stored_files(private_media) == []
    assert AuditEvent.objects.filter(case=draft, event_type="case.material_delete").exists()


def test_a_material_of_another_case_cannot_be_opened_or_deleted(draft, operator, region):
    other_unit = factories.unit(region_obj=region)
    other_operator = factories.operator(other_unit)
    other = cases.case_start(service_code=ENROLMENT, unit=other_unit, operator=other_operator)
    stored = materials.material_upload(
        case=draft,
        material=CONTRACT,
        uploaded_file=upload("x.png", image_bytes("PNG")),
        actor=operator,
    )
    with pytest.raises(CaseMaterial.DoesNotExist):
        materials.material_open(case=other, pk=stored.pk)
    with pytest.raises(CaseMaterial.DoesNotExist):
        materials.material_delete(case=other, pk=stored.pk, actor=other_operator)
    assert CaseMaterial.objects.filter(pk=stored.pk).exists()


# --- the 附件材料 table and the submit rules, on a service declared for this test -----


class PaperRow(RowModel):
    id_number: IdNumberStr = column("身份证号码", example="110100198506020015")
    name: PersonName = column("姓名", example="张三")


class MaterialsTestSpec(ServiceSpec):
    code = "test_materials_spec"
    areas = HUBEI_ONLY
    module = Module.REGISTRATION
    title = "材料规则测试业务"
    row = PaperRow
    review = Review.AUTO
    materials = (
        Material("营业执照", Group.REQUIRED, note="加盖公章"),
        Material("开采协议", Group.GROUP1),
        Material("采矿许可证", Group.GROUP1),
        Material("其他材料"),
    )

    def apply(self, case, rows):
        return {"rows": len(rows)}


@pytest.fixture
def test_registry():
    """The global registry plus ``test_materials_spec``, for this test only."""
    with registry.overridden(MaterialsTestSpec) as active:
        yield active


@pytest.fixture
def paper_case(test_registry, unit, operator):
    case = cases.case_start(service_code=MaterialsTestSpec.code, unit=unit, operator=operator)
    cases.case_accept(
        case=case, declarant="王建", declarant_mobile="18555555555", agreement_accepted=True
    )
    row = cases.case_row_add(case=case, raw={"id_number": "110100198506020015", "name": "张三"})
    assert row.passed
    return case


def put(case, material, operator, fmt="PNG"):
    return materials.material_upload(
        case=case,
        material=material,
        uploaded_file=upload(f"{material}.{fmt.lower()}", image_bytes(fmt)),
        actor=operator,
    )


def test_status_table_lists_every_material_in_order(paper_case, operator):
    put(paper_case, "开采协议", operator)
    table = materials.materials_status(paper_case)
    assert [(e["no"], e["group"], e["name"], e["note"], e["status"]) for e in table] == [
        (1, "必传", "营业执照", "必传", "待上传"),
        (2, "分组1", "开采协议", "非必填", "✓"),
        (3, "分组1", "采矿许可证", "非必填", "待上传"),
        (4, "可选", "其他材料", "非必传", "待上传"),
    ]
    assert table[0]["hint"] == "加盖公章" and table[0]["required"] and table[0]["file"] is None
    assert table[1]["file"]["original_name"] == "开采协议.png"
    assert table[1]["file"]["content_type"] == "image/png"


def test_submit_needs_the_required_material(paper_case, operator):
    put(paper_case, "开采协议", operator)
    with pytest.raises(cases.CaseError, match="请上传必传材料：营业执照"):
        cases.case_submit(case=paper_case, actor=operator)
    put(paper_case, "营业执照", operator)
    case = cases.case_submit(case=paper_case, actor=operator)
    assert case.status == CaseStatus.COMPLETED and case.effect == {"rows": 1}


def test_submit_needs_one_material_of_each_group(paper_case, operator):
    put(paper_case, "营业执照", operator)
    put(paper_case, "其他材料", operator)  # optional: does not count for the group
    with pytest.raises(cases.CaseError, match="分组1的材料至少上传一种：开采协议、采矿许可证"):
        cases.case_submit(case=paper_case, actor=operator)
    put(paper_case, "采矿许可证", operator, fmt="JPEG")
    assert cases.case_submit(case=paper_case, actor=operator).status == CaseStatus.COMPLETED


def test_optional_materials_never_block(test_registry, unit, operator):
    case = cases.case_start(service_code=ENROLMENT, unit=unit, operator=operator)
    assert [e["note"] for e in materials.materials_status(case)] == ["非必传"]


def test_the_test_service_is_not_left_in_the_global_registry():
    assert MaterialsTestSpec.code not in registry


# --- image size (pixels) ----------------------------------------------------------------


def test_pillows_limit_is_the_setting():
    from django.conf import settings

    assert Image.MAX_IMAGE_PIXELS == settings.UPLOAD_MAX_PIXELS == 40_000_000


@pytest.mark.parametrize(
    "name", ["png-12000x12000.png", "png-30000x30000.png", "png-named-jpg.jpg"]
)
def test_an_image_over_the_pixel_limit_is_refused_from_its_header(
    draft, operator, private_media, name
):
    content = (Path(__file__).parents[1] / "hostile" / "corpus" / name).read_bytes()
    with pytest.raises(cases.CaseError) as caught:
        materials.material_upload(
            case=draft, material=CONTRACT, uploaded_file=upload(name, content), actor=operator
        )
    assert str(caught.value) == f"图片尺寸过大（最大 40,000,000 像素），请把“{name}”缩小后重新上传"
    assert not CaseMaterial.objects.exists()
    assert stored_files(private_media) == []


def test_the_pixel_limit_is_a_setting(draft, operator, settings):
    settings.UPLOAD_MAX_PIXELS = 40 * 30 - 1
    with pytest.raises(cases.CaseError) as caught:
        materials.material_upload(
            case=draft,
            material=CONTRACT,
            uploaded_file=upload("a.png", image_bytes("PNG")),
            actor=operator,
        )
    assert str(caught.value).startswith("图片尺寸过大（最大 1,199 像素）")
