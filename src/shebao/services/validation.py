"""Row validation: the same path for a form row, a 100,000-row roster and an API call."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from pydantic import ValidationError

from shebao.registry.models import Unit

from .batch.gcpause import gc_paused
from .roster import RosterFormat
from .rows import RowModel, SubTable
from .spec import CheckContext, RowError, ServiceSpec


@dataclass
class ValidatedRow:
    row: int
    raw: dict[str, Any]
    model: RowModel | None = None
    errors: list[RowError] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.errors


@dataclass
class ValidationResult:
    rows: list[ValidatedRow]

    @property
    def passed(self) -> list[ValidatedRow]:
        return [r for r in self.rows if r.passed]

    @property
    def failed(self) -> list[ValidatedRow]:
        return [r for r in self.rows if not r.passed]


def validate_rows(
    *, spec: ServiceSpec[Any], unit: Unit, rows: Iterable[tuple[int, Mapping[str, Any]]]
) -> ValidationResult:
    """Parse each row with the spec's schema, then run its cross-row and database checks."""
    with gc_paused():
        return check_rows(spec=spec, unit=unit, validated=parse_rows(spec=spec, rows=rows))


def parse_rows(
    *, spec: ServiceSpec[Any] | RosterFormat, rows: Iterable[tuple[int, Mapping[str, Any]]]
) -> list[ValidatedRow]:
    """The first half of :func:`validate_rows`: each row on its own against the schema
    (a service's, or a bare file layout's such as an agency file import).

    Split out so a background import can parse in chunks and report progress; the
    cross-row checks then run once over all rows (duplicates span the whole file).
    """
    labels = {c.name: c.label for c in spec.row.columns()}
    subtables = {st.name: st for st in spec.row.subtables()}
    validate = spec.row.model_validate
    validated: list[ValidatedRow] = []
    append = validated.append
    with gc_paused():
        for number, raw in rows:
            nul_columns = [k for k, v in raw.items() if _has_nul(k) or _has_nul(v)]
            if nul_columns:
                item = ValidatedRow(row=number, raw=_without_nul(dict(raw)))
                item.errors = [
                    RowError(number, labels.get(str(k), _without_nul(str(k))), _(NUL_IN_CELL))
                    for k in nul_columns
                ]
                append(item)
                continue
            clean_raw = {k: v for k, v in raw.items() if v is not None and v != ""}
            item = ValidatedRow(row=number, raw=dict(raw))
            if subtables:
                item.errors = _clean_subrows(number, subtables, clean_raw)
            try:
                item.model = validate(clean_raw)
            except ValidationError as exc:
                item.errors += [
                    _row_error(number, labels, err, subtables)
                    for err in exc.errors(include_url=False)
                ]
            if item.errors:
                item.model = None
            append(item)
    return validated


NUL_IN_CELL = gettext_noop("含有空字符（\\0），请删除后重新填写")
NUL = "\x00"


def _has_nul(value: Any) -> bool:
    """A NUL anywhere in a cell (API rows may nest lists and objects): PostgreSQL stores none."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, Mapping):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


def _without_nul(value: Any) -> Any:
    """The cell as stored for display: each NUL shown as U+FFFD."""
    if isinstance(value, str):
        return value.replace(NUL, "\ufffd")
    if isinstance(value, Mapping):
        return {_without_nul(k): _without_nul(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_without_nul(v) for v in value]
    return value


def check_rows(
    *, spec: ServiceSpec[Any], unit: Unit, validated: list[ValidatedRow]
) -> ValidationResult:
    """The second half of :func:`validate_rows`: the spec's cross-row and database checks.

    The spec's ``prefetch`` runs once here, over the rows that parsed, so its checks look
    records up in memory instead of once per row.
    """
    ctx = CheckContext(unit=unit)
    with gc_paused():
        _check_max_rows(ctx, spec, validated)
        parsed = [(r.row, r.model) for r in validated if r.model is not None]
        ctx.prefetched = spec.prefetch(unit, [model for _n, model in parsed])
        spec.check(ctx, parsed)
        if ctx.errors:
            for item in validated:
                errors = ctx.errors.get(item.row)
                if errors:
                    item.errors.extend(errors)
    return ValidationResult(validated)


TOO_MANY_ROWS = gettext_noop("本业务每次只能申报 %(n)d 条，请删除多余的行")


def _check_max_rows(
    ctx: CheckContext, spec: ServiceSpec[Any], validated: list[ValidatedRow]
) -> None:
    if spec.max_rows is None:
        return
    for item in validated[spec.max_rows :]:
        ctx.fail(item.row, "", _(TOO_MANY_ROWS) % {"n": spec.max_rows})


SUBTABLE_NOT_LIST = gettext_noop("应为行的列表")


def _clean_subrows(
    number: int, subtables: Mapping[str, SubTable], clean_raw: dict[str, Any]
) -> list[RowError]:
    """Each sub-table's rows without their empty cells (as a row's own), and its
    ``min_rows`` rule: a sub-table is checked whether or not the unit sent it."""
    errors: list[RowError] = []
    for name, table in subtables.items():
        value = clean_raw.get(name, [])
        if not isinstance(value, list):
            errors.append(RowError(number, table.title, _(SUBTABLE_NOT_LIST)))
            clean_raw.pop(name, None)
            continue
        subrows = [
            {k: v for k, v in sub.items() if v is not None and v != ""}
            if isinstance(sub, Mapping)
            else sub
            for sub in value
        ]
        clean_raw[name] = subrows
        if len(subrows) < table.min_rows:
            message = table.empty_message or _("至少填写 %(n)d 行") % {"n": table.min_rows}
            errors.append(RowError(number, table.title, _(message)))
    return errors


def _row_error(
    number: int,
    labels: dict[str, str],
    err: Any,
    subtables: Mapping[str, SubTable] | None = None,
) -> RowError:
    loc = err["loc"]
    name = str(loc[0]) if loc else ""
    table = (subtables or {}).get(name)
    if table is not None and len(loc) >= 2 and isinstance(loc[1], int):
        # 工作经历第2行：【开始年月】… - the sub-row and its column, from the sub-row's model
        sub_labels = {c.name: c.label for c in table.columns()}
        sub_error = _row_error(number, sub_labels, {**err, "loc": loc[2:]})
        prefix = f"【{sub_error.column}】" if sub_error.column else ""
        return RowError(number, table.where(loc[1]), prefix + sub_error.message)
    label = table.title if table is not None else labels.get(name, name)
    kind = err["type"]
    if kind == "missing":
        message = _("不能为空")
    elif kind == "value_error":
        message = str(err["ctx"]["error"])
    elif kind in {"decimal_parsing", "decimal_type"}:
        message = _("应为数字")
    elif kind in {"date_type", "date_parsing", "date_from_datetime_parsing"}:
        message = _("应为日期 YYYY-MM-DD")
    else:
        message = _("格式不正确（%(m)s）") % {"m": err.get("msg", kind)}
    return RowError(number, label, message)
