"""税务开票信息导入 in the back office: upload the tax authority's invoice file for the
region's bills, see every line's outcome. Reads and writes are scoped to the reviewer's
region."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from shebao.contributions.models import TaxInvoiceImport
from shebao.contributions.tax_invoice import (
    tax_invoice_import,
    tax_invoice_import_get,
    tax_invoice_import_list,
)
from shebao.core.errors import InvalidValue
from shebao.registry.models import Region

from .views import _ip, reviewer_view

IMPORTS_PER_PAGE = 20
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
NO_FILE = "请选择税务开票信息文件"
TOO_BIG = "税务开票信息文件不能超过 10 MB"


@reviewer_view
@require_http_methods(["GET", "POST"])
def tax_invoice_list(request: HttpRequest, region: Region) -> HttpResponse:
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _(NO_FILE)
        elif upload.size and upload.size > MAX_UPLOAD_BYTES:
            error = _(TOO_BIG)
        else:
            try:
                record = tax_invoice_import(
                    region=region,
                    actor=request.user,  # type: ignore[arg-type]
                    data=upload.read(),
                    filename=upload.name or "tax-invoices",
                    ip=_ip(request),
                )
            except InvalidValue as exc:
                error = str(exc)
            else:
                return redirect("backoffice:tax_invoice", pk=record.pk)
    page = Paginator(tax_invoice_import_list(region=region), IMPORTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "backoffice/tax_invoices.html",
        {"region": region, "page": page, "error": error, "nav": "tax_invoices"},
        status=400 if error else 200,
    )


@reviewer_view
@require_http_methods(["GET"])
def tax_invoice_page(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    try:
        record = tax_invoice_import_get(region=region, pk=pk)
    except TaxInvoiceImport.DoesNotExist:
        raise Http404("tax invoice import")
    return render(
        request,
        "backoffice/tax_invoice.html",
        {"region": region, "record": record, "nav": "tax_invoices"},
    )
