"""批量添加 through the web: inline validation for small rosters, a polled progress bar for big ones."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shebao.cases.imports import run_import
from shebao.cases.models import RowImport
from tests import factories

from .helpers import draft_case

pytestmark = pytest.mark.django_db

HEADER = "身份证号码,姓名,民族,本次申报参工时间,月缴费工资,城镇职工养老保险 (A),失业保险 (√),工伤保险 (√),联系电话 (手机)"


def roster(good: int, bad: int = 0) -> SimpleUploadedFile:
    lines = [HEADER]
    for i in range(good):
        ident = factories.id_number(dt.date(1990, 1, 1 + i))
        lines.append(
            f"{ident},王{'一二三四五六七八九'[i % 9]}明,汉族,2024-03-01,5000,√,√,,13812345678"
        )
    for _ in range(bad):
        lines.append("512301198809010000,李四,汉族,2024-03-01,5000,√,,,13812345678")
    return SimpleUploadedFile("在职职工增员申报表.csv", "\n".join(lines).encode("gbk"), "text/csv")


def test_small_roster_is_checked_at_once(op_client, unit, operator):
    case = draft_case(unit, operator, rows=0)
    page = op_client.get(f"/cases/{case.pk}/step/2/?tab=batch").content.decode()
    assert "模板下载" in page and "选择报盘" in page and "上传校验" in page
    response = op_client.post(f"/cases/{case.pk}/imports/", {"file": roster(2, 1)}, follow=True)
    assert response.redirect_chain[-1][0] == f"/cases/{case.pk}/step/2/?tab=results"
    page = response.content.decode()
    assert "上传校验完成：共 3 行，校验通过 2 行，校验不通过 1 行" in page
    assert "身份证号码校验位错误" in page
    assert case.rows.filter(passed=True).count() == 2


def test_a_bad_file_says_why_and_stores_nothing(op_client, unit, operator):
    case = draft_case(unit, operator, rows=1)
    junk = SimpleUploadedFile("x.xlsx", b"this is not a workbook", "application/octet-stream")
    response = op_client.post(f"/cases/{case.pk}/imports/", {"file": junk}, follow=True)
    assert response.redirect_chain[-1][0] == f"/cases/{case.pk}/step/2/?tab=batch"
    assert "msg--error" in response.content.decode()
    assert case.rows.count() == 1
    response = op_client.post(f"/cases/{case.pk}/imports/", {}, follow=True)
    assert "请先点击【选择报盘】" in response.content.decode()


def test_big_roster_runs_in_the_background_with_a_progress_bar(op_client, unit, operator, settings):
    settings.IMPORT_BACKGROUND_ROWS = 2
    case = draft_case(unit, operator, rows=0)
    response = op_client.post(f"/cases/{case.pk}/imports/", {"file": roster(3, 1)})
    row_import = RowImport.objects.get(case=case)
    assert row_import.status == RowImport.Status.PENDING  # the worker has not run yet
    location = response["Location"]
    assert location == f"/cases/{case.pk}/step/2/?tab=batch&import={row_import.pk}"
    page = op_client.get(location).content.decode()
    assert f"/cases/{case.pk}/imports/{row_import.pk}/progress/" in page
    assert 'role="progressbar"' in page and "import.js" in page

    progress = op_client.get(f"/cases/{case.pk}/imports/{row_import.pk}/progress/").json()
    assert progress["status"] == "pending" and progress["finished"] is False
    assert progress["total"] == 0 and progress["percent"] == 0  # counted by the worker

    run_import(row_import.pk)  # what the worker does

    progress = op_client.get(f"/cases/{case.pk}/imports/{row_import.pk}/progress/").json()
    assert progress["finished"] is True and progress["percent"] == 100
    assert (progress["passed"], progress["failed"]) == (3, 1)
    assert progress["next"] == f"/cases/{case.pk}/step/2/?tab=results"
    page = op_client.get(progress["next"]).content.decode()
    assert "上传校验完成：共 4 行，校验通过 3 行，校验不通过 1 行" in page


def test_another_units_import_progress_is_404(op_client, other_unit, other_operator, settings):
    settings.IMPORT_BACKGROUND_ROWS = 1
    theirs = draft_case(other_unit, other_operator, rows=0)
    other = op_client.__class__()
    other.force_login(other_operator)
    other.post(f"/cases/{theirs.pk}/imports/", {"file": roster(2)})
    row_import = RowImport.objects.get(case=theirs)
    assert op_client.get(f"/cases/{theirs.pk}/imports/{row_import.pk}/progress/").status_code == 404
    assert op_client.post(f"/cases/{theirs.pk}/imports/", {"file": roster(1)}).status_code == 404
