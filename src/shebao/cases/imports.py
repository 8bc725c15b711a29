"""批量添加 into a case: a roster upload becomes the case's rows, all or nothing.

The one import path of every channel: the web's 【上传校验】, the API's declaration and its
dry-run validation all take rows from here, so the service's modes, the hostile-file guard
and the row and cell limits apply the same way everywhere.

Stages (the Open Zaak import pattern): the file's declared sizes are checked at once (a
hostile or damaged file raises ``InvalidValue`` and stores nothing) -> a ``RowImport``
records the upload -> small rosters are parsed, validated and stored in the request, big
ones are parsed only by a Celery worker, in chunks (``processed`` drives the progress bar),
which runs the cross-row and database checks once and replaces the case's rows in one
transaction at the end. A crash anywhere before that commit leaves the case's previous rows
as they were.

Onto a draft that has rows, the user chooses 追加 or 替换 (``cases.import_choice``).
"""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.audit.lookups import row_id_numbers
from shebao.audit.types import EventType
from shebao.core.errors import InvalidValue
from shebao.registry.lookup_audit import person_lookups_record
from shebao.services.batch.errorbook import failed_rows_xlsx
from shebao.services.batch.gcpause import gc_paused
from shebao.services.batch.guard import MAX_ROWS, check_cell
from shebao.services.batch.readers import Declared, Roster, read_roster, roster_guard
from shebao.services.registry import registry
from shebao.services.rows import SubTable
from shebao.services.spec import Mode, ServiceSpec
from shebao.services.validation import (
    ValidatedRow,
    ValidationResult,
    check_rows,
    parse_rows,
    validate_rows,
)

from .import_choice import Choice
from .import_lease import import_event, imports_mark_stalled, lease_claim, lease_held, lease_renew
from .models import Case, CaseStatus, RowImport
from .rows import store_rows
from .services import NOT_DRAFT, CaseError, mode_check

logger = logging.getLogger(__name__)

#: Rows parsed between two progress updates of a background import.
CHUNK = 2000
SUPERSEDED = gettext_noop("已被新上传的报盘取代")
CRASHED = gettext_noop("后台校验出错，本次上传未生效，办件原有数据未改动；请重新上传")
CASE_NOT_DRAFT = gettext_noop("办件已不是草稿状态（%(s)s），本次上传未生效")
TOO_MANY_ROWS = gettext_noop("一次最多 %(m)d 行，当前有 %(n)d 行；请分成多次申报")
GIVEN_ROWS = gettext_noop("数据行")

Rows = list[tuple[int, dict[str, Any]]]


def roster_read(
    *, spec: ServiceSpec[Any], data: bytes, filename: str, declared: Declared | None = None
) -> Roster:
    """A roster file from any channel: 批量添加 must be one of the service's modes, then the
    guard (declared sizes; skipped when ``declared`` is its answer) and the parse. A problem
    with the file raises ``InvalidValue``."""
    mode_check(spec=spec, mode=Mode.BATCH)
    return read_roster(spec, data, filename, declared=declared)


def rows_given(*, spec: ServiceSpec[Any], rows: Sequence[Mapping[str, Any]]) -> Rows:
    """Rows an HR system sends as JSON, numbered 1..n, keyed by field names or the template's
    column labels; under a file's limits (the service's modes, the row count, the length of
    any one value). Keys that are not columns of the service are dropped."""
    mode_check(spec=spec, mode=Mode.BATCH, rows=len(rows))
    if len(rows) > MAX_ROWS:
        raise InvalidValue(_(TOO_MANY_ROWS) % {"m": MAX_ROWS, "n": len(rows)})
    columns = spec.row.columns()
    names = {c.name: c.name for c in columns} | {c.label: c.name for c in columns}
    names |= {c.header: c.name for c in columns}  # the template's header, e.g. "… (A)"
    labels = {c.name: c.label for c in columns}
    tables = {t.name: t for t in spec.row.subtables()} | {t.title: t for t in spec.row.subtables()}
    given: Rows = []
    for number, raw in enumerate(rows, start=1):
        values: dict[str, Any] = {}
        for key, value in raw.items():
            table = tables.get(str(key))
            if table is not None:
                values[table.name] = _subrows_given(table, value, number)
                continue
            name = names.get(str(key))
            if name is None:
                continue
            if isinstance(value, str) or not isinstance(value, int | float | bool | None):
                check_cell(str(value), row=number, column=labels[name])
            values[name] = value
        given.append((number, values))
    return given


def _subrows_given(table: SubTable, value: Any, number: int) -> Any:
    """A sub-table sent as an array of objects, keyed like a row (names or labels), under
    the same cell limits; anything else is left for validation to refuse (应为行的列表)."""
    if not isinstance(value, list):
        return value
    columns = table.columns()
    names = {c.name: c.name for c in columns} | {c.label: c.name for c in columns}
    out: list[Any] = []
    for sub in value:
        if not isinstance(sub, Mapping):
            out.append(sub)
            continue
        kept: dict[str, Any] = {}
        for key, cell in sub.items():
            name = names.get(str(key))
            if name is None:
                continue
            if isinstance(cell, str) or not isinstance(cell, int | float | bool | None):
                check_cell(str(cell), row=number, column=table.title)
            kept[name] = cell
        out.append(kept)
    return out


def import_start(
    *,
    case: Case,
    data: bytes,
    filename: str,
    actor: Any,
    ip: str | None = None,
    wait: bool = False,
    channel: str = "web",
    lookups: list[str] | None = None,
    merge: str | None = None,
) -> RowImport:
    """【上传校验】: make a roster the case's rows, now or in the background.

    ``merge`` (``RowImport.Merge``) must be given when the draft has rows: 追加 or 替换.

    Only the guard runs first (the declared sizes). A file reaching up to
    ``settings.IMPORT_BACKGROUND_ROWS`` lines is parsed, validated and stored before this
    returns (status ``done``); a longer one is stored as it is and handed, unparsed, to the
    ``import_rows`` task once the transaction commits (status ``pending``, ``total`` known
    once the worker has read it; poll :func:`import_status`). ``wait`` (the API's
    one-transaction declaration) validates in this request whatever the size. A problem with
    the file as a whole raises ``InvalidValue``. ``lookups``: collect the rows' ID numbers
    there for a caller that audits them outside a transaction it may roll back.
    """
    if case.status != CaseStatus.DRAFT:
        raise CaseError(_(NOT_DRAFT))
    spec = registry[case.service_code]
    mode_check(spec=spec, mode=Mode.BATCH)
    choice = Choice.of(case, merge)
    declared = roster_guard(data, filename)
    name = (filename.replace("\\", "/").rsplit("/", 1)[-1] or "报盘")[:200]
    if not wait and declared.lines > settings.IMPORT_BACKGROUND_ROWS:
        row_import = _enqueue(case, declared, data, name, actor, ip, choice)
    else:
        roster = roster_read(spec=spec, data=data, filename=filename, declared=declared)
        _lookups_record(case, roster.rows, actor, ip, channel, lookups)
        rows, updated = choice.rows(case, spec, roster.rows)
        result = validate_rows(spec=spec, unit=case.unit, rows=rows)
        row_import = _store_inline(case, result, name, actor, ip, choice, updated)
        case.refresh_from_db(fields=["mode", "updated_at"])
    row_import.refresh_from_db()
    return row_import


def import_given(
    *,
    case: Case,
    rows: Sequence[Mapping[str, Any]],
    actor: Any,
    ip: str | None = None,
    lookups: list[str] | None = None,
    merge: str | None = None,
) -> RowImport:
    """The API's JSON rows made the case's rows, validated in the request and recorded as an
    import like a file (see :func:`rows_given` for their limits; ``lookups`` as for
    :func:`import_start`)."""
    if case.status != CaseStatus.DRAFT:
        raise CaseError(_(NOT_DRAFT))
    spec = registry[case.service_code]
    choice = Choice.of(case, merge)
    given = rows_given(spec=spec, rows=rows)
    _lookups_record(case, given, actor, ip, "api", lookups)
    merged, updated = choice.rows(case, spec, given)
    result = validate_rows(spec=spec, unit=case.unit, rows=merged)
    row_import = _store_inline(case, result, _(GIVEN_ROWS), actor, ip, choice, updated)
    case.refresh_from_db(fields=["mode", "updated_at"])
    row_import.refresh_from_db()
    return row_import


def import_status(*, case: Case, import_id: int) -> RowImport:
    """One import of ``case`` (already scoped to the acting unit by ``case_get``).

    Polled by the progress bar: an import whose worker stopped reporting becomes 已中断 here.
    """
    imports_mark_stalled(case=case)
    return RowImport.objects.select_related("case").get(case=case, pk=import_id)


def _lookups_record(
    case: Case,
    rows: Sequence[tuple[int, Mapping[str, Any]]],
    actor: Any,
    ip: str | None,
    channel: str,
    collect: list[str] | None = None,
) -> None:
    """Every channel's rows count towards the bulk look-up audit (issue #10 §2); ``collect``
    takes their ID numbers instead, for a caller that audits outside its transaction."""
    if collect is not None:
        collect.extend(row_id_numbers(rows))
        return
    person_lookups_record(
        unit=case.unit,
        actor=actor,
        ip=ip,
        channel=channel,
        service=case.service_code,
        id_numbers=row_id_numbers(rows),
    )


def case_failed_rows_xlsx(*, case: Case) -> bytes:
    """The case's failed rows as a workbook with the reasons column, to fix and upload again."""
    spec = registry[case.service_code]
    return failed_rows_xlsx(spec, case.rows.filter(passed=False).order_by("row_no"))


def _enqueue(
    case: Case,
    declared: Declared,
    data: bytes,
    name: str,
    actor: Any,
    ip: str | None,
    choice: Choice,
) -> RowImport:
    from .tasks import import_rows

    with transaction.atomic():
        choice.still_current(_lock_draft(case))
        _supersede(case)
        row_import = RowImport(
            case=case, original_name=name, merge=choice.merge, basis_revision=choice.basis
        )
        # A random name: the user's file name never becomes a path on our disk.
        row_import.file.save(f"{uuid.uuid4().hex}.{declared.kind}", ContentFile(data), save=False)
        row_import.save()
        _event(case, actor, ip, row_import, background=True)
        pk = row_import.pk
        transaction.on_commit(lambda: import_rows.delay(pk))
    return row_import


def _store_inline(
    case: Case,
    result: ValidationResult,
    name: str,
    actor: Any,
    ip: str | None,
    choice: Choice,
    updated: int,
) -> RowImport:
    """The counts are of the rows the case holds afterwards (with 追加, the draft's too)."""
    total = len(result.rows)
    passed = sum(1 for r in result.rows if r.passed)
    with transaction.atomic():
        case = _lock_draft(case)
        choice.still_current(case)
        _supersede(case)
        _replace_rows(case, result.rows)
        row_import = RowImport.objects.create(
            case=case,
            original_name=name,
            status=RowImport.Status.DONE,
            total=total,
            processed=total,
            passed=passed,
            failed=total - passed,
            finished_at=timezone.now(),
            merge=choice.merge,
            basis_revision=choice.basis,
            updated=updated,
        )
        _event(case, actor, ip, row_import, background=False)
    return row_import


def run_import(import_id: int, *, resume: bool = False) -> RowImport | None:
    """The background import (called by the ``import_rows`` task); safe to call twice.

    Claims the import pending -> running as a new attempt (``import_lease``), so a second
    delivery of the same message does nothing. ``resume`` (a message redelivered after its
    worker died) may also take over an import left ``running`` or stalled: nothing of it was
    stored, so it starts over.
    """
    statuses: list[str] = [RowImport.Status.PENDING]
    if resume:
        statuses += [RowImport.Status.RUNNING, RowImport.Status.STALLED]
    row_import = lease_claim(import_id=import_id, statuses=statuses)
    if row_import is None:
        logger.info("import %s: not pending, nothing to do", import_id)
        return None
    try:
        result = _validate_in_chunks(row_import)
        if result is None:
            return row_import  # superseded while parsing
        _store_background(row_import, result)
    except InvalidValue as exc:
        _fail(row_import, str(exc))
    except Exception:
        logger.exception("import %s crashed", import_id)
        _fail(row_import, _(CRASHED), keep_file=True)
    row_import.refresh_from_db()
    return row_import


def _validate_in_chunks(row_import: RowImport) -> ValidationResult | None:
    case = row_import.case
    if case.status != CaseStatus.DRAFT:
        raise InvalidValue(_(CASE_NOT_DRAFT) % {"s": case.get_status_display()})
    spec = registry[case.service_code]
    with row_import.file.open("rb") as handle:
        data = handle.read()
    roster = roster_read(spec=spec, data=data, filename=row_import.original_name)
    del data
    started = case.events.filter(
        event_type=EventType.CASE_IMPORT, detail__import_id=row_import.pk
    ).first()
    if started is not None:  # who uploaded it, from where: the import's own event
        _lookups_record(case, roster.rows, started.actor, started.ip, "web")
    choice = Choice(merge=row_import.merge, basis=row_import.basis_revision)
    choice.still_current(case)  # fail early; checked again under the lock when storing
    rows, updated = choice.rows(case, spec, roster.rows)
    if updated:
        RowImport.objects.filter(pk=row_import.pk).update(updated=updated)
    if not lease_renew(row_import, total=len(rows)):
        return None
    validated: list[ValidatedRow] = []
    with gc_paused():
        for start in range(0, len(rows), CHUNK):
            validated.extend(parse_rows(spec=spec, rows=rows[start : start + CHUNK]))
            if not lease_renew(row_import, processed=len(validated)):
                return None  # superseded, or stalled and handed to another attempt
        return check_rows(spec=spec, unit=case.unit, validated=validated)


def _store_background(row_import: RowImport, result: ValidationResult) -> None:
    passed = sum(1 for r in result.rows if r.passed)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=row_import.case_id)
        if case.status != CaseStatus.DRAFT:
            raise InvalidValue(_(CASE_NOT_DRAFT) % {"s": case.get_status_display()})
        if lease_held(row_import).select_for_update().first() is None:
            return  # superseded by a newer upload, or stalled: this attempt stores nothing
        Choice(merge=row_import.merge, basis=row_import.basis_revision).still_current(case)
        _replace_rows(case, result.rows)
        RowImport.objects.filter(pk=row_import.pk).update(
            status=RowImport.Status.DONE,
            processed=len(result.rows),
            total=len(result.rows),
            passed=passed,
            failed=len(result.rows) - passed,
            finished_at=timezone.now(),
        )
        _delete_files_on_commit(RowImport.objects.filter(pk=row_import.pk))


def _replace_rows(case: Case, rows: list[ValidatedRow]) -> None:
    with gc_paused():
        store_rows(case, rows, replace=True)
    case.mode = Mode.BATCH
    case.save(update_fields=["mode", "updated_at"])


def _lock_draft(case: Case) -> Case:
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status != CaseStatus.DRAFT:
        raise CaseError(_(NOT_DRAFT))
    return locked


def _supersede(case: Case) -> None:
    """A newer upload wins: older imports still queued or running will store nothing."""
    older = RowImport.objects.filter(
        case=case,
        status__in=[RowImport.Status.PENDING, RowImport.Status.RUNNING, RowImport.Status.STALLED],
    )
    _delete_files_on_commit(older)
    older.update(status=RowImport.Status.FAILED, error=_(SUPERSEDED), finished_at=timezone.now())


def _fail(row_import: RowImport, message: str, *, keep_file: bool = False) -> None:
    """Mark this attempt's import failed; its file goes unless kept to look into a crash."""
    failing = lease_held(row_import)
    if not keep_file:
        _delete_files_on_commit(failing)
    failing.update(status=RowImport.Status.FAILED, error=message[:500], finished_at=timezone.now())


def _delete_files_on_commit(imports: Any) -> None:
    """Uploaded rosters hold ID numbers: remove them from disk once they are of no use."""
    for row_import in imports.exclude(file=""):
        transaction.on_commit(functools.partial(row_import.file.delete, save=False))


def _event(
    case: Case, actor: Any, ip: str | None, row_import: RowImport, *, background: bool
) -> None:
    import_event(
        case,
        actor,
        ip,
        row_import,
        EventType.CASE_IMPORT,
        total=row_import.total,
        passed=row_import.passed,
        failed=row_import.failed,
        background=background,
        merge=row_import.merge,
        updated=row_import.updated,
    )
