"""The unit's pension documents: the 待遇计算表 of a §3.3.42 case and the yearly
个人账户对账单 of one of its staff or retirees. Scoped to the acting unit; every
download is an audited read."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from shebao.audit.reads import ReadAction, access_read_record
from shebao.pensions.services import account_statement_years
from shebao.registry.models import Person

from ..access import actor, case_of, client_ip, operator_view, unit_of
from .batch import attachment


def _inline(pdf: bytes, name: str) -> HttpResponse:
    response = attachment(pdf, "application/pdf", name)
    response["Content-Disposition"] = response["Content-Disposition"].replace(
        "attachment", "inline", 1
    )
    return response


@operator_view
@require_GET
def pension_sheet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """待遇计算表单打印: the awards the unit's §3.3.42 case computed."""
    from shebao.documents.pension_sheet import pension_sheet_pdf as render

    case = case_of(request, pk)
    if not (case.effect or {}).get("pension_sheet"):
        raise Http404("pension sheet")
    access_read_record(
        action=ReadAction.PDF,
        actor=actor(request),
        unit=case.unit,
        ip=client_ip(request),
        document="pension_sheet",
        case_id=case.pk,
        serial_no=case.serial_no or "",
    )
    return _inline(render(case), f"基本养老金计算表-{case.serial_no}.pdf")


@operator_view
@require_GET
def account_statement_pdf(request: HttpRequest, person_id: int) -> HttpResponse:
    """个人账户对账单 of a person the unit insures (or retired); 404 for anyone else."""
    from shebao.documents.pension_sheet import account_statement_pdf as render

    unit = unit_of(request)
    years = account_statement_years(unit=unit, person_id=person_id)
    if not years:
        raise Http404("account")
    person = Person.objects.get(pk=person_id)
    access_read_record(
        action=ReadAction.PDF,
        actor=actor(request),
        unit=unit,
        ip=client_ip(request),
        document="account_statement",
        person_no=person.person_no,
    )
    return _inline(
        render(unit=unit, person=person, years=years), f"个人账户对账单-{person.person_no}.pdf"
    )
