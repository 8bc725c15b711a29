"""Sub-tables of a one-person application (工作经历, 参保信息): a tab each in step 2, with
新增 / 修改 / 删除 of sub-rows, all server-side forms (no JavaScript needed).

A sub-row change rewrites the case's one row (its ``raw`` holds the sub-rows as lists) through
``case_row_update``, so the engine validates the whole application again, sub-rows included.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from shebao.cases import services as cases
from shebao.cases.models import Case, CaseRow, CaseStatus
from shebao.core.errors import InvalidValue
from shebao.core.id_documents import ID_TYPE_ALIASES, parse_id_document
from shebao.identity.ratelimit import VALIDATE
from shebao.registry.models import Person
from shebao.registry.selectors import person_list, persons_by_id_number
from shebao.services.registry import registry
from shebao.services.rows import SubTable
from shebao.services.spec import ServiceSpec

from ..access import actor, case_of, client_ip, operator_view, rate_limited
from ..display import cell_text
from ..forms import _field

SUB_TAB = "sub-"
SUBROW_SAVED = gettext_noop("%(t)s第%(n)d行已保存")
SUBROW_DELETED = gettext_noop("已删除%(t)s第%(n)d行")
BASIC_FIRST = gettext_noop("请先填写并保存基本信息")


def subtable_tabs(spec: ServiceSpec) -> list[tuple[str, str]]:
    """基本信息, one tab per sub-table, 校验结果, 上传材料 (the manual's four, plus results)."""
    tabs = [("single", _("基本信息"))]
    tabs += [(SUB_TAB + t.name, t.title) for t in spec.row.subtables()]
    tabs.append(("results", _("校验结果")))
    if spec.materials:
        tabs.append(("materials", _("上传材料")))
    return tabs


def next_tab(spec: ServiceSpec) -> str:
    """Where saving 基本信息 leads: the first sub-table, or 校验结果 without one."""
    tables = spec.row.subtables()
    return SUB_TAB + tables[0].name if tables else "results"


def the_row(case: Case) -> CaseRow | None:
    return case.rows.order_by("row_no").first()


def with_subrows(spec: ServiceSpec, raw: dict[str, Any], stored: dict[str, Any]) -> dict[str, Any]:
    """The typed 基本信息 with the sub-rows already stored (the form does not carry them)."""
    for table in spec.row.subtables():
        if table.name in stored:
            raw[table.name] = stored[table.name]
    return raw


def with_prefill(spec: ServiceSpec, case: Case, raw: dict[str, Any]) -> dict[str, Any]:
    """A new application's blank person fields and sub-tables as the system knows them
    (``lookup_fill``, ``subtable_prefill``), for a person of the unit only; the unit then
    checks, edits or deletes them."""
    if not spec.row.subtables() or not raw.get("id_number"):
        return raw
    try:
        id_type = str(raw.get("id_type") or "")
        id_type = ID_TYPE_ALIASES.get(id_type, id_type)
        number = parse_id_document(id_type or None, raw["id_number"]).value
    except (InvalidValue, ValueError):
        return raw  # the row fails on its ID number anyway
    found = persons_by_id_number([number]).get(number)
    person = person_list(unit=case.unit).filter(pk=found.pk).first() if found else None
    if isinstance(person, Person):
        for name, value in spec.lookup_fill(person).items():
            raw.setdefault(name, value)  # what the unit left blank (性别, 出生年月), as 自动读取
        for name, subrows in spec.subtable_prefill(case.unit, person).items():
            raw.setdefault(name, subrows)
    return raw


class SubRowForm(forms.Form):
    def __init__(self, *args: Any, table: SubTable, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.table = table
        for col in table.columns():
            self.fields[col.name] = _field(col)

    def raw(self) -> dict[str, Any]:
        return {
            c.name: self.cleaned_data[c.name]
            for c in self.table.columns()
            if self.cleaned_data.get(c.name) not in (None, "")
        }

    def bound_columns(self) -> list[tuple[Any, Any]]:
        return [(self[c.name], c) for c in self.table.columns()]


def _table(spec: ServiceSpec, name: str) -> SubTable:
    for table in spec.row.subtables():
        if table.name == name:
            return table
    raise Http404("subtable")


def _subrows(row: CaseRow | None, name: str) -> list[dict[str, Any]]:
    value = row.raw.get(name) if row is not None else None
    return [dict(v) for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def subtable_context(
    request: HttpRequest, case: Case, spec: ServiceSpec, tab: str
) -> dict[str, Any]:
    table = _table(spec, tab.removeprefix(SUB_TAB))
    row = the_row(case)
    subrows = _subrows(row, table.name)
    editing = request.GET.get("edit", "")
    index = int(editing) if editing.isdigit() and int(editing) < len(subrows) else None
    initial = subrows[index] if index is not None else None
    errors = [e for e in (row.errors if row else []) if e.get("column", "").startswith(table.title)]
    return {
        "sub_table": table,
        "sub_row": row,
        "sub_rows": [
            (i, [cell_text(c, sub.get(c.name)) for c in table.columns()])
            for i, sub in enumerate(subrows)
        ],
        "sub_form": SubRowForm(initial=initial, table=table),
        "sub_editing": index,
        "sub_errors": errors,
    }


def _application(request: HttpRequest, pk: int) -> tuple[Case, ServiceSpec, CaseRow]:
    case = case_of(request, pk)
    if case.status != CaseStatus.DRAFT or not case.agreement_accepted:
        raise Http404("draft")
    spec = registry[case.service_code]
    row = the_row(case)
    if row is None:
        raise Http404(_(BASIC_FIRST))
    return case, spec, row


def _tab_url(case: Case, name: str) -> str:
    return reverse("case_step", kwargs={"pk": case.pk, "step": 2}) + f"?tab={SUB_TAB}{name}"


def _store(request: HttpRequest, case: Case, row: CaseRow, raw: dict[str, Any]) -> CaseRow:
    return cases.case_row_update(
        case=case, row_no=row.row_no, raw=raw, actor=actor(request), ip=client_ip(request)
    )


@operator_view
@require_POST
@rate_limited(VALIDATE)
def subrow_save(request: HttpRequest, pk: int, name: str, index: int = -1) -> HttpResponse:
    """【保存】 of the sub-row form: a new sub-row (index -1) or the one being edited."""
    case, spec, row = _application(request, pk)
    table = _table(spec, name)
    form = SubRowForm(request.POST, table=table)
    if not form.is_valid():
        reasons = "；".join(f"【{form.fields[k].label}】{v[0]}" for k, v in form.errors.items())
        messages.error(request, reasons)
        return redirect(_tab_url(case, name))
    subrows = _subrows(row, name)
    if index >= len(subrows):
        raise Http404("subrow")
    if index < 0:
        subrows.append(form.raw())
        index = len(subrows) - 1
    else:
        subrows[index] = form.raw()
    try:
        _store(request, case, row, {**row.raw, name: subrows})
    except cases.CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _(SUBROW_SAVED) % {"t": table.title, "n": index + 1})
    return redirect(_tab_url(case, name))


@operator_view
@require_POST
def subrow_delete(request: HttpRequest, pk: int, name: str, index: int) -> HttpResponse:
    case, spec, row = _application(request, pk)
    table = _table(spec, name)
    subrows = _subrows(row, name)
    if index >= len(subrows):
        raise Http404("subrow")
    del subrows[index]
    try:
        _store(request, case, row, {**row.raw, name: subrows})
    except cases.CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _(SUBROW_DELETED) % {"t": table.title, "n": index + 1})
    return redirect(_tab_url(case, name))
