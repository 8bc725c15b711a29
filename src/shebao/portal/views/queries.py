"""查询: the registered queries over the acting unit's records, with paging and export.

The list is one form: checkboxes pick rows, and the three export buttons send the current
page, the selected rows or all rows matching the filters; every read is scoped by the
query's own unit-scoped queryset. Exports are masked unless the unit ticks 导出完整证件号码
where the query offers it; every export is audited (``shebao.services.exports``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_POST

from shebao.core.errors import InvalidValue
from shebao.services import exports
from shebao.services.offer import offered, offered_or_403
from shebao.services.queries import QuerySpec, queries

from ..access import actor, client_ip, operator_view, unit_of

EXPORT_LIMIT = 100_000
TOO_MANY = gettext_noop("符合条件的数据有 %(n)d 条，超过单次导出上限 %(m)d 条，请缩小查询条件")
NOTHING_SELECTED = gettext_noop("请先勾选要导出的数据")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@operator_view
@require_GET
def query_index(request: HttpRequest) -> HttpResponse:
    listed = offered(queries, unit_of(request))  # the queries of the unit's area only
    return render(request, "portal/queries/index.html", {"queries": listed, "nav": "queries"})


@operator_view
@require_GET
def query_list(request: HttpRequest, code: str) -> HttpResponse:
    spec = offered_or_403(queries, code, unit_of(request))
    params, errors = spec.clean(request.GET)
    qs = spec.queryset(unit=unit_of(request), params=params)
    page = Paginator(qs, spec.per_page).get_page(request.GET.get("page"))
    rows = [(spec.key(obj), spec.cells(obj)) for obj in page.object_list]
    return render(
        request,
        "portal/queries/list.html",
        {
            "spec": spec,
            "page": page,
            "rows": rows,
            # what the table draws: each cell with its link (``QueryColumn.link``), if any
            "table": [(key, _linked(spec, cells)) for key, cells in rows],
            "errors": errors,
            "values": {f.name: request.GET.get(f.name, "") for f in spec.filters},
            "nav": "queries",
        },
        status=400 if errors else 200,
    )


def _linked(spec: QuerySpec, cells: list[str]) -> list[tuple[str, str]]:
    """Each cell with the address of the document or case it names (``QueryColumn.link``)."""
    from shebao.documents.catalogue import document_url

    return [
        (cell, document_url(column.link, cell) if column.link and cell else "")
        for column, cell in zip(spec.columns, cells, strict=True)
    ]


@operator_view
@require_POST
def query_export(request: HttpRequest, code: str) -> HttpResponse:
    spec = offered_or_403(queries, code, unit_of(request))
    params, errors = spec.clean(request.POST)
    if errors:
        return HttpResponse("；".join(errors), status=400, content_type="text/plain; charset=utf-8")
    qs = spec.queryset(unit=unit_of(request), params=params)
    scope = request.POST.get("scope", "page")
    objs: Iterable[Any]
    if scope == "selected":
        keys = request.POST.getlist("key")
        if not keys:
            return HttpResponse(
                _(NOTHING_SELECTED), status=400, content_type="text/plain; charset=utf-8"
            )
        objs = list(qs.filter(pk__in=[k for k in keys if k.isdigit()]))
    elif scope == "all":
        total = qs.count()
        if total > EXPORT_LIMIT:
            message = _(TOO_MANY) % {"n": total, "m": EXPORT_LIMIT}
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        objs = qs.iterator(chunk_size=2000)
    else:
        objs = Paginator(qs, spec.per_page).get_page(request.POST.get("page")).object_list
    try:
        body = exports.query_export(
            spec=spec,
            unit=unit_of(request),
            objs=objs,
            scope=scope,
            params=params,
            full_id_numbers=request.POST.get("full_id_numbers") == "1",
            actor=actor(request),
            ip=client_ip(request),
        )
    except InvalidValue as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(body, content_type=XLSX)
    name = f"{spec.title}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
