"""Shared steps of the back-payment and refund tests (driven through the case services)."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from shebao.cases import materials
from shebao.cases import services as cases

from .conftest import draft


def upload(case, operator, material):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 30, 200)).save(buffer, format="PNG")
    materials.material_upload(
        case=case,
        material=material,
        uploaded_file=SimpleUploadedFile(f"{material[:8]}.png", buffer.getvalue()),
        actor=operator,
    )


def add_rows(code, unit, operator, *rows):
    case = draft(code, unit, operator)
    stored = [cases.case_row_add(case=case, raw=row) for row in rows]
    return case, stored


def errors_of(stored):
    return " ".join(e["message"] for e in stored.errors)


def approve(case, operator, reviewer):
    case = cases.case_submit(case=case, actor=operator)
    return cases.case_approve(case=case, reviewer=reviewer)
