"""Purge of personal data kept longer than needed (PIPL 第十九条), run daily by celery beat or
``manage.py purge_personal_data``; each run is one audit event with its counts.

- A draft untouched for ``SHEBAO_DRAFT_RETENTION_DAYS`` (no change to the case, no event) loses
  its rows (typed ``raw`` and validated ``cleaned``, both hold ID numbers), its roster imports
  with their files, its materials with their files and the declarant's name and mobile. The
  case itself and its events stay: deleting the case would cascade away its audit trail, and
  the unit still sees in 办件记录 that the draft existed (empty now).
- A finished roster import (done or failed) keeps its uploaded file for
  ``SHEBAO_UPLOAD_RETENTION_DAYS``, then the file goes; the import's counts stay.

Files are removed only after the transaction commits, so a rolled-back run deletes nothing.
Running twice deletes nothing twice.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from shebao.audit.reads import ReadAction, access_read_record

from .models import Case, CaseMaterial, CaseRow, CaseStatus, RowImport

FINISHED = (RowImport.Status.DONE, RowImport.Status.FAILED)


@dataclass(frozen=True)
class PurgeResult:
    drafts: int = 0
    rows: int = 0
    materials: int = 0
    imports: int = 0
    upload_files: int = 0


@transaction.atomic
def personal_data_purge(*, now: dt.datetime | None = None) -> PurgeResult:
    """Delete what the retention settings say is due; returns (and audits) the counts."""
    now = now or timezone.now()
    draft_cutoff = now - dt.timedelta(days=settings.DRAFT_RETENTION_DAYS)
    upload_cutoff = now - dt.timedelta(days=settings.UPLOAD_RETENTION_DAYS)

    abandoned = list(
        Case.objects.filter(status=CaseStatus.DRAFT, updated_at__lt=draft_cutoff)
        .annotate(last_event=Max("events__at"))
        .filter(Q(last_event__lt=draft_cutoff) | Q(last_event__isnull=True))
        .filter(
            Q(rows__isnull=False)
            | Q(materials__isnull=False)
            | Q(imports__isnull=False)
            | ~Q(declarant="")
            | ~Q(declarant_mobile="")
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    _total, deleted = CaseRow.objects.filter(case_id__in=abandoned).delete()
    materials = CaseMaterial.objects.filter(case_id__in=abandoned)
    _delete_files_on_commit(m.file for m in materials)
    _total, deleted_materials = materials.delete()
    imports = RowImport.objects.filter(case_id__in=abandoned)
    _delete_files_on_commit(i.file for i in imports.exclude(file=""))
    _total, deleted_imports = imports.delete()
    Case.objects.filter(pk__in=abandoned).update(declarant="", declarant_mobile="")

    old_uploads = (
        RowImport.objects.filter(status__in=FINISHED)
        .exclude(file="")
        .filter(
            Q(finished_at__lt=upload_cutoff)
            | Q(finished_at__isnull=True, created_at__lt=upload_cutoff)
        )
    )
    upload_files = list(old_uploads)
    _delete_files_on_commit(i.file for i in upload_files)
    RowImport.objects.filter(pk__in=[i.pk for i in upload_files]).update(file="")

    result = PurgeResult(
        drafts=len(abandoned),
        rows=deleted.get(CaseRow._meta.label, 0),
        materials=deleted_materials.get(CaseMaterial._meta.label, 0),
        imports=deleted_imports.get(RowImport._meta.label, 0),
        upload_files=len(upload_files),
    )
    access_read_record(
        action=ReadAction.PURGE,
        actor=None,
        unit=None,
        **asdict(result),
        draft_retention_days=settings.DRAFT_RETENTION_DAYS,
        upload_retention_days=settings.UPLOAD_RETENTION_DAYS,
        case_ids=sorted(abandoned),
    )
    return result


def _delete_files_on_commit(files: Any) -> None:
    for file in files:
        if isinstance(file, FieldFile) and file.name:
            transaction.on_commit(functools.partial(file.storage.delete, file.name))
