"""The unit's 失业保险金核定通知书 of an approved §3.3.66 case; scoped to the acting unit,
every download an audited read."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from shebao.audit.reads import ReadAction, access_read_record

from ..access import actor, case_of, client_ip, operator_view
from .pensions import _inline


@operator_view
@require_GET
def unemployment_decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from shebao.documents.unemployment_decision import benefit_decision_pdf

    case = case_of(request, pk)
    if not (case.effect or {}).get("benefits"):
        raise Http404("unemployment decision")
    access_read_record(
        action=ReadAction.PDF,
        actor=actor(request),
        unit=case.unit,
        ip=client_ip(request),
        document="unemployment_decision",
        case_id=case.pk,
        serial_no=case.serial_no or "",
    )
    return _inline(benefit_decision_pdf(case), f"失业保险金核定通知书-{case.serial_no}.pdf")
