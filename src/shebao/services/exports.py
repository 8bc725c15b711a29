"""A query export as the unit downloads it: masked by default, full ID numbers only on the
explicit 导出完整证件号码 option of a query that offers it, and every export audited (which
query, filters, scope, how many rows, whether full numbers left)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.audit.reads import ReadAction, access_read_record
from shebao.core.errors import InvalidValue
from shebao.core.masking import Sensitive

from .batch.export import query_workbook
from .queries import QuerySpec

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from shebao.registry.models import Unit

FULL_ID_LABEL = "导出完整证件号码（将记录审计）"
FULL_ID_NOT_OFFERED = gettext_noop("“%(q)s”不提供完整证件号码导出")
FULL_ID_SUBTITLE = gettext_noop("含完整证件号码")


def query_export(
    *,
    spec: QuerySpec,
    unit: Unit,
    objs: Iterable[Any],
    scope: str,
    params: Mapping[str, Any],
    full_id_numbers: bool,
    actor: User,
    ip: str | None = None,
) -> bytes:
    """The .xlsx of ``objs`` (already scoped to ``unit``), with its audit event."""
    if full_id_numbers and not spec.full_id_export:
        raise InvalidValue(_(FULL_ID_NOT_OFFERED) % {"q": spec.title})
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    subtitle = f"{unit.unit_no} {unit.name}　导出时间：{stamp}"
    if full_id_numbers:
        subtitle += f"　{_(FULL_ID_SUBTITLE)}"
    counted = _Counted(objs)
    full = {Sensitive.ID} if full_id_numbers else set()
    body = query_workbook(spec, counted, subtitle=subtitle, full=full)
    access_read_record(
        action=ReadAction.EXPORT,
        actor=actor,
        unit=unit,
        ip=ip,
        query=spec.code,
        scope=scope,
        filters={k: _json(v) for k, v in params.items()},
        rows=counted.count,
        full_id_numbers=full_id_numbers,
    )
    return body


class _Counted:
    """Counts the rows as the workbook streams them (an export may be an iterator)."""

    def __init__(self, objs: Iterable[Any]) -> None:
        self.objs = objs
        self.count = 0

    def __iter__(self) -> Iterator[Any]:
        for obj in self.objs:
            self.count += 1
            yield obj


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value
