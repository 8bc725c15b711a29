"""Issue #10: rows, roster files and materials of abandoned drafts, and finished imports'
uploaded files, are purged after the configured retention; each run is audited."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db.models import QuerySet
from django.utils import timezone

from shebao.audit.models import AuditEvent
from shebao.cases.models import Case, RowImport
from tests.projects.conftest import private_media  # noqa: F401  (uploads in a tmp folder)
from tests.projects.helpers import CONSTRUCTION, construction_raw, draft, upload
from tests.web.helpers import draft_case, submitted_case

pytestmark = pytest.mark.django_db


def age(case, days):
    """Make the case and its events look ``days`` old (auto_now fields: set by update())."""
    then = timezone.now() - dt.timedelta(days=days)
    Case.objects.filter(pk=case.pk).update(updated_at=then)
    QuerySet(AuditEvent).filter(case=case).update(at=then)  # the trail is append-only


def roster_import(case, *, days, status=RowImport.Status.DONE):
    row_import = RowImport(case=case, original_name="名单.xlsx", status=status)
    row_import.file.save("roster.xlsx", ContentFile(b"110101199001011234"), save=False)
    row_import.save()
    finished = timezone.now() - dt.timedelta(days=days)
    RowImport.objects.filter(pk=row_import.pk).update(finished_at=finished)
    return Path(row_import.file.path)


def run(capture):
    out = io.StringIO()
    with capture(execute=True):
        call_command("purge_personal_data", stdout=out)
    return out.getvalue()


def test_abandoned_draft_loses_rows_files_and_declarant(
    unit, operator, settings, django_capture_on_commit_callbacks
):
    settings.DRAFT_RETENTION_DAYS = 30
    from shebao.cases import services as cases

    old = draft(CONSTRUCTION, unit, operator)
    assert cases.case_row_add(case=old, raw=construction_raw()).passed
    upload(old, "施工合同", operator)
    material = Path(old.materials.get().file.path)
    roster = roster_import(old, days=31, status=RowImport.Status.FAILED)
    age(old, 31)
    recent = draft_case(unit, operator, rows=2)
    age(recent, 29)
    assert material.exists() and roster.exists()

    out = run(django_capture_on_commit_callbacks)

    assert "drafts=1 rows=1 materials=1 imports=1" in out
    old.refresh_from_db()
    assert not old.rows.exists() and not old.materials.exists() and not old.imports.exists()
    assert (old.declarant, old.declarant_mobile, old.status) == ("", "", "draft")
    assert old.events.exists()  # the case's audit trail stays
    assert not material.exists() and not roster.exists()
    assert recent.rows.count() == 2  # 29 days: kept
    event = AuditEvent.objects.get(event_type="access.purge")
    assert event.acting_unit is None and event.actor is None
    assert event.detail["drafts"] == 1 and event.detail["rows"] == 1
    assert event.detail["case_ids"] == [old.pk]
    assert event.detail["draft_retention_days"] == 30


def test_finished_imports_lose_their_file_after_upload_retention(
    unit, operator, settings, django_capture_on_commit_callbacks
):
    settings.UPLOAD_RETENTION_DAYS = 7
    case = submitted_case(unit, operator)
    stale = roster_import(case, days=8)
    fresh = roster_import(case, days=6)
    running = roster_import(case, days=30, status=RowImport.Status.RUNNING)

    out = run(django_capture_on_commit_callbacks)

    assert "upload_files=1" in out
    assert not stale.exists() and fresh.exists() and running.exists()
    assert RowImport.objects.filter(file="").count() == 1
    assert case.rows.exists()  # a submitted case keeps its rows
    assert AuditEvent.objects.get(event_type="access.purge").detail["upload_files"] == 1


def test_a_second_run_deletes_nothing_and_is_audited_too(
    unit, operator, django_capture_on_commit_callbacks
):
    old = draft_case(unit, operator, rows=3)
    age(old, 40)
    run(django_capture_on_commit_callbacks)
    out = run(django_capture_on_commit_callbacks)
    assert out.strip() == "drafts=0 rows=0 materials=0 imports=0 upload_files=0"
    assert AuditEvent.objects.filter(event_type="access.purge").count() == 2


def test_beat_runs_the_purge_daily(settings):
    from shebao.cases.tasks import personal_data_purge_due

    entry = settings.CELERY_BEAT_SCHEDULE["personal-data-purge"]
    assert entry["task"] == personal_data_purge_due.name
    personal_data_purge_due()
    assert AuditEvent.objects.filter(event_type="access.purge").count() == 1
