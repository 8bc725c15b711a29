"""Queries (查询): read-only lists of the acting unit's records, declared once like services.

A query declares its columns and filters and a unit-scoped queryset; the engine gives the
filter form, paging, masking of personal numbers, and the export of the current page, the
selected rows or everything as .xlsx (formulas neutralised). Queries register with
``@register_query`` and live in the app that owns the data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.crypto import person_hash
from shebao.core.errors import InvalidValue
from shebao.core.masking import Sensitive, mask
from shebao.core.money import format_money, round_half_up_to_cent
from shebao.core.period import Period
from shebao.policy.areas import Area

from .modules import Module
from .registry import Registry, check_offer

if TYPE_CHECKING:
    from shebao.registry.models import Unit

BAD_DATE = gettext_noop("【%(f)s】日期“%(v)s”格式不正确，应为 YYYY-MM-DD")
BAD_YEAR = gettext_noop("【%(f)s】“%(v)s”应为四位年份，例如 2020")
BAD_CHOICE = gettext_noop("【%(f)s】“%(v)s”不在可选范围内")
NOT_FOUND = gettext_noop("没有这项查询：%(c)s")


@dataclass(frozen=True)
class QueryColumn:
    label: str
    value: Callable[[Any], Any]
    sensitive: Sensitive | None = None  # masked on screen, in the API and in exports
    kind: str = "text"  # text / money / number / date
    #: the value is the number of a document or case the web list links to: a
    #: ``shebao.documents.catalogue.DocumentKind`` ("bill", "case"); exports stay plain text
    link: str = ""


def person_columns() -> tuple[QueryColumn, ...]:
    """个人编号, 姓名 and the masked 身份证号码 of rows that have a ``person``."""
    return (
        QueryColumn("个人编号", lambda r: r.person.person_no),
        QueryColumn("姓名", lambda r: r.person.name),
        QueryColumn("身份证号码", lambda r: r.person.id_number, sensitive=Sensitive.ID),
    )


@dataclass(frozen=True)
class QueryFilter:
    name: str
    label: str
    kind: str = "text"  # text / period / date / year / choice / idnumber
    choices: Sequence[tuple[str, Any]] = ()  # (value, label); labels may be lazy
    lookup: str = ""  # the ORM lookup the engine applies, e.g. "person__name__contains"


class QuerySpec:
    code: ClassVar[str]
    title: ClassVar[str]
    section: ClassVar[str] = ""
    description: ClassVar[str] = ""
    #: The areas whose regions offer the query, as services declare them (``services.offer``).
    areas: ClassVar[frozenset[Area]]
    module: ClassVar[Module] = Module.QUERY
    keywords: ClassVar[Sequence[str]] = ()
    columns: ClassVar[Sequence[QueryColumn]]
    filters: ClassVar[Sequence[QueryFilter]] = ()
    per_page: ClassVar[int] = 20
    #: The unit may export its own staff with full ID numbers (payroll reconciliation), an
    #: explicit option that is audited; every other export is masked.
    full_id_export: ClassVar[bool] = False

    ordering: ClassVar[Sequence[str]] = ("-pk",)

    def scoped(self, *, unit: Unit) -> QuerySet[Any]:
        """Every row the acting unit may see: the scope lives here, in one place."""
        raise NotImplementedError

    def queryset(self, *, unit: Unit, params: Mapping[str, Any]) -> QuerySet[Any]:
        """The scoped rows narrowed by each filled filter's lookup, in ``ordering``."""
        qs = self.scoped(unit=unit)
        for f in self.filters:
            if f.lookup and f.name in params:
                qs = qs.filter(**{f.lookup: params[f.name]})
        return qs.order_by(*self.ordering)

    def key(self, obj: Model) -> str:
        return str(obj.pk)

    def clean(self, raw: Mapping[str, str]) -> tuple[dict[str, Any], list[str]]:
        """Filter values parsed by kind, and a Chinese message for each bad one."""
        cleaned: dict[str, Any] = {}
        errors: list[str] = []
        for f in self.filters:
            text = (raw.get(f.name) or "").strip()
            if not text:
                continue
            try:
                cleaned[f.name] = _parse(f, text)
            except InvalidValue as exc:
                errors.append(str(exc))
        return cleaned, errors

    def cells(
        self, obj: Any, *, full: Collection[Sensitive] = (), plain: bool = False
    ) -> list[str]:
        """One row as shown: sensitive columns masked unless their kind is in ``full``;
        ``plain``: money without thousands separators (the API)."""
        return [display(c, c.value(obj), full=full, plain=plain) for c in self.columns]

    def export_cells(self, obj: Any, *, full: Collection[Sensitive] = ()) -> list[str | Decimal]:
        """As ``cells``, but money stays a number, so the workbook's cells add up."""
        out: list[str | Decimal] = []
        for c in self.columns:
            value = c.value(obj)
            keep = isinstance(value, Decimal) and c.sensitive is None and value.is_finite()
            out.append(value if keep else display(c, value, full=full))
        return out


def _parse(f: QueryFilter, text: str) -> Any:
    if f.kind == "period":
        try:
            return str(Period.parse(text))
        except InvalidValue as exc:
            raise InvalidValue(f"【{f.label}】{exc}")
    if f.kind == "date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise InvalidValue(_(BAD_DATE) % {"f": f.label, "v": text})
    if f.kind == "idnumber":  # the number is encrypted: matched through its keyed hash
        return person_hash(text)
    if f.kind == "year":
        if not (len(text) == 4 and text.isdigit()):
            raise InvalidValue(_(BAD_YEAR) % {"f": f.label, "v": text})
        return int(text)
    if f.kind == "choice" and text not in {value for value, _label in f.choices}:
        raise InvalidValue(_(BAD_CHOICE) % {"f": f.label, "v": text})
    return text


def display(
    column: QueryColumn, value: Any, *, full: Collection[Sensitive] = (), plain: bool = False
) -> str:
    """A value as people read it; money 1,391,675.60, or ``plain`` 1391675.60 for programs
    (the API), which should not have to strip thousands separators."""
    if value is None or value == "":
        return ""
    if column.sensitive is not None:
        return str(value) if column.sensitive in full else mask(value, column.sensitive)
    if isinstance(value, Decimal):
        return str(round_half_up_to_cent(value)) if plain else format_money(value)
    if isinstance(value, dt.datetime):  # stored in UTC, read by people in Beijing time
        return local_datetime(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return str(value)


def local_datetime(value: dt.datetime, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A moment as a person reads it: in the current time zone (settings.TIME_ZONE)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime(fmt)


#: The global registry of queries; register one with ``@register_query``.
queries: Registry[QuerySpec] = Registry(kind="query", not_found=NOT_FOUND, check=check_offer)
register_query = queries


def export_rows(
    spec: QuerySpec, objs: Iterable[Any], *, full: Collection[Sensitive] = ()
) -> Iterator[list[str | Decimal]]:
    for obj in objs:
        yield spec.export_cells(obj, full=full)
