"""The lease of a background import: a dead worker's import is found, retried or abandoned.

A worker claims an import with a new ``attempt`` number and renews ``heartbeat_at`` every
chunk of rows. An import ``running`` whose heartbeat is older than
``settings.IMPORT_LEASE_SECONDS`` lost its worker (killed, out of memory, the web process of
the embedded mode restarted): the status poll and the scheduled sweep mark it 已中断
(``stalled``) instead of leaving it at 28% until the broker redelivers it an hour later. The
user then retries it (validation starts over from the stored file: nothing of the dead attempt
was stored) or abandons it (the file with ID numbers and the import are deleted). A late
worker of an older attempt stores nothing: every write it makes is filtered on its attempt.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.audit.services import audit_record
from shebao.audit.types import EventType

from .models import Case, CaseStatus, RowImport
from .services import NOT_DRAFT, CaseError

logger = logging.getLogger(__name__)

STALLED = gettext_noop(
    "后台校验已中断（处理进程停止响应），办件原有数据未改动；"
    "请点击【重试】从已上传的文件重新校验，或点击【放弃】删除本次上传的文件"
)
ABANDONED = gettext_noop(
    "已中断的报盘超过 %(h)d 小时未处理，系统已放弃并删除上传的文件；请重新上传"
)
NOT_STALLED = gettext_noop("该报盘当前为“%(s)s”，只有已中断的报盘可以重试或放弃")


def lease_claim(*, import_id: int, statuses: list[str]) -> RowImport | None:
    """Take an import in one of ``statuses`` as a new attempt, or None if another has it.

    Compare-and-set on ``attempt``: of two workers claiming at once, exactly one wins.
    """
    current = RowImport.objects.filter(pk=import_id, status__in=statuses).first()
    if current is None:
        return None
    claimed = RowImport.objects.filter(
        pk=import_id, status__in=statuses, attempt=current.attempt
    ).update(
        status=RowImport.Status.RUNNING,
        processed=0,
        error="",
        attempt=current.attempt + 1,
        heartbeat_at=timezone.now(),
    )
    if not claimed:
        return None
    return RowImport.objects.select_related("case__unit__region").get(pk=import_id)


def lease_held(row_import: RowImport) -> QuerySet[RowImport]:
    """The import as long as this attempt still runs it (empty once stalled or superseded)."""
    return RowImport.objects.filter(
        pk=row_import.pk, status=RowImport.Status.RUNNING, attempt=row_import.attempt
    )


def lease_renew(row_import: RowImport, **fields: Any) -> bool:
    """Heartbeat (with progress ``fields``); False when this attempt no longer holds the import."""
    return bool(lease_held(row_import).update(heartbeat_at=timezone.now(), **fields))


def imports_mark_stalled(*, case: Case | None = None, now: dt.datetime | None = None) -> int:
    """Mark ``running`` imports whose worker stopped reporting as stalled; how many."""
    cutoff = (now or timezone.now()) - dt.timedelta(seconds=settings.IMPORT_LEASE_SECONDS)
    dead = RowImport.objects.filter(_silent_since(cutoff), status=RowImport.Status.RUNNING)
    if case is not None:
        dead = dead.filter(case=case)
    count = dead.update(status=RowImport.Status.STALLED, error=_(STALLED))
    if count:
        logger.warning("%d import(s) lost their worker and are now stalled", count)
    return count


def imports_sweep(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """The scheduled sweep: mark dead imports stalled; abandon those stalled for too long.

    Returns (newly stalled, abandoned). An abandoned import stays as ``failed`` without its file.
    """
    from .imports import _delete_files_on_commit

    now = now or timezone.now()
    stalled = imports_mark_stalled(now=now)
    cutoff = now - dt.timedelta(hours=settings.IMPORT_ABANDON_HOURS)
    with transaction.atomic():
        forgotten = RowImport.objects.filter(_silent_since(cutoff), status=RowImport.Status.STALLED)
        _delete_files_on_commit(forgotten)
        abandoned = forgotten.update(
            status=RowImport.Status.FAILED,
            error=_(ABANDONED) % {"h": settings.IMPORT_ABANDON_HOURS},
            finished_at=now,
        )
    return stalled, abandoned


def import_retry(*, case: Case, import_id: int, actor: Any, ip: str | None = None) -> RowImport:
    """【重试】: queue a stalled import again; validation starts over from the stored file."""
    from .tasks import import_rows

    with transaction.atomic():
        row_import = _lock_stalled(case, import_id)
        RowImport.objects.filter(pk=row_import.pk).update(
            status=RowImport.Status.PENDING, processed=0, error="", heartbeat_at=None
        )
        _event(case, actor, ip, row_import, EventType.CASE_IMPORT_RETRY)
        transaction.on_commit(lambda: import_rows.delay(row_import.pk))
    row_import.refresh_from_db()
    return row_import


def import_abandon(*, case: Case, import_id: int, actor: Any, ip: str | None = None) -> None:
    """【放弃】: delete a stalled import and its file; the case keeps the rows it had."""
    from .imports import _delete_files_on_commit

    with transaction.atomic():
        row_import = _lock_stalled(case, import_id)
        _event(case, actor, ip, row_import, EventType.CASE_IMPORT_ABANDON)
        _delete_files_on_commit(RowImport.objects.filter(pk=row_import.pk))
        row_import.delete()


def _silent_since(cutoff: dt.datetime) -> Q:
    """No heartbeat since ``cutoff`` (an import from before the lease existed: its creation)."""
    return Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)


def _lock_stalled(case: Case, import_id: int) -> RowImport:
    """Lock the draft case, then its import (the order ``cases.imports`` locks them in)."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status != CaseStatus.DRAFT:
        raise CaseError(_(NOT_DRAFT))
    imports_mark_stalled(case=locked)
    row_import = RowImport.objects.select_for_update().get(case=locked, pk=import_id)
    if row_import.status != RowImport.Status.STALLED:
        raise CaseError(_(NOT_STALLED) % {"s": row_import.get_status_display()})
    return row_import


def import_event(
    case: Case, actor: Any, ip: str | None, row_import: RowImport, event_type: str, **detail: Any
) -> None:
    """A roster import's step in the case record (upload, retry, abandon), with its file."""
    audit_record(
        event_type=event_type,
        case=case,
        from_status=case.status,
        to_status=case.status,
        actor=actor,
        acting_unit=case.unit,
        ip=ip,
        detail={"import_id": row_import.pk, "file": row_import.original_name, **detail},
    )


def _event(case: Case, actor: Any, ip: str | None, row_import: RowImport, event_type: str) -> None:
    import_event(
        case,
        actor,
        ip,
        row_import,
        event_type,
        attempt=row_import.attempt,
        processed=row_import.processed,
        total=row_import.total,
    )
