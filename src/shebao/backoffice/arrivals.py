"""到账文件 in the back office: upload a bank arrival file for the region's bills, see
every line's outcome. Reads and writes are scoped to the reviewer's region."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from shebao.contributions.arrival import arrival_import, arrival_import_get, arrival_import_list
from shebao.contributions.models import ArrivalImport
from shebao.core.errors import InvalidValue
from shebao.registry.models import Region

from .views import _ip, reviewer_view

IMPORTS_PER_PAGE = 20
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


@reviewer_view
@require_http_methods(["GET", "POST"])
def arrival_list(request: HttpRequest, region: Region) -> HttpResponse:
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "请选择到账文件"
        elif upload.size and upload.size > MAX_UPLOAD_BYTES:
            error = "到账文件不能超过 10 MB"
        else:
            try:
                record = arrival_import(
                    region=region,
                    actor=request.user,  # type: ignore[arg-type]
                    data=upload.read(),
                    filename=upload.name or "arrivals",
                    ip=_ip(request),
                )
            except InvalidValue as exc:
                error = str(exc)
            else:
                return redirect("backoffice:arrival", pk=record.pk)
    page = Paginator(arrival_import_list(region=region), IMPORTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "backoffice/arrivals.html",
        {"region": region, "page": page, "error": error, "nav": "arrivals"},
        status=400 if error else 200,
    )


@reviewer_view
@require_http_methods(["GET"])
def arrival_page(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    try:
        record = arrival_import_get(region=region, pk=pk)
    except ArrivalImport.DoesNotExist:
        raise Http404("arrival import")
    return render(
        request,
        "backoffice/arrival.html",
        {"region": region, "record": record, "nav": "arrivals"},
    )
