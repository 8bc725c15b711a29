"""A whole declaration as one case, and the dry-run check of rows, for every channel.

The web walks a person through the wizard step by step; an HR system sends everything at
once. :func:`case_declare` runs the very same service functions in the wizard's order
inside one transaction, so a declaration either becomes a submitted case or leaves
nothing behind (no draft, no rows, no stored files). :func:`case_open` is its first half
(服务说明: start and accept), which the wizard's step 1 uses too. Rows, from a file or as
JSON, come through the one import path (:mod:`shebao.cases.imports`) with its guard and
limits; their ID numbers count towards the bulk look-up audit even when the declaration is
rolled back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.audit.lookups import row_id_numbers
from shebao.core.errors import InvalidValue
from shebao.registry.lookup_audit import person_lookups_record
from shebao.registry.models import Unit
from shebao.services.spec import ServiceSpec
from shebao.services.validation import ValidationResult, validate_rows

from .imports import Rows, import_given, import_start, roster_read, rows_given
from .models import Case, CaseMaterial
from .services import CaseError, case_accept, case_start, case_submit

__all__ = [
    "ROWS_FAILED",
    "ROWS_OR_FILE",
    "RowsRejected",
    "case_declare",
    "case_open",
    "rows_check",
    "rows_incoming",
    "source_check",
]

ROWS_OR_FILE = gettext_noop("请提供 rows（数据行的 JSON 数组）或报盘文件 file，二者选一")
ROWS_FAILED = gettext_noop("有 %(n)d 行校验不通过，办件未提交，未保存任何数据")


class RowsRejected(CaseError):
    """Some rows failed validation; the whole declaration is refused and nothing is stored.
    ``failed``: ``[{"row": n, "errors": [...]}]`` for every failed row."""

    def __init__(self, message: str, failed: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.message = message
        self.failed = failed


def source_check(*, rows: Sequence[Mapping[str, Any]] | None, file: File[Any] | None) -> None:
    """Exactly one of JSON ``rows`` or a roster ``file``."""
    if (rows is None) == (file is None):
        raise InvalidValue(_(ROWS_OR_FILE))


def _file_bytes(file: File[Any]) -> bytes:
    """An uploaded roster's bytes; one over the size limit is refused before it is read (the
    upload handler has spooled it to disk)."""
    from shebao.services.batch.readers import check_size

    check_size(int(file.size or 0))
    return bytes(file.read())


def rows_incoming(
    *, spec: ServiceSpec[Any], rows: Sequence[Mapping[str, Any]] | None, file: File[Any] | None
) -> Rows:
    """Exactly one of ``rows`` (numbered 1..n; keys: field names or the template's column
    labels) or a roster ``file`` (its data rows numbered as in the spreadsheet)."""
    source_check(rows=rows, file=file)
    if file is not None:
        return roster_read(spec=spec, data=_file_bytes(file), filename=file.name or "").rows
    assert rows is not None
    return rows_given(spec=spec, rows=rows)


def rows_check(
    *,
    spec: ServiceSpec[Any],
    unit: Unit,
    rows: Sequence[Mapping[str, Any]] | None,
    file: File[Any] | None,
    actor: User,
    ip: str | None = None,
    channel: str = "api",
) -> ValidationResult:
    """校验 without a case: the rows (or file) validated as a declaration would be, storing
    nothing but the bulk look-up audit of their ID numbers."""
    given = rows_incoming(spec=spec, rows=rows, file=file)
    person_lookups_record(
        unit=unit,
        actor=actor,
        ip=ip,
        channel=channel,
        service=spec.code,
        id_numbers=row_id_numbers(given),
    )
    return validate_rows(spec=spec, unit=unit, rows=given)


@transaction.atomic
def case_open(
    *,
    service_code: str,
    unit: Unit,
    operator: User,
    declarant: str,
    declarant_mobile: str,
    remarks: str = "",
    agreement_accepted: bool,
    ip: str | None = None,
    draft: Case | None = None,
) -> Case:
    """服务说明: a new draft (or the operator's untouched ``draft``) accepted, or nothing."""
    case = draft or case_start(service_code=service_code, unit=unit, operator=operator, ip=ip)
    return case_accept(
        case=case,
        declarant=declarant,
        declarant_mobile=declarant_mobile,
        remarks=remarks,
        agreement_accepted=agreement_accepted,
        actor=operator,
        ip=ip,
    )


def _failed_rows(case: Case) -> list[dict[str, Any]]:
    return [
        {"row": row.row_no, "errors": row.errors}
        for row in case.rows.filter(passed=False).order_by("row_no")
    ]


def case_declare(
    *,
    spec: ServiceSpec[Any],
    unit: Unit,
    operator: User,
    declarant: str,
    declarant_mobile: str,
    remarks: str,
    agreement_accepted: bool,
    rows: Sequence[Mapping[str, Any]] | None,
    file: File[Any] | None,
    materials: Sequence[tuple[str, File[Any]]],
    ip: str | None = None,
    channel: str = "api",
) -> Case:
    """服务说明 -> 表单填写 (``rows`` or a roster ``file``) -> 附件材料 -> 确认提交, all or nothing.

    Raises :class:`RowsRejected` with every failed row's errors, or the service's
    ``CaseError`` / ``InvalidValue``; in both cases the transaction is rolled back and the
    materials' files already stored are removed.
    """
    source_check(rows=rows, file=file)
    stored: list[CaseMaterial] = []
    lookups: list[str] = []  # audited even when the declaration is rolled back
    try:
        with transaction.atomic():
            case = case_open(
                service_code=spec.code,
                unit=unit,
                operator=operator,
                declarant=declarant,
                declarant_mobile=declarant_mobile,
                remarks=remarks,
                agreement_accepted=agreement_accepted,
                ip=ip,
            )
            if file is not None:
                row_import = import_start(
                    case=case,
                    data=_file_bytes(file),
                    filename=file.name or "",
                    actor=operator,
                    ip=ip,
                    wait=True,
                    channel=channel,
                    lookups=lookups,
                )
            else:
                row_import = import_given(
                    case=case, rows=rows or [], actor=operator, ip=ip, lookups=lookups
                )
            if row_import.failed:
                raise RowsRejected(_(ROWS_FAILED) % {"n": row_import.failed}, _failed_rows(case))
            from .materials import material_upload

            for name, upload in materials:
                stored.append(
                    material_upload(
                        case=case, material=name, uploaded_file=upload, actor=operator, ip=ip
                    )
                )
            return case_submit(case=case, actor=operator, ip=ip)
    except BaseException:
        for material in stored:  # their rows are rolled back: so go their files
            material.file.storage.delete(str(material.file.name))
        raise
    finally:
        person_lookups_record(
            unit=unit,
            actor=operator,
            ip=ip,
            channel=channel,
            service=spec.code,
            id_numbers=lookups,
        )
