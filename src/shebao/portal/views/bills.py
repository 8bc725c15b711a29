"""The unit's documents printed as 《社会保险费应缴认定单》 or 《社会保险费退费单》, scoped to
the acting unit."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from shebao.audit.reads import ReadAction, access_read_record
from shebao.contributions.bills import bill_get
from shebao.contributions.models import Bill, BillKind

from ..access import actor, client_ip, operator_view, unit_of
from .batch import attachment


@operator_view
@require_GET
def bill_pdf(request: HttpRequest, document_no: str) -> HttpResponse:
    from shebao.documents.bill import PAYMENT_TITLE, REFUND_TITLE
    from shebao.documents.bill import bill_pdf as render

    try:
        bill = bill_get(unit=unit_of(request), document_no=document_no)
    except Bill.DoesNotExist:
        raise Http404("bill")
    title = REFUND_TITLE if bill.kind == BillKind.REFUND else PAYMENT_TITLE
    access_read_record(
        action=ReadAction.PDF,
        actor=actor(request),
        unit=bill.unit,
        ip=client_ip(request),
        document="bill",
        document_no=bill.document_no,
    )
    base_url = settings.PUBLIC_BASE_URL or request.build_absolute_uri("/")
    response = attachment(
        render(bill, verify_base_url=base_url), "application/pdf", f"{title}-{document_no}.pdf"
    )
    response["Content-Disposition"] = response["Content-Disposition"].replace(
        "attachment", "inline", 1
    )
    return response
