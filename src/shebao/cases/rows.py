"""Storing validated rows on a case, and reading them back as the spec's row models."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F

from shebao.registry.models import Unit
from shebao.services.registry import registry
from shebao.services.rows import RowModel
from shebao.services.spec import ServiceSpec
from shebao.services.validation import ValidatedRow, validate_rows

from .models import Case, CaseRow

BATCH = 2000

Numbered = list[tuple[int, dict[str, Any]]]


def json_safe(raw: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, dt.datetime):
            value = value.date().isoformat() if value.time() == dt.time() else value.isoformat()
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        out[str(key)] = value
    return out


def to_case_row(case: Case, item: ValidatedRow) -> CaseRow:
    return CaseRow(
        case=case,
        row_no=item.row,
        raw=json_safe(item.raw),
        cleaned=item.model.model_dump(mode="json")
        if item.model is not None and item.passed
        else None,
        errors=[{"column": e.column, "message": e.message} for e in item.errors],
        passed=item.passed,
    )


def store_rows(case: Case, items: Iterable[ValidatedRow], *, replace: bool) -> None:
    with transaction.atomic():
        _bump_revision(case)
        if replace:
            case.rows.all().delete()
        buffer: list[CaseRow] = []
        for item in items:
            buffer.append(to_case_row(case, item))
            if len(buffer) >= BATCH:
                CaseRow.objects.bulk_create(buffer)
                buffer = []
        if buffer:
            CaseRow.objects.bulk_create(buffer)


def revalidate(case: Case) -> None:
    """Validate every row of the case again, e.g. after one was added, edited or removed."""
    spec = registry[case.service_code]
    stored = list(case.rows.all())
    result = validate_rows(spec=spec, unit=case.unit, rows=((r.row_no, r.raw) for r in stored))
    fresh = {item.row: to_case_row(case, item) for item in result.rows}
    for row in stored:
        new = fresh[row.row_no]
        row.cleaned, row.errors, row.passed = new.cleaned, new.errors, new.passed
    CaseRow.objects.bulk_update(stored, ["cleaned", "errors", "passed"], batch_size=BATCH)
    _bump_revision(case)


def _bump_revision(case: Case) -> None:
    """Every change of a draft's rows goes through here (added, edited, deleted, uploaded)."""
    Case.objects.filter(pk=case.pk).update(rows_revision=F("rows_revision") + 1)


def rows_appended(
    *,
    spec: ServiceSpec[Any],
    existing: Numbered,
    incoming: Sequence[tuple[int, Mapping[str, Any]]],
) -> tuple[Numbered, int]:
    """追加: the draft's rows followed by a file's, and how many of the file's updated one.

    A file row naming a person already in the draft (``spec.row_key``) takes that row's
    place and number; the others are numbered on after the draft's last row. Only the
    draft's rows are matched, each once, so a person twice in the file still reaches the
    duplicate check.
    """
    merged = list(existing)
    position: dict[str, int] = {}
    for index, (_number, stored) in enumerate(existing):
        key = spec.row_key(stored)
        if key is not None:
            position.setdefault(key, index)
    following = max((number for number, _raw in existing), default=0) + 1
    updated = 0
    for _number, raw in incoming:
        key = spec.row_key(raw)
        index = position.pop(key, -1) if key is not None else -1
        if index >= 0:
            merged[index] = (merged[index][0], dict(raw))
            updated += 1
        else:
            merged.append((following, dict(raw)))
            following += 1
    return merged, updated


def passed_models(case: Case) -> list[RowModel]:
    spec = registry[case.service_code]
    return [
        spec.row.model_validate(r.cleaned) for r in case.rows.filter(passed=True).order_by("row_no")
    ]


def next_row_no(case: Case) -> int:
    last = case.rows.order_by("-row_no").values_list("row_no", flat=True).first()
    return (last or 0) + 1


@dataclass(frozen=True)
class CaseDraft:
    """The read-only draft view (``services.spec.DraftView``) a spec's materials and info
    tables get instead of the case: each read is one query, as when specs read the case."""

    case: Case

    @property
    def unit(self) -> Unit:
        return self.case.unit

    def first_raw(self) -> Mapping[str, Any] | None:
        raw: Mapping[str, Any] | None = (
            self.case.rows.order_by("row_no").values_list("raw", flat=True).first()
        )
        return raw

    def passed_cleaned(self, *, limit: int | None = None) -> list[dict[str, Any]]:
        cleaned = self.case.rows.filter(passed=True).order_by("row_no")
        values = cleaned.values_list("cleaned", flat=True)
        return [dict(c) for c in (values if limit is None else values[:limit]) if c is not None]
