"""Builders for certificate-order tests: images, CA staff, an order driven to 待审核."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image

from shebao.pki.selfservice import services
from shebao.pki.selfservice.materials import order_materials
from shebao.pki.selfservice.models import CaStaff, CertProject, OrderKind
from tests import factories

NEW_PIN = "Qz8-wB41"


def image(name: str = "scan.png", fmt: str = "PNG", size: tuple[int, int] = (40, 30)) -> Any:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def ca_staff(username: str | None = None) -> Any:
    user = get_user_model().objects.create_user(
        username or f"ca{next(factories._seq)}", password="Test-pass-123"
    )
    CaStaff.objects.create(user=user)
    TOTPDevice.objects.create(user=user, name="动态口令", confirmed=True)
    return user


def info(unit: Any, **overrides: str) -> dict[str, str]:
    data = {
        "unit_name": unit.name,
        "credit_code": unit.credit_code,
        "legal_person_name": "张明",
        "legal_person_id_number": factories.id_number(),
        "operator_name": "李华",
        "operator_id_number": factories.id_number(),
        "operator_mobile": "13800000000",
    }
    data.update(overrides)
    return data


def started(unit: Any, operator: Any, kind: str = OrderKind.NEW, previous: Any = None) -> Any:
    return services.order_start(
        unit=unit,
        actor=operator,
        kind=kind,
        project=CertProject.ONLINE,
        social_security_no=unit.unit_no,
        region=unit.region,
        unit_name=unit.name,
        previous=previous,
    )


def submitted(
    unit: Any, operator: Any, kind: str = OrderKind.NEW, previous: Any = None, **info_overrides: str
) -> Any:
    """An order through 信息校验, 录入信息, 打印申请表 and 上传资料, submitted."""
    return complete(started(unit, operator, kind, previous), unit, operator, **info_overrides)


def complete(order: Any, unit: Any, operator: Any, **info_overrides: str) -> Any:
    order = services.order_info_save(order=order, actor=operator, **info(unit, **info_overrides))
    order = services.order_agree(order=order, actor=operator)
    for spec in order_materials(order):
        services.order_material_upload(
            order=order, material=spec.code, uploaded_file=image(f"{spec.code}.png"), actor=operator
        )
    return services.order_submit(order=order, actor=operator)
