"""附件材料: images attached to a draft case, checked by content, stored outside the web root.

The type is sniffed from the file's bytes, never from its name: a PNG called ``x.pdf`` is a
PNG, a text file called ``x.jpg`` is refused. When Pillow is present (WeasyPrint brings
it) the image must also decode, so a file that merely starts with ``BM`` or ``GIF8`` is
refused too. Files live under ``MEDIA_ROOT`` (``var/private``) and are read back only
through :func:`material_open`, which the web layer calls after its scoped selector.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePath
from typing import IO, Any, NamedTuple

import filetype
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.audit.services import audit_record
from shebao.audit.types import EventType
from shebao.services.registry import registry
from shebao.services.spec import Group, Material

from .models import Case, CaseMaterial, CaseStatus
from .rows import CaseDraft
from .selectors import material_get
from .services import NOT_DRAFT, CaseError

try:  # Pillow comes with WeasyPrint; without it the magic bytes alone decide.
    from PIL import Image
except ImportError:  # pragma: no cover
    Image = None  # type: ignore[assignment]

#: Detected MIME type -> stored extension, and the Pillow format name that must agree.
ACCEPTED_TYPES: dict[str, tuple[str, str]] = {
    "image/jpeg": (".jpg", "JPEG"),
    "image/png": (".png", "PNG"),
    "image/bmp": (".bmp", "BMP"),
    "image/gif": (".gif", "GIF"),
}
ACCEPTED_LABEL = "JPG、JPEG、PNG、BMP、GIF"

UNKNOWN_MATERIAL = gettext_noop("本业务没有“%(m)s”这项材料")
EMPTY_FILE = gettext_noop("文件“%(f)s”是空文件，请重新选择")
TOO_LARGE = gettext_noop("文件“%(f)s”大小为 %(s)s，超过 %(limit)s 的上限，请压缩后重新上传")
NOT_IMAGE = gettext_noop("文件内容不是图片（JPG、JPEG、PNG、BMP、GIF）")
BROKEN_IMAGE = gettext_noop("图片“%(f)s”已损坏或不完整，无法打开，请重新扫描或拍照后上传")
IMAGE_TOO_BIG = gettext_noop("图片尺寸过大（最大 %(m)s 像素），请把“%(f)s”缩小后重新上传")
STATUS_PENDING = gettext_noop("待上传")
STATUS_DONE = "✓"
#: The manual's table header of the 附件材料 tab.
STATUS_COLUMNS = ("序号", "分组", "材料名称", "材料说明", "状态", "操作")


def upload_rule() -> str:
    """The line above the materials table, with the configured limit."""
    return _("需要上传的资料：图片格式%(t)s，文件大小%(m)s以内。") % {
        "t": ACCEPTED_LABEL,
        "m": megabytes(settings.UPLOAD_MAX_BYTES),
    }


def megabytes(size: int) -> str:
    """5242880 -> "5M", 6500000 -> "6.2M", 524288 -> "512KB" (1M = 1024KB, as the manuals count)."""
    if size < 1024 * 1024:
        return f"{size / 1024:.0f}KB" if size >= 1024 else f"{size}B"
    value = size / (1024 * 1024)
    return f"{value:.1f}".rstrip("0").rstrip(".") + "M"


def material_upload(
    *, case: Case, material: str, uploaded_file: Any, actor: User, ip: str | None = None
) -> CaseMaterial:
    """上传 / 重新上传: store one image for ``material``, replacing an earlier one."""
    spec = registry[case.service_code]
    if case.status != CaseStatus.DRAFT:
        raise CaseError(_(NOT_DRAFT))
    if material not in {m.name for m in spec.materials}:
        raise CaseError(_(UNKNOWN_MATERIAL) % {"m": material})
    name, size, content_type, extension, digest = image_check(
        uploaded_file, default_name=material, limit=settings.UPLOAD_MAX_BYTES
    )

    saved: list[str] = []
    try:
        with transaction.atomic():
            locked = Case.objects.select_for_update().get(pk=case.pk)
            if locked.status != CaseStatus.DRAFT:  # submitted while the file was uploading
                raise CaseError(_(NOT_DRAFT))
            replaced = list(locked.materials.filter(material=material))
            stored = CaseMaterial(
                case=locked,
                material=material,
                original_name=name[:200],
                content_type=content_type,
                extension=extension,
                size=size,
                sha256=digest,
                uploaded_by=actor,
            )
            uploaded_file.seek(0)
            stored.file.save(name, File(uploaded_file), save=False)
            saved.append(str(stored.file.name))
            stored.save()
            for old in replaced:
                old.delete()
            audit_record(
                event_type=EventType.CASE_MATERIAL_UPLOAD,
                case=locked,
                from_status=locked.status,
                to_status=locked.status,
                actor=actor,
                acting_unit=locked.unit,
                ip=ip,
                detail={
                    "material": material,
                    "file": name,
                    "size": size,
                    "sha256": digest,
                    "content_type": content_type,
                    "replaced": [old.original_name for old in replaced],
                },
            )
            _delete_files_on_commit(replaced)
    except BaseException:
        for file_name in saved:  # the row is gone with the rollback: so goes its file
            stored.file.storage.delete(file_name)
        raise
    return stored


def material_delete(*, case: Case, pk: int, actor: User, ip: str | None = None) -> None:
    """删除 an uploaded material of a draft case (the file goes once the delete commits)."""
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status != CaseStatus.DRAFT:
            raise CaseError(_(NOT_DRAFT))
        stored = material_get(case=locked, pk=pk)
        stored.delete()
        audit_record(
            event_type=EventType.CASE_MATERIAL_DELETE,
            case=locked,
            from_status=locked.status,
            to_status=locked.status,
            actor=actor,
            acting_unit=locked.unit,
            ip=ip,
            detail={"material": stored.material, "file": stored.original_name},
        )
        _delete_files_on_commit([stored])


def material_open(*, case: Case, pk: int) -> tuple[IO[bytes], str, str]:
    """(open binary file, content type, download name) of a material of ``case``.

    ``case`` must come from a scoped selector (``case_get`` / ``review_case_get``); the
    material is looked up inside that case only. The download name keeps the original
    stem with the extension of the real content (a PNG uploaded as ``x.pdf`` is ``x.png``).
    """
    stored = material_get(case=case, pk=pk)
    handle = stored.file.storage.open(str(stored.file.name), "rb")
    stem = PurePath(stored.original_name).stem or stored.material
    return handle, stored.content_type, f"{stem}{stored.extension}"


def materials_status(case: Case) -> list[dict[str, Any]]:
    """The 附件材料 table: one entry per material the spec declares, in the spec's order.

    Keys: ``no`` (序号), ``group`` (分组: 必传 / 可选 / 分组1 ...), ``name`` (材料名称),
    ``note`` (材料说明: 必传 / 非必传 / 非必填), ``hint`` (the spec's explanation),
    ``status`` (状态: 待上传 / ✓), ``uploaded`` (bool) and ``file`` (None or a dict with
    ``pk``, ``original_name``, ``content_type``, ``extension``, ``size``, ``size_label``,
    ``uploaded_at``, ``uploaded_by``).
    """
    spec = registry[case.service_code]
    latest: dict[str, CaseMaterial] = {}
    for stored in case.materials.select_related("uploaded_by").order_by("uploaded_at", "pk"):
        latest[stored.material] = stored
    # the rows may decide which materials are required (``ServiceSpec.required_materials``)
    required = {m.name: m for m in spec.required_materials(CaseDraft(case))}
    entries = []
    for no, declared in enumerate(spec.materials, start=1):
        material = required.get(
            declared.name, Material(declared.name, Group.OPTIONAL, declared.note)
        )
        stored_material = latest.get(material.name)
        entries.append(
            {
                "no": no,
                "group": str(material.group),
                "name": material.name,
                "note": _note(material.group),
                "hint": material.note,
                "required": material.group == Group.REQUIRED,
                "status": STATUS_DONE if stored_material else _(STATUS_PENDING),
                "uploaded": stored_material is not None,
                "file": _file_info(stored_material) if stored_material else None,
            }
        )
    return entries


class CheckedImage(NamedTuple):
    name: str  # the file's own name, without any directory
    size: int
    content_type: str
    extension: str  # of the real content, not of the name
    sha256: str


def image_check(uploaded_file: Any, *, default_name: str, limit: int) -> CheckedImage:
    """The upload rules of every reviewable application's materials (R-UPL-01/03): not
    empty, at most ``limit`` bytes, an accepted image by its bytes; ``CaseError`` if not."""
    name = PurePath(str(getattr(uploaded_file, "name", "") or default_name)).name
    size = _size(uploaded_file)
    if size == 0:
        raise CaseError(_(EMPTY_FILE) % {"f": name})
    if size > limit:
        raise CaseError(_(TOO_LARGE) % {"f": name, "s": megabytes(size), "limit": megabytes(limit)})
    content_type = sniff_image(uploaded_file, name=name)
    extension = ACCEPTED_TYPES[content_type][0]
    return CheckedImage(name, size, content_type, extension, _sha256(uploaded_file))


def sniff_image(uploaded_file: Any, *, name: str = "") -> str:
    """The MIME type of an accepted image, from its bytes; refuse anything else in Chinese."""
    uploaded_file.seek(0)
    head = uploaded_file.read(8192)
    uploaded_file.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ACCEPTED_TYPES:
        raise CaseError(_(NOT_IMAGE))
    if Image is not None:
        try:
            with Image.open(uploaded_file) as image:  # reads the header only
                pillow_format = image.format
                _check_pixels(image.size, name)
                image.verify()
        except CaseError:
            raise
        except Image.DecompressionBombError:  # over twice Pillow's limit: refused in open()
            raise CaseError(_too_big(name))
        except Exception:  # any decoder error means the image cannot be shown
            raise CaseError(_(BROKEN_IMAGE) % {"f": name})
        finally:
            uploaded_file.seek(0)
        if pillow_format != ACCEPTED_TYPES[kind.mime][1]:
            raise CaseError(_(NOT_IMAGE))
    return str(kind.mime)


def _check_pixels(size: tuple[int, int], name: str) -> None:
    """A scanned page is a few million pixels; a 30000 x 30000 image decodes to gigabytes."""
    width, height = size
    if width * height > settings.UPLOAD_MAX_PIXELS:
        raise CaseError(_too_big(name))


def _too_big(name: str) -> str:
    return _(IMAGE_TOO_BIG) % {"m": f"{settings.UPLOAD_MAX_PIXELS:,}", "f": name}


def _note(group: Group) -> str:
    if group == Group.REQUIRED:
        return _("必传")
    if group == Group.OPTIONAL:
        return _("非必传")
    return _("非必填")


def _file_info(stored: CaseMaterial) -> dict[str, Any]:
    return {
        "pk": stored.pk,
        "original_name": stored.original_name,
        "content_type": stored.content_type,
        "extension": stored.extension,
        "size": stored.size,
        "size_label": megabytes(stored.size),
        "uploaded_at": stored.uploaded_at,
        "uploaded_by": stored.uploaded_by.get_username(),
    }


def _size(uploaded_file: Any) -> int:
    size = getattr(uploaded_file, "size", None)
    if size is None:
        uploaded_file.seek(0, 2)
        size = uploaded_file.tell()
        uploaded_file.seek(0)
    return int(size)


def _sha256(uploaded_file: Any) -> str:
    digest = hashlib.sha256()
    uploaded_file.seek(0)
    for chunk in iter(lambda: uploaded_file.read(64 * 1024), b""):
        digest.update(chunk)
    uploaded_file.seek(0)
    return digest.hexdigest()


def _delete_files_on_commit(materials: list[CaseMaterial]) -> None:
    """Remove replaced or deleted files only once the database no longer points at them."""
    names = [(m.file.storage, m.file.name) for m in materials if m.file.name]

    def delete() -> None:
        for storage, file_name in names:
            storage.delete(file_name)

    if names:
        transaction.on_commit(delete)
