"""A background import whose worker died is shown as 已中断 within minutes, then retried from
its stored file or abandoned (file and import deleted); a late worker of the dead attempt
stores nothing (issue #10 §7)."""

import datetime as dt

import pytest
from django.utils import timezone

from shebao.audit.models import AuditEvent
from shebao.cases import services as cases
from shebao.cases.import_lease import (
    import_retry,
    imports_sweep,
    lease_claim,
    lease_renew,
)
from shebao.cases.imports import import_start, run_import
from shebao.cases.models import RowImport
from shebao.cases.services import CaseError
from tests.batch.files import ENROLMENT
from tests.batch.test_imports import person_row, roster


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_BACKGROUND_ROWS = 2
    settings.IMPORT_LEASE_SECONDS = 120
    return tmp_path


@pytest.fixture
def draft(unit, operator):
    case = cases.case_start(service_code=ENROLMENT, unit=unit, operator=operator)
    case = cases.case_accept(
        case=case, declarant="王建", declarant_mobile="18555555555", agreement_accepted=True
    )
    cases.case_row_add(case=case, raw=person_row(77))  # an earlier row the import would replace
    return case


@pytest.fixture
def dead(draft, operator, django_capture_on_commit_callbacks):
    """An import whose worker took it, got to row 2 of 5, and died 3 minutes ago."""
    with django_capture_on_commit_callbacks(execute=False):  # the message is never delivered
        row_import = import_start(
            case=draft, data=roster(5), filename="大.xlsx", actor=operator, merge="replace"
        )
    claimed = lease_claim(import_id=row_import.pk, statuses=["pending"])
    assert claimed is not None and claimed.attempt == 1
    RowImport.objects.filter(pk=row_import.pk).update(
        processed=2, total=5, heartbeat_at=timezone.now() - dt.timedelta(minutes=3)
    )
    return claimed


def _poll(client, row_import):
    url = f"/cases/{row_import.case_id}/imports/{row_import.pk}/progress/"
    return client.get(url).json()


def test_the_poll_says_interrupted_once_the_heartbeat_is_stale(op_client, dead, media):
    progress = _poll(op_client, dead)
    assert progress["status"] == "stalled" and progress["status_display"] == "已中断"
    assert progress["finished"] is True and progress["percent"] == 40
    assert progress["error"].startswith("后台校验已中断（处理进程停止响应），办件原有数据未改动")
    assert progress["next"].endswith(f"tab=batch&import={dead.pk}")
    page = op_client.get(progress["next"]).content.decode()
    assert f"/imports/{dead.pk}/retry/" in page and f"/imports/{dead.pk}/abandon/" in page
    assert "已中断" in page and (media / dead.file.name).exists()  # kept for the retry


def test_a_worker_that_still_reports_stays_running(op_client, dead):
    RowImport.objects.filter(pk=dead.pk).update(heartbeat_at=timezone.now())
    progress = _poll(op_client, dead)
    assert progress["status"] == "running" and progress["finished"] is False


def test_retry_validates_the_stored_file_again(
    op_client, dead, draft, media, django_capture_on_commit_callbacks
):
    _poll(op_client, dead)
    with django_capture_on_commit_callbacks(execute=True):  # the eager task runs on commit
        response = op_client.post(f"/cases/{draft.pk}/imports/{dead.pk}/retry/")
    assert response.status_code == 302
    # back to the progress bar, queued again; the worker (here: on commit) then finishes it
    assert response["Location"] == f"/cases/{draft.pk}/step/2/?tab=batch&import={dead.pk}"
    dead.refresh_from_db()
    assert dead.status == "done" and (dead.processed, dead.passed) == (5, 5)
    assert dead.attempt == 2 and dead.error == ""
    assert draft.rows.count() == 5
    assert not (media / dead.file.name).exists()  # imported: the file with ID numbers is gone
    event = AuditEvent.objects.get(case=draft, event_type="case.import_retry")
    assert event.detail["import_id"] == dead.pk and event.detail["processed"] == 2


def test_abandon_deletes_the_file_and_the_import(
    op_client, dead, draft, media, django_capture_on_commit_callbacks
):
    path = media / dead.file.name
    _poll(op_client, dead)
    with django_capture_on_commit_callbacks(execute=True):
        response = op_client.post(f"/cases/{draft.pk}/imports/{dead.pk}/abandon/", follow=True)
    assert "已放弃报盘 大.xlsx，上传的文件已删除，办件原有数据未改动" in response.content.decode()
    assert not path.exists()
    assert not RowImport.objects.filter(pk=dead.pk).exists()
    assert draft.rows.count() == 1  # the case keeps the row it had
    assert (
        AuditEvent.objects.get(case=draft, event_type="case.import_abandon").detail["file"]
        == "大.xlsx"
    )


def test_only_an_interrupted_import_is_retried(dead, draft, operator):
    RowImport.objects.filter(pk=dead.pk).update(heartbeat_at=timezone.now())
    with pytest.raises(CaseError, match="该报盘当前为“校验中”，只有已中断的报盘可以重试或放弃"):
        import_retry(case=draft, import_id=dead.pk, actor=operator)


def test_the_dead_attempt_stores_nothing_once_retried(
    dead, draft, operator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        import_retry(case=draft, import_id=dead.pk, actor=operator)  # marks it stalled first
    assert run_import(dead.pk) is not None  # the retried message: attempt 2
    assert len(queued) == 1
    assert lease_renew(dead, processed=4) is False  # the old worker wakes up: no longer its own
    dead.refresh_from_db()
    assert dead.status == "done" and dead.processed == 5


def test_the_sweep_marks_dead_imports_and_abandons_forgotten_ones(
    dead, media, django_capture_on_commit_callbacks
):
    path = media / dead.file.name
    assert imports_sweep() == (1, 0)
    assert RowImport.objects.get(pk=dead.pk).status == "stalled" and path.exists()
    assert imports_sweep(now=timezone.now() + dt.timedelta(hours=23)) == (0, 0)
    with django_capture_on_commit_callbacks(execute=True):
        assert imports_sweep(now=timezone.now() + dt.timedelta(hours=25)) == (0, 1)
    forgotten = RowImport.objects.get(pk=dead.pk)
    assert forgotten.status == "failed" and forgotten.error.startswith("已中断的报盘超过 24 小时")
    assert not path.exists()


def test_the_sweep_is_scheduled_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["imports-sweep"]
    assert entry["task"] == "shebao.cases.tasks.imports_sweep" and entry["schedule"] == 60.0
