"""Uploading onto a draft that has rows asks 追加 or 替换; nothing typed or uploaded is lost
(issue #12 §1). The clerk's fix loop: upload five rows, two fail, download 下载校验不通过数据,
correct it in Excel, upload that file as it is."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shebao.cases import services as cases
from shebao.cases.imports import run_import
from shebao.cases.models import RowImport
from tests import factories
from tests.batch.files import filled_template

from .helpers import draft_case, enrolment_raw

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def person(n: int, **overrides: str) -> dict[str, str]:
    """A new employee (each call a new ID number)."""
    return {
        "id_number": factories.id_number(dt.date(1991, 5, 1) + dt.timedelta(days=n)),
        "name": "周" + "一二三四五六七八九十"[n] + "明",
        "ethnicity": "01 汉族",
        "work_start_date": "2024-03-01",
        "monthly_wage": "5000",
        "pension": "√",
        "mobile": "13800138000",
    } | overrides


def upload(client, case, data: bytes, **form: str):
    file = SimpleUploadedFile("在职职工增员申报表.xlsx", data)
    return client.post(f"/cases/{case.pk}/imports/", {"file": file, **form}, follow=True)


def corrected(workbook: bytes, fixes: dict[str, str]) -> bytes:
    """The failed-rows workbook with the bad 民族 cells typed again, saved by Excel."""
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    sheet = book.worksheets[0]
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value in fixes:
                cell.value = fixes[cell.value]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_fix_loop_keeps_every_person(op_client, unit, operator):
    case = draft_case(unit, operator, rows=0)
    five = [
        person(0),
        person(1),
        person(2, ethnicity="火星族"),
        person(3),
        person(4, ethnicity="月球族"),
    ]
    page = upload(op_client, case, filled_template(five)).content.decode()
    assert "校验通过 3 行，校验不通过 2 行" in page

    errors = op_client.get(f"/cases/{case.pk}/rows/failed.xlsx").content
    page = op_client.get(f"/cases/{case.pk}/step/2/?tab=batch").content.decode()
    assert 'name="merge" value="append"' in page and "删除已有的 5 行" in page

    fixed = corrected(errors, {"火星族": "01 汉族", "月球族": "01 汉族"})
    page = upload(op_client, case, fixed, merge="append").content.decode()
    assert "其中 2 行更新了本办件已有的人员" in page and "办件现共 5 行" in page
    rows = list(case.rows.order_by("row_no"))
    assert len(rows) == 5 and all(r.passed for r in rows), [r.errors for r in rows]
    assert sorted(r.raw["id_number"] for r in rows) == sorted(p["id_number"] for p in five)


def test_an_upload_without_a_choice_stores_nothing(op_client, unit, operator):
    case = draft_case(unit, operator, rows=1)  # typed with 单个添加
    typed = case.rows.get().raw
    page = upload(op_client, case, filled_template([person(0), person(1)])).content.decode()
    assert (
        "本办件已有 1 行数据，请选择“追加”（保留已有数据）或“替换”（删除已有的 1 行）后再上传"
        in page
    )
    assert [r.raw for r in case.rows.all()] == [typed]
    assert not RowImport.objects.filter(case=case).exists()


def test_append_adds_after_the_typed_row_and_replace_removes_it(op_client, unit, operator):
    case = draft_case(unit, operator, rows=1)
    upload(op_client, case, filled_template([person(0), person(1)]), merge="append")
    assert [r.row_no for r in case.rows.order_by("row_no")] == [1, 2, 3]
    assert case.rows.filter(passed=True).count() == 3

    fifth = person(5)
    upload(op_client, case, filled_template([fifth]), merge="replace")
    (only,) = case.rows.all()
    assert only.raw["id_number"] == fifth["id_number"]


def test_a_person_twice_in_the_appended_file_still_fails_as_a_duplicate(op_client, unit, operator):
    case = draft_case(unit, operator, rows=0)
    first = person(0)
    upload(op_client, case, filled_template([first]))
    upload(op_client, case, filled_template([first, first]), merge="append")
    rows = list(case.rows.order_by("row_no"))
    assert len(rows) == 2 and [r.passed for r in rows] == [True, False]
    assert "重复" in rows[1].errors[0]["message"]


def test_rows_changed_while_a_big_upload_was_checked_are_kept(
    op_client, unit, operator, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 1
    case = draft_case(unit, operator, rows=1)
    with django_capture_on_commit_callbacks(execute=False):
        upload(op_client, case, filled_template([person(0), person(1)]), merge="replace")
    row_import = RowImport.objects.get(case=case)
    cases.case_row_add(case=case, raw=enrolment_raw(name="钱二", id_number=person(7)["id_number"]))
    done = run_import(row_import.pk)
    assert done.status == RowImport.Status.FAILED
    assert "本次上传未生效，办件现有数据未改动" in done.error
    assert case.rows.count() == 2  # the typed row and the one added in the other tab
