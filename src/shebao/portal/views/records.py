"""办件记录: the unit's cases with filters, a case's detail, withdraw and the printed 申报表."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_POST

from shebao.audit.reads import ReadAction, access_read_record
from shebao.cases import selectors
from shebao.cases import services as cases
from shebao.cases.models import Case, CaseStatus
from shebao.services.registry import registry

from ..access import actor, case_by_serial, case_of, client_ip, operator_view, paginate, unit_of
from ..display import form_columns, row_views
from ..forms import CaseFilterForm
from .batch import attachment
from .wizard import report_context

CASES_PER_PAGE = 20
ROWS_PER_PAGE = 50
WITHDRAWN = gettext_noop("办件 %(s)s 已撤销")


@operator_view
@require_GET
def case_records(request: HttpRequest) -> HttpResponse:
    unit = unit_of(request)
    form = CaseFilterForm(request.GET or None, region=unit.region)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "service_code": data["service"],
            "status": data["status"],
            "serial_no": data["serial_no"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
    page = paginate(request, selectors.case_list(unit=unit, **filters), CASES_PER_PAGE)
    return render(
        request, "portal/records/list.html", {"form": form, "page": page, "nav": "records"}
    )


@operator_view
@require_GET
def case_by_serial_no(request: HttpRequest, serial_no: str) -> HttpResponse:
    return redirect("case_detail", pk=case_by_serial(request, serial_no).pk)


@operator_view
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_of(request, pk)
    from shebao.documents.catalogue import case_documents

    context = {**case_context(request, case), "documents": case_documents(case)}
    return render(request, "portal/records/detail.html", context)


def case_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    """What a case page shows, for the unit and for the reviewer alike."""
    spec = registry[case.service_code]
    rows_page = paginate(request, case.rows.order_by("row_no"), ROWS_PER_PAGE, "rp")
    return {
        "nav": "records",
        "case": case,
        "spec": spec,
        **report_context(case, request),
        "rows_page": rows_page,
        "rows": row_views(spec, rows_page.object_list),
        "marked_rows": case.rejection_rows if case.status == CaseStatus.REJECTED else [],
        "columns": form_columns(spec),
        "materials": list(case.materials.all()),
        "events": history(case),
    }


ACTIONS = {
    "create": gettext_noop("创建草稿"),
    "accept": gettext_noop("填写受理信息"),
    "submit": gettext_noop("确认提交"),
    "withdraw": gettext_noop("撤销"),
    "approve": gettext_noop("审核通过"),
    "reject": gettext_noop("审核不通过"),
    "rollback": gettext_noop("回退"),
    "import": gettext_noop("上传报盘"),
    "rows_replace": gettext_noop("批量添加"),
    "row_add": gettext_noop("单个添加"),
    "row_update": gettext_noop("修改人员信息"),
    "row_delete": gettext_noop("删除人员信息"),
    "material_upload": gettext_noop("上传材料"),
    "material_delete": gettext_noop("删除材料"),
    "seal": gettext_noop("电子签章"),
    "resubmit": gettext_noop("修改后重新申报"),
    "discard": gettext_noop("删除草稿"),
}


def history(case: Case) -> list[dict[str, Any]]:
    """办理过程: each audit event with its action and status change in words."""
    labels = dict(CaseStatus.choices)
    return [
        {
            "at": e.at,
            "action": _(ACTIONS[e.action]) if e.action in ACTIONS else e.action,
            "actor": (e.actor.get_full_name() or e.actor.get_username()) if e.actor else "",
            "from_status": labels.get(e.from_status, e.from_status),
            "to_status": labels.get(e.to_status, e.to_status),
            "changed": e.from_status != e.to_status,
            "reason": (e.detail or {}).get("reason", ""),
        }
        for e in case.events.select_related("actor").order_by("at", "pk")
    ]


@operator_view
@require_POST
def case_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """撤销: only while the case is under review; the service refuses otherwise, with the reason."""
    case = case_of(request, pk)
    try:
        cases.case_withdraw(case=case, actor=actor(request), ip=client_ip(request))
    except cases.CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _(WITHDRAWN) % {"s": case.serial_no})
    return redirect("case_detail", pk=case.pk)


@operator_view
@require_GET
def case_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """打印相关表单: the 申报表 as PDF."""
    from shebao.documents.verify import public_base_url

    return report_pdf(
        case_of(request, pk),
        actor=actor(request),
        ip=client_ip(request),
        verify_base_url=public_base_url(request),
    )


def report_pdf(
    case: Case, *, actor: Any, ip: str | None = None, verify_base_url: str = ""
) -> HttpResponse:
    """Sealed once the case is submitted (shebao.documents.sealing), a 草稿 before; every
    download (the unit's or a reviewer's) is an audited read."""
    from shebao.documents.sealing import case_report_pdf_served

    access_read_record(
        action=ReadAction.PDF,
        actor=actor,
        unit=case.unit,
        ip=ip,
        document="case_report",
        case_id=case.pk,
        serial_no=case.serial_no or "",
    )
    name = f"{registry[case.service_code].report_title or case.service_code}-{case.serial_no or case.pk}.pdf"
    response = attachment(
        case_report_pdf_served(case, actor=actor, ip=ip, verify_base_url=verify_base_url),
        "application/pdf",
        name,
    )
    response["Content-Disposition"] = response["Content-Disposition"].replace(
        "attachment", "inline", 1
    )
    return response
