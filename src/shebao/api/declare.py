"""Turning an API request into rows and materials, and a whole declaration into one case.

The web walks a person through the wizard step by step; an HR system sends everything at
once. :func:`case_declare` runs the very same service functions in the wizard's order
inside one transaction, so a declaration either becomes a submitted case or leaves
nothing behind (no draft, no rows, no stored files). Rows, from a file or as JSON, come
through the web's import path (:mod:`shebao.cases.imports`) with its guard and limits.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from shebao.cases.imports import import_given, import_start, roster_read, rows_given
from shebao.cases.models import Case, CaseMaterial
from shebao.cases.services import case_accept, case_start, case_submit
from shebao.core.errors import InvalidValue
from shebao.identity.lookup_audit import person_lookups_record
from shebao.registry.models import Unit
from shebao.services.registry import registry
from shebao.services.spec import ServiceSpec

from .base import RowsRejected

Rows = list[tuple[int, dict[str, Any]]]

ROWS_OR_FILE = "请提供 rows（数据行的 JSON 数组）或报盘文件 file，二者选一"
NO_SUCH_SERVICE = "没有这项业务：%(c)s"
ROWS_FAILED = "有 %(n)d 行校验不通过，办件未提交，未保存任何数据"
MATERIAL_TWICE = "材料“%(m)s”只能上传一份"
BAD_BASE64 = "材料“%(m)s”的 content 不是合法的 base64 编码"
MATERIAL_PREFIX = "materials["


def spec_for(code: str) -> ServiceSpec:
    if code not in registry:
        raise InvalidValue(_(NO_SUCH_SERVICE) % {"c": code})
    return registry[code]


def one_source(*, rows: Sequence[Mapping[str, Any]] | None, file: Any) -> None:
    if (rows is None) == (file is None):
        raise InvalidValue(_(ROWS_OR_FILE))


def file_bytes(file: Any) -> bytes:
    """An uploaded roster's bytes; one over the size limit is refused before it is read (the
    upload handler has spooled it to disk)."""
    from shebao.services.batch.readers import check_size

    check_size(int(file.size or 0))
    return bytes(file.read())


def incoming_rows(
    spec: ServiceSpec, *, rows: Sequence[Mapping[str, Any]] | None, file: Any
) -> Rows:
    """For a dry run: ``rows`` numbered 1..n (keys: field names or the template's column
    labels), or the data rows of an uploaded roster numbered as in the spreadsheet."""
    one_source(rows=rows, file=file)
    if file is not None:
        return roster_read(spec=spec, data=file_bytes(file), filename=file.name or "").rows
    assert rows is not None
    return rows_given(spec=spec, rows=rows)


def incoming_materials(
    files: Mapping[str, Any], inline: Sequence[Mapping[str, str]] | None
) -> list[tuple[str, Any]]:
    """Multipart files ``materials[<名称>]`` and JSON ``materials: [{name, filename,
    content(base64)}]``, as ``(material name, file)`` pairs; the service checks the names."""
    found: list[tuple[str, Any]] = []
    for key in files:
        if key.startswith(MATERIAL_PREFIX) and key.endswith("]"):
            uploads = files.getlist(key) if hasattr(files, "getlist") else [files[key]]
            found.extend((key[len(MATERIAL_PREFIX) : -1], f) for f in uploads)
    for item in inline or ():
        name = item["name"]
        try:
            content = base64.b64decode(item["content"], validate=True)
        except (binascii.Error, ValueError):
            raise InvalidValue(_(BAD_BASE64) % {"m": name})
        found.append((name, SimpleUploadedFile(item["filename"], content)))
    seen: set[str] = set()
    for name, _f in found:
        if name in seen:
            raise InvalidValue(_(MATERIAL_TWICE) % {"m": name})
        seen.add(name)
    return found


def failed_rows(case: Case) -> list[dict[str, Any]]:
    return [
        {"row": row.row_no, "errors": row.errors}
        for row in case.rows.filter(passed=False).order_by("row_no")
    ]


def case_declare(
    *,
    spec: ServiceSpec,
    unit: Unit,
    operator: User,
    declarant: str,
    declarant_mobile: str,
    remarks: str,
    agreement_accepted: bool,
    rows: Sequence[Mapping[str, Any]] | None,
    file: Any,
    materials: Sequence[tuple[str, Any]],
    ip: str | None = None,
) -> Case:
    """服务说明 -> 表单填写 (``rows`` or a roster ``file``) -> 附件材料 -> 确认提交, all or nothing.

    Raises :class:`RowsRejected` with every failed row's errors, or the service's
    ``CaseError`` / ``InvalidValue``; in both cases the transaction is rolled back.
    """
    one_source(rows=rows, file=file)
    stored: list[CaseMaterial] = []
    lookups: list[str] = []  # audited even when the declaration is rolled back
    try:
        with transaction.atomic():
            case = case_start(service_code=spec.code, unit=unit, operator=operator, ip=ip)
            case_accept(
                case=case,
                declarant=declarant,
                declarant_mobile=declarant_mobile,
                remarks=remarks,
                agreement_accepted=agreement_accepted,
                actor=operator,
                ip=ip,
            )
            if file is not None:
                data, name = file_bytes(file), file.name or ""
                row_import = import_start(
                    case=case,
                    data=data,
                    filename=name,
                    actor=operator,
                    ip=ip,
                    wait=True,
                    channel="api",
                    lookups=lookups,
                )
            else:
                row_import = import_given(
                    case=case, rows=rows or [], actor=operator, ip=ip, lookups=lookups
                )
            if row_import.failed:
                raise RowsRejected(_(ROWS_FAILED) % {"n": row_import.failed}, failed_rows(case))
            from shebao.cases.materials import material_upload

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
            channel="api",
            service=spec.code,
            id_numbers=lookups,
        )
