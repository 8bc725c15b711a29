"""Step 2 (表单填写): the tabs 单个添加 / 批量添加 / 校验结果 / 附件材料 and the row actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST

from shebao.audit.lookups import row_id_numbers
from shebao.cases import services as cases
from shebao.cases.models import Case, CaseRow, CaseStatus
from shebao.cases.rows import CaseDraft
from shebao.identity.ratelimit import VALIDATE
from shebao.registry.lookup_audit import person_lookups_record
from shebao.services.registry import registry
from shebao.services.spec import Mode, ServiceSpec

from ..access import actor, case_of, client_ip, operator_view, paginate, rate_limited
from ..display import form_columns, row_views
from ..forms import RowForm, row_initial
from .subrows import (
    SUB_TAB,
    next_tab,
    subtable_context,
    subtable_tabs,
    the_row,
    with_prefill,
    with_subrows,
)

ROWS_PER_PAGE = 20
# %(u)s: the spec's ``row_noun`` (行, or 条申报 for the monthly declaration)
ROW_ADDED_PASSED = gettext_noop("第 %(n)d %(u)s已添加，校验通过")
ROW_ADDED_FAILED = gettext_noop("第 %(n)d %(u)s已添加，但校验不通过：%(e)s")
ROW_UPDATED_PASSED = gettext_noop("第 %(n)d %(u)s已修改，校验通过")
ROW_UPDATED_FAILED = gettext_noop("第 %(n)d %(u)s已修改，但校验不通过：%(e)s")
ROW_DELETED = gettext_noop("已删除第 %(n)d %(u)s")


def tabs_of(spec: ServiceSpec) -> list[tuple[str, str]]:
    if spec.row.subtables():
        return subtable_tabs(spec)
    tabs: list[tuple[str, str]] = []
    if Mode.SINGLE in spec.modes:
        tabs.append(("single", spec.mode_label(Mode.SINGLE)))
    if Mode.BATCH in spec.modes:
        tabs.append(("batch", spec.mode_label(Mode.BATCH)))
    tabs.append(("results", _("校验结果")))
    if spec.materials:
        tabs.append(("materials", _("附件材料")))
    return tabs


def step2_url(case: Case, tab: str) -> str:
    return reverse("case_step", kwargs={"pk": case.pk, "step": 2}) + f"?tab={tab}"


def render_step2(
    request: HttpRequest,
    case: Case,
    spec: ServiceSpec,
    *,
    tab: str,
    form: RowForm | None = None,
    editing: CaseRow | None = None,
    status: int = 200,
) -> HttpResponse:
    tabs = tabs_of(spec)
    names = [name for name, _label in tabs]
    if tab not in names:
        tab = names[0]
    passed_qs = case.rows.filter(passed=True).order_by("row_no")
    failed_qs = case.rows.filter(passed=False).order_by("row_no")
    context: dict[str, Any] = {
        "case": case,
        "spec": spec,
        "step": 2,
        "tabs": tabs,
        "tab": tab,
        "unit": case.unit,
        "passed_count": passed_qs.count(),
        "failed_count": failed_qs.count(),
        "columns": form_columns(spec),
        "editing": editing,
        "row_noun": _(spec.row_noun),  # 第 1 行 / 第 1 条申报
        "row_no_label": _("行号") if spec.row_noun == "行" else _("序号"),
    }
    if tab == "single":
        if editing is None and form is None and spec.row.subtables():
            editing = the_row(case)  # 基本信息 of a one-person application edits its row
            context["editing"] = editing
            if editing is not None:
                form = RowForm(initial=row_initial(spec, editing), spec=spec)
        context["form"] = form or RowForm(spec=spec)
        context["info_tables"] = spec.info_tables(case.unit, CaseDraft(case))
        if editing is not None:
            context["editing_errors"] = editing.errors
    elif tab.startswith(SUB_TAB):
        context.update(subtable_context(request, case, spec, tab))
    elif tab == "results":
        passed_page = paginate(request, passed_qs, ROWS_PER_PAGE, "pp")
        failed_page = paginate(request, failed_qs, ROWS_PER_PAGE, "fp")
        context.update(
            passed_page=passed_page,
            failed_page=failed_page,
            passed_rows=row_views(spec, passed_page.object_list),
            failed_rows=row_views(spec, failed_page.object_list),
        )
    elif tab == "batch":
        context["row_import"] = _import_of(request, case)
        context["rows_count"] = case.rows.count()  # > 0: the upload asks 追加 or 替换
    elif tab == "materials":
        from shebao.cases.materials import materials_status, upload_rule

        context["materials"] = materials_status(case)
        context["upload_rule"] = upload_rule()
    return render(request, "portal/wizard/step2.html", context, status=status)


def _import_of(request: HttpRequest, case: Case) -> Any:
    import_id = request.GET.get("import", "")
    if not import_id.isdigit():
        return None
    from shebao.cases.imports import import_status
    from shebao.cases.models import RowImport

    try:
        return import_status(case=case, import_id=int(import_id))
    except RowImport.DoesNotExist:
        raise Http404("import")


def _draft(request: HttpRequest, pk: int) -> Case:
    case = case_of(request, pk)
    if case.status != CaseStatus.DRAFT or not case.agreement_accepted:
        raise Http404("draft")
    return case


def _reasons(row: CaseRow) -> str:
    return "；".join(
        (f"【{e['column']}】" if e.get("column") else "") + e["message"] for e in row.errors
    )


@operator_view
@require_POST
@rate_limited(VALIDATE)
def row_add(request: HttpRequest, pk: int) -> HttpResponse:
    """【添加校验】: store the typed row, validated with the rows already on the case."""
    case = _draft(request, pk)
    spec = registry[case.service_code]
    form = RowForm(request.POST, spec=spec, unit=case.unit)
    if not form.is_valid():
        return render_step2(request, case, spec, tab="single", form=form, status=400)
    _audit_lookup(request, case, form)
    try:
        row = cases.case_row_add(
            case=case,
            raw=with_prefill(spec, case, form.raw()),
            actor=actor(request),
            ip=client_ip(request),
        )
    except cases.CaseError as exc:
        messages.error(request, str(exc))
        return redirect(step2_url(case, "single"))
    if row.passed:
        messages.success(request, _(ROW_ADDED_PASSED) % {"n": row.row_no, "u": _(spec.row_noun)})
    else:
        messages.error(
            request,
            _(ROW_ADDED_FAILED) % {"n": row.row_no, "u": _(spec.row_noun), "e": _reasons(row)},
        )
    return redirect(step2_url(case, next_tab(spec)))


@operator_view
@require_http_methods(["GET", "POST"])
@rate_limited(VALIDATE)
def row_edit(request: HttpRequest, pk: int, row_no: int) -> HttpResponse:
    """编辑: the single form pre-filled with a stored row; saving validates all rows again."""
    case = _draft(request, pk)
    spec = registry[case.service_code]
    row = case.rows.filter(row_no=row_no).first()
    if row is None:
        raise Http404("row")
    if request.method == "GET":
        form = RowForm(initial=row_initial(spec, row), spec=spec)
        return render_step2(request, case, spec, tab="single", form=form, editing=row)
    form = RowForm(request.POST, spec=spec, unit=case.unit)
    if not form.is_valid():
        return render_step2(request, case, spec, tab="single", form=form, editing=row, status=400)
    _audit_lookup(request, case, form)
    try:
        row = cases.case_row_update(
            case=case,
            row_no=row_no,
            raw=with_subrows(spec, form.raw(), row.raw),
            actor=actor(request),
            ip=client_ip(request),
        )
    except cases.CaseError as exc:
        messages.error(request, str(exc))
        return redirect(step2_url(case, "results"))
    if row.passed:
        messages.success(request, _(ROW_UPDATED_PASSED) % {"n": row.row_no, "u": _(spec.row_noun)})
    else:
        messages.error(
            request,
            _(ROW_UPDATED_FAILED) % {"n": row.row_no, "u": _(spec.row_noun), "e": _reasons(row)},
        )
    return redirect(step2_url(case, next_tab(spec)))


def _audit_lookup(request: HttpRequest, case: Case, form: RowForm) -> None:
    person_lookups_record(
        unit=case.unit,
        actor=actor(request),
        ip=client_ip(request),
        channel="web",
        service=case.service_code,
        id_numbers=row_id_numbers([(1, form.raw())]),
    )


@operator_view
@require_POST
def row_delete(request: HttpRequest, pk: int, row_no: int) -> HttpResponse:
    case = _draft(request, pk)
    if not case.rows.filter(row_no=row_no).exists():
        raise Http404("row")
    try:
        cases.case_row_delete(
            case=case, row_nos=[row_no], actor=actor(request), ip=client_ip(request)
        )
    except cases.CaseError as exc:
        messages.error(request, str(exc))
    else:
        noun = _(registry[case.service_code].row_noun)
        messages.success(request, _(ROW_DELETED) % {"n": row_no, "u": noun})
    return redirect(step2_url(case, "results"))
