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


def pay(region, bill, amount=None, serial=None):
    """The bank's arrival for ``bill`` (all of it unless ``amount``), imported by the agency."""
    from shebao.contributions.arrival import ACCEPTED, arrival_import
    from tests import factories

    amount = bill.total_amount if amount is None else amount
    data = (
        "单据号,单位编号,到账金额,到账日期,银行流水号\n"
        f"{bill.document_no},{bill.unit.unit_no},{amount},2021-03-20,"
        f"{serial or 'BK' + bill.document_no}\n"
    ).encode()
    staff = factories.reviewer(region)
    record = arrival_import(region=region, actor=staff, data=data, filename="到账.csv")
    assert [line["outcome"] for line in record.lines] == [ACCEPTED], record.lines
    bill.refresh_from_db()
    return bill
