"""The materials of a certificate order (CQ-CERT 二, R-CERT-07/10, R-UPL-01/03) and their upload.

Images only (JPG, JPEG, PNG, BMP, GIF), at most ``PKI_UPLOAD_MAX_BYTES`` (3M = 3072KB), the type
sniffed from the bytes with the cases app's checker; stored outside the web root and read back
only through a scoped selector.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from shebao.cases.materials import ACCEPTED_LABEL, image_check, megabytes
from shebao.core.errors import InvalidValue

from .models import CertificateOrder, CertProject, OrderKind, OrderMaterial

UNKNOWN_MATERIAL = gettext_noop("本订单不需要这项材料")

STAMP_HINT = gettext_lazy(
    "请把打印出来的%(m)s加盖公章，通过扫描件或拍照形成电子图片上传。上传的图片必须真实有效和清晰可见，"
    "不得做任何修改，不能上传修改内容后的扫描件。"
)


@dataclass(frozen=True)
class MaterialSpec:
    code: str
    name: str
    note: str = ""


BASE_MATERIALS = (
    MaterialSpec(
        "application_form",
        "数字证书申请表",
        "经办人需在证书申请表中手写签字、写日期，并加盖公章。",
    ),
    MaterialSpec(
        "seal_sample",
        "电子签章取样表",
        "两大空白处各盖一枚清晰、完整的公章，勿压线；印章模糊或不完整将无法制作电子签章。",
    ),
    MaterialSpec("business_licence", "工商营业执照副本复印件（三证合一）"),
    MaterialSpec("legal_person_id", "法人身份证复印件"),
    MaterialSpec("operator_id", "经办人身份证复印件"),
)
PROJECT_NOTICE = MaterialSpec(
    "project_notice",
    "项目中标通知书",
    "《中标通知书》《工程承接通知书》《总包商开具分包证明》或能证明贵单位能在该建设项目参保的相关文件。",
)


def order_materials(order: CertificateOrder) -> list[MaterialSpec]:
    """What the order needs: none for a renewal (the current certificate proves who applies)."""
    if order.kind == OrderKind.RENEW:
        return []
    extra = [PROJECT_NOTICE] if order.project == CertProject.CONSTRUCTION else []
    return [*extra, *BASE_MATERIALS]


def upload_rule() -> str:
    return _("支持%(t)s格式的图片，图片大小不超过%(m)s（%(k)dKB）。") % {
        "t": ACCEPTED_LABEL,
        "m": megabytes(settings.PKI_UPLOAD_MAX_BYTES),
        "k": settings.PKI_UPLOAD_MAX_BYTES // 1024,
    }


def material_store(
    *, order: CertificateOrder, material: str, uploaded_file: Any, actor: Any
) -> tuple[OrderMaterial, list[OrderMaterial]]:
    """Check and store one image; returns it and the rows it replaced (call inside a transaction
    with the order locked; the caller writes the audit row)."""
    if material not in {m.code for m in order_materials(order)}:
        raise InvalidValue(_(UNKNOWN_MATERIAL))
    name, size, content_type, extension, digest = image_check(
        uploaded_file, default_name=material, limit=settings.PKI_UPLOAD_MAX_BYTES
    )
    replaced = list(order.materials.filter(material=material))
    for old in replaced:
        old.delete()
    stored = OrderMaterial(
        order=order,
        material=material,
        original_name=name[:200],
        content_type=content_type,
        extension=extension,
        size=size,
        sha256=digest,
        uploaded_by=actor,
    )
    stored.file.save(name, File(uploaded_file), save=False)
    file_name = str(stored.file.name)
    try:
        stored.save()
    except BaseException:
        stored.file.storage.delete(file_name)
        raise
    old_files = [(m.file.storage, str(m.file.name)) for m in replaced if m.file.name]

    def delete_replaced() -> None:
        for storage, old_name in old_files:
            if old_name != file_name:  # the same image uploaded again keeps its path
                storage.delete(old_name)

    transaction.on_commit(delete_replaced)
    return stored, replaced


def material_name(code: str) -> str:
    for spec in (*BASE_MATERIALS, PROJECT_NOTICE):
        if spec.code == code:
            return spec.name
    return code
