"""The unit's pension documents: the 待遇计算表 of a §3.3.42 case and the yearly
个人账户对账单 of one of its staff or retirees. Scoped to the acting unit; every
download is an audited read."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from shebao.audit.reads import ReadAction, access_read_record
from shebao.cases.models import Case
from shebao.pensions.services import account_statement_years
from shebao.registry.models import Person

from ..access import actor, case_by_serial, case_of, client_ip, operator_view, unit_of
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
    return _sheet(request, case_of(request, pk))


@operator_view
@require_GET
def pension_sheet_by_serial(request: HttpRequest, serial_no: str) -> HttpResponse:
    """The same, from the 待遇计算表单打印 query's 业务流水号 link."""
    return _sheet(request, case_by_serial(request, serial_no))


def _sheet(request: HttpRequest, case: Case) -> HttpResponse:
    from shebao.documents.pension_sheet import pension_sheet_pdf as render

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
def account_statement_pdf(request: HttpRequest, person_no: str) -> HttpResponse:
    """个人账户对账单 of a person the unit insures (or retired); 404 for anyone else."""
    from shebao.documents.pension_sheet import account_statement_pdf as render

    unit = unit_of(request)
    person = Person.objects.filter(person_no=person_no).first()
    years = account_statement_years(unit=unit, person_id=person.pk) if person else []
    if person is None or not years:
        raise Http404("account")
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
