"""The 申报表 of a case: one presenter for the screen (step 3, case record) and the PDF.

``case_report(case)`` gathers everything the template ``services/report.html`` prints,
already formatted for people, so the template has no logic beyond loops. The table
follows the manual's paper form: 序号, then 单位编号 / 单位名称 when the service's row
has them, then the spec's ``report_columns``; ticks as √, dates YYYY-MM-DD, money as
1,391,675.60 (``format_money``), and under the table the money the case confirms per
insurance type (``ServiceSpec.money_summary``). Personal numbers are masked as their row
column declares (``column(..., sensitive=...)``) on screen and in the PDF alike: the form
is a file that travels, and nobody needs a full number from it (a reviewer reveals one,
audited).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.cases.models import IN_EFFECT_STATUSES, Case, CaseStatus
from shebao.core.masking import Sensitive, mask
from shebao.core.money import format_money
from shebao.registry.models import Person
from shebao.registry.selectors import chunked
from shebao.services.money import MoneySummary
from shebao.services.registry import registry
from shebao.services.rows import Column
from shebao.services.spec import ServiceSpec

from .qr import qr_svg
from .verify import case_check_code, public_base_url, verify_case_url

DECLARATION = gettext_noop("*以上事项填写真实，若与实际情况不符，本单位愿意承担相关责任。")
#: More columns than this and the table is printed on landscape A4.
PORTRAIT_MAX_COLUMNS = 8
UNIT_FIELDS = ("unit_no", "unit_name")
#: Short values that must never break across lines (a name split over two lines misreads).
_NOWRAP_FIELDS = {"unit_no", "person_no", "id_number", "name", "mobile", "ethnicity"}
_NOWRAP_KINDS = {"number", "date", "tick", "money"}


@dataclass(frozen=True)
class ReportColumn:
    name: str
    label: str
    kind: str = "text"  # text / date / tick / choice / money / number
    group: str = ""
    sensitive: Sensitive | None = None

    @property
    def css_class(self) -> str:
        nowrap = self.kind in _NOWRAP_KINDS or self.name in _NOWRAP_FIELDS
        return f"report__cell--{self.kind}" + (" report__cell--nowrap" if nowrap else "")


@dataclass(frozen=True)
class HeaderCell:
    label: str
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class ReportCell:
    text: str
    kind: str = "text"
    css_class: str = ""

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class ReportSubTable:
    """A sub-table of a row (工作经历), printed under the person it belongs to."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[ReportCell, ...], ...]


@dataclass(frozen=True)
class ReportRow:
    number: int
    cells: tuple[ReportCell, ...]
    subtables: tuple[ReportSubTable, ...] = ()


@dataclass(frozen=True)
class CaseReport:
    """Everything ``services/report.html`` prints for one case."""

    case_id: int
    service_title: str
    title: str
    unit_name: str
    unit_no: str
    region_name: str
    columns: tuple[ReportColumn, ...]
    header_top: tuple[HeaderCell, ...]
    header_sub: tuple[HeaderCell, ...]
    rows: tuple[ReportRow, ...]
    totals: tuple[tuple[str, str], ...]
    notes: tuple[str, ...]
    declaration: str
    declarant: str
    declarant_mobile: str
    filled_on: dt.date
    remarks: str
    submitted: bool
    serial_no: str
    status: str
    status_label: str
    rejection_reason: str
    rollback_reason: str
    check_code: str
    qr_payload: str
    qr_svg: str
    #: Per insurance type unit / person amounts and totals (``ServiceSpec.money_summary``)
    money: MoneySummary | None = None

    @property
    def landscape(self) -> bool:
        return len(self.columns) > PORTRAIT_MAX_COLUMNS

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def totals_text(self) -> str:
        """合计：3 人　养老 3 人 ... as one line under the table."""
        return "　".join(f"{label}：{value}" for label, value in self.totals)


def case_report(case: Case, *, verify_base_url: str = "") -> CaseReport:
    """Build the 申报表 of ``case`` from its passed rows, personal numbers masked.

    Once submitted, its QR code opens the public 申报表核验 page (``verify_case_url``) at
    ``verify_base_url`` (default ``PUBLIC_BASE_URL``): pass the request's host when unset."""
    spec = registry[case.service_code]
    columns = report_columns(spec)
    stored = list(
        case.rows.filter(passed=True).order_by("row_no").values_list("cleaned", flat=True)
    )
    cleaned = [dict(c or {}) for c in stored]
    _fill_person_numbers(columns, cleaned)
    unit = case.unit
    unit_values = {"unit_no": unit.unit_no, "unit_name": unit.name}
    # computed columns are filled by ``_with_computed`` below, not from the typed row
    typed = [col for col in columns[1:] if col.name not in {f.name for f in spec.report_computed}]
    models = [spec.row.model_validate(c) for c in cleaned]
    computed = spec.report_values(unit, models) if _fills_report(spec) else []
    # a typed column the service fills in (the types a declaration covers when the row
    # leaves them blank) prints the service's value, as the agency's form does
    names = {col.name for col in typed}
    printed = [
        {**values, **{k: v for k, v in fills.items() if k in names}}
        for values, fills in zip(cleaned, computed or [{}] * len(cleaned), strict=True)
    ]
    rows = tuple(
        ReportRow(
            number=n,
            cells=tuple(
                _cell(col, unit_values.get(col.name, values.get(col.name))) for col in typed
            ),
            subtables=_subtables(spec, values),
        )
        for n, values in enumerate(printed, start=1)
    )
    if computed and spec.report_computed:
        rows = _with_computed(spec, rows, computed)
    money = _money(spec, case, models, computed)
    totals = tuple(
        (str(label), str(value))
        for label, value in [*spec.summary(models), *spec.computed_summary(computed)]
    )
    submitted = bool(case.serial_no) and case.status != CaseStatus.DRAFT
    base_url = verify_base_url or public_base_url()
    payload = verify_case_url(case.serial_no or "", base_url=base_url) if submitted else ""
    top, sub = header_cells(columns)
    return CaseReport(
        case_id=case.pk,
        service_title=str(spec.title),
        title=str(spec.report_title or (spec.template.title if spec.template else spec.title)),
        unit_name=unit.name,
        unit_no=unit.unit_no,
        region_name=case.region.name,
        columns=columns,
        header_top=top,
        header_sub=sub,
        rows=rows,
        totals=totals,
        notes=tuple(str(n) for n in spec.report_notes),
        declaration=_(DECLARATION),
        declarant=case.declarant,
        declarant_mobile=mask(case.declarant_mobile, Sensitive.MOBILE),
        filled_on=timezone.localdate(case.received_at)
        if case.received_at
        else timezone.localdate(),
        remarks=case.remarks,
        submitted=submitted,
        serial_no=case.serial_no or "",
        status=case.status,
        status_label=str(case.get_status_display()),
        rejection_reason=case.rejection_reason,
        rollback_reason=case.rollback_reason,
        check_code=case_check_code(case.serial_no or "") if submitted else "",
        qr_payload=payload,
        qr_svg=qr_svg(payload, css_class="report__qr-code") if payload else "",
        money=money,
    )


def _fills_report(spec: ServiceSpec) -> bool:
    """Whether ``report_values`` has anything to print: computed columns, or typed columns
    the spec fills in itself (it overrides the hook without declaring computed ones)."""
    return bool(spec.report_computed) or type(spec).report_values is not ServiceSpec.report_values


def case_money(case: Case) -> MoneySummary | None:
    """The money ``case`` confirms (the result page's block), from its passed rows; None
    for a service without money."""
    spec = registry[case.service_code]
    if type(spec).money_summary is ServiceSpec.money_summary and not spec.report_computed:
        return None
    stored = case.rows.filter(passed=True).order_by("row_no").values_list("cleaned", flat=True)
    models = [spec.row.model_validate(dict(c or {})) for c in stored]
    computed = spec.report_values(case.unit, models) if spec.report_computed else []
    return _money(spec, case, models, computed)


def _money(
    spec: ServiceSpec, case: Case, models: list[Any], computed: list[dict[str, Any]]
) -> MoneySummary | None:
    """Ask the spec; the stored effect goes with it once it took effect (and after a 回退,
    which keeps what was recorded), so the amounts are read back rather than recomputed."""
    applied = case.status in (*IN_EFFECT_STATUSES, CaseStatus.ROLLED_BACK) and case.effect
    if not models:
        return None
    return spec.money_summary(
        unit=case.unit, rows=models, values=computed, effect=case.effect if applied else None
    )


def _with_computed(
    spec: ServiceSpec, rows: tuple[ReportRow, ...], computed: list[dict[str, Any]]
) -> tuple[ReportRow, ...]:
    fields = [ReportColumn(f.name, f.label, f.kind) for f in spec.report_computed]
    return tuple(
        ReportRow(
            number=row.number,
            cells=row.cells + tuple(_cell(col, values.get(col.name)) for col in fields),
            subtables=row.subtables,
        )
        for row, values in zip(rows, computed, strict=True)
    )


def _subtables(spec: ServiceSpec, values: dict[str, Any]) -> tuple[ReportSubTable, ...]:
    """The row's sub-tables with their cleaned sub-rows, masked like any column."""
    tables = []
    for table in spec.row.subtables():
        columns = [
            ReportColumn(c.name, c.label, c.kind, sensitive=c.sensitive) for c in table.columns()
        ]
        subrows = values.get(table.name) or []
        tables.append(
            ReportSubTable(
                title=table.title,
                headers=tuple(c.label for c in columns),
                rows=tuple(tuple(_cell(c, sub.get(c.name)) for c in columns) for sub in subrows),
            )
        )
    return tuple(tables)


def report_columns(spec: ServiceSpec) -> tuple[ReportColumn, ...]:
    """序号, 单位编号 / 单位名称 (if the row has them), the spec's report columns, then its
    computed columns (``report_computed``)."""
    by_name: dict[str, Column] = {c.name: c for c in spec.row.columns()}
    wanted = set(spec.report_columns) or {n for n in by_name if n not in UNIT_FIELDS}
    columns = [ReportColumn("no", _("序号"), "number")]
    columns += [
        ReportColumn(name, by_name[name].label)
        for name in UNIT_FIELDS
        if name in by_name and name not in wanted
    ]
    columns += [
        ReportColumn(c.name, c.header, c.kind, c.group, c.sensitive)  # as on paper
        for c in spec.row.columns()
        if c.name in wanted
    ]
    columns += [ReportColumn(f.name, f.label, f.kind) for f in spec.report_computed]
    return tuple(columns)


def header_cells(
    columns: Sequence[ReportColumn],
) -> tuple[tuple[HeaderCell, ...], tuple[HeaderCell, ...]]:
    """Two header rows when columns are grouped (参保险种 over its three ticks), else one."""
    if not any(c.group for c in columns):
        return tuple(HeaderCell(c.label) for c in columns), ()
    top: list[HeaderCell] = []
    sub: list[HeaderCell] = []
    i = 0
    while i < len(columns):
        group = columns[i].group
        if not group:
            top.append(HeaderCell(columns[i].label, rowspan=2))
            i += 1
            continue
        span = 0
        while i + span < len(columns) and columns[i + span].group == group:
            sub.append(HeaderCell(columns[i + span].label))
            span += 1
        top.append(HeaderCell(group, colspan=span))
        i += span
    return tuple(top), tuple(sub)


def format_value(kind: str, value: Any) -> str:
    """A cleaned (JSON) value as people read it on the form."""
    if value is None or value == "":
        return ""
    if kind == "tick":
        return "√" if value is True or str(value).lower() in {"true", "1", "√"} else ""
    if kind == "date":
        if isinstance(value, dt.datetime):  # an aware moment is dated in Beijing time
            value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
        return value.isoformat() if isinstance(value, dt.date) else str(value)[:10]
    if kind == "money":
        return format_money(value)
    return str(value)


def _cell(column: ReportColumn, value: Any) -> ReportCell:
    text = mask(format_value(column.kind, value), column.sensitive)
    return ReportCell(text=text, kind=column.kind, css_class=column.css_class)


def _fill_person_numbers(columns: Sequence[ReportColumn], cleaned: list[dict[str, Any]]) -> None:
    """个人编号 left blank by the unit is printed from the registry, as the agency's form does."""
    if not any(c.name == "person_no" for c in columns):
        return
    missing = [c["id_number"] for c in cleaned if not c.get("person_no") and c.get("id_number")]
    if not missing:
        return
    numbers = {
        ident: no
        for chunk in chunked(missing)
        for ident, no in Person.objects.by_id_numbers(chunk).values_list("id_number", "person_no")
    }
    for values in cleaned:
        if not values.get("person_no"):
            values["person_no"] = numbers.get(values.get("id_number", ""), "")
