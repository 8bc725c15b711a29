"""批量添加 into a case: inline for small rosters, a Celery task with progress for big ones."""

import datetime as dt
from unittest import mock

import pytest

from shebao.audit.models import AuditEvent
from shebao.cases import imports
from shebao.cases import services as cases
from shebao.cases.imports import import_start, import_status, run_import
from shebao.cases.models import CaseRow, RowImport
from shebao.core.errors import InvalidValue
from tests import factories
from tests.batch.files import ENROLMENT, csv_bytes, filled_template


def person_row(n, **overrides):
    row = {
        "id_number": factories.id_number(dt.date(1990, 1, 1) + dt.timedelta(days=n)),
        "name": "陈" + "一二三四五六七八九十"[n % 10] + "明",
        "ethnicity": "01 汉族",
        "work_start_date": "2024-03-01",
        "monthly_wage": str(5000 + n),
        "pension": "√",
        "unemployment": "√",
        "mobile": f"1380013{n:04d}",
    }
    row.update(overrides)
    return row


def roster(count, bad=()):
    rows = [person_row(n) for n in range(count)]
    for n in bad:
        rows[n]["ethnicity"] = "火星族"
    return filled_template(rows)


@pytest.fixture
def draft(unit, operator):
    case = cases.case_start(service_code=ENROLMENT, unit=unit, operator=operator)
    return cases.case_accept(
        case=case, declarant="王建", declarant_mobile="18555555555", agreement_accepted=True
    )


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_small_roster_is_stored_at_once(draft, operator):
    data = roster(3, bad=[1])
    row_import = import_start(case=draft, data=data, filename="C:\\报盘\\增员.xlsx", actor=operator)

    assert row_import.status == RowImport.Status.DONE
    assert (row_import.total, row_import.processed) == (3, 3)
    assert (row_import.passed, row_import.failed) == (2, 1)
    assert row_import.original_name == "增员.xlsx" and not row_import.file
    stored = list(draft.rows.order_by("row_no"))
    assert [r.row_no for r in stored] == [8, 9, 10]
    first, second = stored[0], stored[1]
    assert first.passed and first.cleaned["ethnicity"] == "汉族"
    assert first.cleaned["monthly_wage"] == "5000"
    assert first.raw["ethnicity"] == "01 汉族" and first.raw["pension"] == "√"
    assert not second.passed and second.cleaned is None
    assert second.errors[0]["column"] == "民族"
    assert second.errors[0]["message"].startswith("“火星族”不在可选范围内")
    draft.refresh_from_db()
    assert draft.mode == "batch"
    event = AuditEvent.objects.get(case=draft, event_type="case.import")
    assert event.detail["passed"] == 2 and event.detail["background"] is False


def test_a_new_upload_replaces_the_rows(draft, operator):
    import_start(case=draft, data=roster(3), filename="a.xlsx", actor=operator)
    import_start(case=draft, data=roster(1), filename="b.xlsx", actor=operator, merge="replace")
    assert draft.rows.count() == 1


def test_bad_file_raises_and_stores_nothing(draft, operator):
    with pytest.raises(InvalidValue, match="缺少必填列：身份证号码、姓名"):
        import_start(
            case=draft, data=csv_bytes([["民族"], ["汉族"]]), filename="a.csv", actor=operator
        )
    assert not RowImport.objects.exists() and not CaseRow.objects.exists()


def test_only_a_draft_takes_an_upload(draft, operator):
    cases.case_row_add(case=draft, raw=person_row(1))
    cases.case_submit(case=draft, actor=operator)
    with pytest.raises(cases.CaseError, match="已提交"):
        import_start(case=draft, data=roster(1), filename="a.xlsx", actor=operator)


def test_big_roster_runs_in_the_background_after_commit(
    draft, operator, settings, media, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 4
    cases.case_row_add(case=draft, raw=person_row(99))  # an earlier row, replaced
    parse = mock.patch(
        "shebao.services.batch.readers._workbook_grids", side_effect=AssertionError("parsed")
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks, parse:
        row_import = import_start(
            case=draft, data=roster(9, bad=[4]), filename="大.xlsx", actor=operator, merge="replace"
        )
    # The request only checked the declared sizes: the worker parses, and counts the rows.
    assert row_import.status == RowImport.Status.PENDING and row_import.total == 0
    assert row_import.file.name.startswith("imports/") and row_import.file.name.endswith(".xlsx")
    stored = media / row_import.file.name
    assert stored.exists()
    assert draft.rows.count() == 1  # nothing changes until the worker has finished
    assert len(callbacks) == 1

    with django_capture_on_commit_callbacks(execute=True):
        callbacks[0]()  # the eager Celery task runs here

    row_import.refresh_from_db()
    assert row_import.status == RowImport.Status.DONE
    assert (row_import.processed, row_import.passed, row_import.failed) == (9, 8, 1)
    assert [r.row_no for r in draft.rows.order_by("row_no")] == list(range(8, 17))
    assert draft.rows.get(row_no=12).errors[0]["column"] == "民族"
    assert not stored.exists()  # the file with ID numbers is gone once imported
    assert import_status(case=draft, import_id=row_import.pk).percent == 100


def test_background_import_reports_progress_in_chunks(
    draft, operator, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.IMPORT_BACKGROUND_ROWS = 2
    monkeypatch.setattr(imports, "CHUNK", 3)
    seen = []
    real_parse = imports.parse_rows

    def spy(**kwargs):
        seen.append(RowImport.objects.get().processed)
        return real_parse(**kwargs)

    monkeypatch.setattr(imports, "parse_rows", spy)
    with django_capture_on_commit_callbacks(execute=True):
        import_start(case=draft, data=roster(8), filename="a.xlsx", actor=operator)
    assert seen == [0, 3, 6]
    assert RowImport.objects.get().status == RowImport.Status.DONE


def test_crash_while_storing_leaves_the_earlier_rows(
    draft, operator, settings, django_capture_on_commit_callbacks
):
    import_start(case=draft, data=roster(2), filename="first.xlsx", actor=operator)
    before = list(draft.rows.order_by("row_no").values_list("row_no", "raw"))
    settings.IMPORT_BACKGROUND_ROWS = 3
    real_store = imports.store_rows

    def store_then_crash(case, items, *, replace):
        real_store(case, list(items)[:2], replace=replace)  # half-written ...
        raise RuntimeError("worker lost")  # ... then the crash

    with (
        mock.patch.object(imports, "store_rows", store_then_crash),
        django_capture_on_commit_callbacks(execute=True),
    ):
        row_import = import_start(
            case=draft, data=roster(6), filename="b.xlsx", actor=operator, merge="replace"
        )
    row_import.refresh_from_db()
    assert row_import.status == RowImport.Status.FAILED
    assert "原有数据未改动" in row_import.error
    assert list(draft.rows.order_by("row_no").values_list("row_no", "raw")) == before
    assert (settings.MEDIA_ROOT / row_import.file.name).exists()  # kept for a re-run


def test_the_task_claims_an_import_once(
    draft, operator, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 1
    with django_capture_on_commit_callbacks(execute=False):
        row_import = import_start(case=draft, data=roster(3), filename="a.xlsx", actor=operator)
    assert run_import(row_import.pk) is not None
    assert run_import(row_import.pk) is None  # a second delivery does nothing
    assert draft.rows.count() == 3


def test_redelivered_message_takes_over_an_import_left_running(
    draft, operator, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 1
    with django_capture_on_commit_callbacks(execute=False):
        row_import = import_start(case=draft, data=roster(3), filename="a.xlsx", actor=operator)
    RowImport.objects.filter(pk=row_import.pk).update(status="running", processed=2)  # worker died
    assert run_import(row_import.pk) is None
    done = run_import(row_import.pk, resume=True)
    assert done.status == RowImport.Status.DONE and draft.rows.count() == 3


def test_case_submitted_before_the_worker_ran(
    draft, operator, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 1
    cases.case_row_add(case=draft, raw=person_row(50))
    with django_capture_on_commit_callbacks(execute=False):
        row_import = import_start(
            case=draft, data=roster(3), filename="a.xlsx", actor=operator, merge="replace"
        )
    cases.case_submit(case=draft, actor=operator)
    with django_capture_on_commit_callbacks(execute=True):
        done = run_import(row_import.pk)
    assert done.status == RowImport.Status.FAILED
    assert done.error == "办件已不是草稿状态（待审核），本次上传未生效"
    assert not (settings.MEDIA_ROOT / done.file.name).exists()
    assert draft.rows.count() == 1


def test_a_newer_upload_supersedes_a_queued_one(
    draft, operator, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 2
    with django_capture_on_commit_callbacks(execute=False):
        old = import_start(case=draft, data=roster(3), filename="old.xlsx", actor=operator)
    settings.IMPORT_BACKGROUND_ROWS = 3000  # the newer one is checked at once
    with django_capture_on_commit_callbacks(execute=True):
        new = import_start(case=draft, data=roster(1), filename="new.xlsx", actor=operator)
    old.refresh_from_db()
    assert old.status == RowImport.Status.FAILED and old.error == "已被新上传的报盘取代"
    assert not (settings.MEDIA_ROOT / old.file.name).exists()
    assert run_import(old.pk) is None
    assert new.status == RowImport.Status.DONE and draft.rows.count() == 1


def test_import_status_is_scoped_to_the_case(draft, operator, unit):
    row_import = import_start(case=draft, data=roster(1), filename="a.xlsx", actor=operator)
    other = cases.case_start(service_code=ENROLMENT, unit=unit, operator=operator)
    assert import_status(case=draft, import_id=row_import.pk) == row_import
    with pytest.raises(RowImport.DoesNotExist):
        import_status(case=other, import_id=row_import.pk)


def test_id_number_typed_as_a_number_is_explained_and_stays_explained(draft, operator):
    data = filled_template([person_row(1), person_row(2, id_number=510725199301018000)])
    import_start(case=draft, data=data, filename="a.xlsx", actor=operator)
    stored = draft.rows.get(row_no=9)
    assert stored.raw["id_number"] == "5.10725E+17"
    message = "身份证号码“5.10725E+17”被 Excel 转成了科学计数法，后几位已丢失；请把该列设为文本格式后重新输入完整的 18 位号码"
    assert stored.errors == [{"column": "身份证号码", "message": message}]

    cases.case_row_delete(case=draft, row_nos=[8])  # re-validates the stored raw rows
    stored.refresh_from_db()
    assert stored.errors == [{"column": "身份证号码", "message": message}]


def test_the_worker_refuses_what_only_the_parse_finds(
    draft, operator, settings, django_capture_on_commit_callbacks
):
    """A 20,000-character cell passes the request's size checks; the worker's parse refuses
    it with the reason and stores nothing (the file goes)."""
    from tests.hostile import make_corpus

    settings.IMPORT_BACKGROUND_ROWS = 1
    data = make_corpus.xlsx_long_cell()
    with django_capture_on_commit_callbacks(execute=True):
        row_import = import_start(case=draft, data=data, filename="长.xlsx", actor=operator)
    row_import.refresh_from_db()
    assert row_import.status == RowImport.Status.FAILED
    assert row_import.error == (
        "第 2 行【姓名】的内容有 20000 个字符，超过 500 个字符的上限；请检查是否填错了列"
    )
    assert not draft.rows.exists()
    assert not (settings.MEDIA_ROOT / row_import.file.name).exists()


def test_the_worker_guards_a_stored_file_too(draft, settings):
    """A file queued before the guard existed (or put there any other way) is refused by the
    worker from its declared size, before any grid is built."""
    from django.core.files.base import ContentFile

    from tests.hostile import make_corpus

    row_import = RowImport(case=draft, original_name="far.xlsx")
    row_import.file.save("far.xlsx", ContentFile(make_corpus.xlsx_far_cell()), save=True)
    done = run_import(row_import.pk)
    assert done.status == RowImport.Status.FAILED
    assert done.error == (
        "报盘文件最多 200000 行，当前工作表“Sheet1”有 1048576 行；请分成多个文件上传"
    )
    assert not draft.rows.exists()


def test_a_small_roster_is_guarded_once_then_parsed(draft, operator):
    from shebao.services.batch import readers

    guard = mock.Mock(wraps=readers.roster_guard)
    with (
        mock.patch.object(imports, "roster_guard", guard),
        mock.patch.object(readers, "roster_guard", guard),
    ):
        row_import = import_start(case=draft, data=roster(2), filename="a.xlsx", actor=operator)
    assert row_import.status == RowImport.Status.DONE and guard.call_count == 1
