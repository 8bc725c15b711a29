"""Agency back office: the reviewer's queue and case page (approve / reject: ``decisions``).

Every read goes through the region-scoped selectors, so another region's case is a 404.
Decisions call the service functions, which apply exactly once; a second click (or a second
reviewer) gets the service's "already decided" message instead of a second effect.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_POST

from shebao.cases import decision, selectors
from shebao.cases import services as cases
from shebao.cases.models import IN_EFFECT_STATUSES, Case, CaseStatus
from shebao.cases.reveal import case_value_reveal
from shebao.cases.review_queue import (
    QueueFilter,
    ReviewQueue,
    filtered_url,
    queue_rows,
    queue_status,
)
from shebao.core.errors import InvalidValue
from shebao.identity import staff
from shebao.identity.acting import reviewer_region
from shebao.policy.models import Region
from shebao.portal.forms import RejectForm, RollbackForm, service_choices
from shebao.portal.templatetags.portal import service_title
from shebao.portal.views.materials import material_response
from shebao.portal.views.records import case_context, report_pdf
from shebao.services.registry import registry

CASES_PER_PAGE = 20
ROLLED_BACK = gettext_noop("办件 %(s)s 已回退，办理结果已撤回")

View = Callable[..., HttpResponse]


def reviewer_view(view: View) -> View:
    """Login and the second factor required; a user who is not a reviewer gets 403 from
    ``reviewer_region``; one whose session has no TOTP proof binds a device or logs in again."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        region = reviewer_region(request.user)
        if not request.user.is_verified():  # type: ignore[union-attr]
            if staff.confirmed_device(request.user) is None:
                messages.info(request, _(staff.SETUP_REQUIRED))
                return redirect("totp_setup")
            logout(request)
            messages.info(request, _(staff.TOKEN_REQUIRED))
            return redirect_to_login(request.get_full_path())
        return view(request, region, *args, **kwargs)

    return wrapper


def case_of(region: Region, serial_no: str) -> Case:
    try:
        return selectors.review_case_get(region=region, serial_no=serial_no)
    except Case.DoesNotExist:
        raise Http404("case")


def _ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


@reviewer_view
@require_GET
def queue(request: HttpRequest, region: Region) -> HttpResponse:
    """待审核 by default, earliest due date first; overdue ones flagged 已超期."""
    status, statuses = queue_status(
        request.GET.get("status"),
        [c for c in CaseStatus.choices if c[0] != CaseStatus.DISCARDED],  # never submitted
        pending=CaseStatus.UNDER_REVIEW,
        draft=CaseStatus.DRAFT,
    )
    service = queue_service(request)
    qs = selectors.review_queue(region=region, status=status)
    if service:
        qs = qs.filter(service_code=service)
    page = Paginator(qs, CASES_PER_PAGE).get_page(request.GET.get("page"))
    queue = ReviewQueue(
        page=page,
        rows=queue_rows(
            page,
            pending=CaseStatus.UNDER_REVIEW,
            today=timezone.localdate(),
            line=lambda case: _line(case, service),
        ),
        filters=[
            QueueFilter("status", _("状态"), statuses, status),
            QueueFilter("service", _("业务"), service_choices(), service),
        ],
        headers=(_("业务流水号"), _("业务名称"), _("申报人"), _("受理时间")),
        empty=_("没有符合条件的办件"),
    )
    return render(
        request,
        "backoffice/queue.html",
        {"region": region, "page": page, "queue": queue, "nav": "backoffice"},
    )


def queue_service(request: HttpRequest) -> str:
    """The service the reviewer filtered the queue to ("" for all): the queue's filter,
    carried by the case page's links and forms; an unknown code counts as none."""
    service = request.GET.get("service") or request.POST.get("service") or ""
    return service if service in registry else ""


def _line(case: Case, service: str) -> dict[str, Any]:
    return {
        "url": filtered_url(reverse("backoffice:case", args=[case.serial_no]), service=service),
        "reference": case.serial_no,
        "title": service_title(case.service_code),
        "extra": case.declarant,
        "submitted_at": case.received_at,
    }


@reviewer_view
@require_GET
def case_page(request: HttpRequest, region: Region, serial_no: str) -> HttpResponse:
    case = case_of(region, serial_no)
    return _render_case(request, region, case, reject_form(case))


def reject_form(case: Case, data: Any = None) -> RejectForm:
    """The rejection form with the service's reasons and the case's rows as ticks."""
    reasons, rows = decision.rejection_choices(case)
    return RejectForm(data, reasons=reasons, rows=[(r.row_no, r.label) for r in rows])


def _render_case(
    request: HttpRequest,
    region: Region,
    case: Case,
    form: RejectForm,
    status: int = 200,
    rollback_form: RollbackForm | None = None,
) -> HttpResponse:
    context = case_context(request, case)
    today = timezone.localdate()
    under_review = case.status == CaseStatus.UNDER_REVIEW
    context.update(
        nav="backoffice",
        region=region,
        reject_form=form,
        can_decide=under_review,
        rollback_form=rollback_form or RollbackForm(),
        can_roll_back=case.status in IN_EFFECT_STATUSES
        and registry[case.service_code].revertible(),
        overdue=under_review and case.due_date is not None and case.due_date < today,
        reveal_url=reverse("backoffice:reveal", kwargs={"serial_no": case.serial_no}),
        queue_service=queue_service(request),
        queue_url=filtered_url(reverse("backoffice:queue"), service=queue_service(request)),
    )
    return render(request, "backoffice/case.html", context, status=status)


@reviewer_view
@require_POST
def reveal(request: HttpRequest, region: Region, serial_no: str) -> HttpResponse:
    """显示完整号码: one full value as JSON, audited by the service; never cached."""
    case = case_of(region, serial_no)
    row = request.POST.get("row", "")
    try:
        value = case_value_reveal(
            case=case,
            field=request.POST.get("field", ""),
            row_no=int(row) if row.isdigit() else None,
            actor=request.user,  # type: ignore[arg-type]
            ip=_ip(request),
        )
    except InvalidValue as exc:
        return JsonResponse({"detail": str(exc)}, status=400)
    response = JsonResponse({"value": value})
    response["Cache-Control"] = "no-store"
    return response


@reviewer_view
@require_POST
def rollback(request: HttpRequest, region: Region, serial_no: str) -> HttpResponse:
    case = case_of(region, serial_no)
    form = RollbackForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    try:
        cases.case_rollback(
            case=case,
            reviewer=request.user,  # type: ignore[arg-type]
            reason=reason,
            ip=_ip(request),
        )
    except cases.CaseError as exc:
        if not reason:
            form.add_error("reason", str(exc))
            return _render_case(request, region, case, reject_form(case), 400, rollback_form=form)
        messages.error(request, str(exc))
    else:
        messages.success(request, _(ROLLED_BACK) % {"s": case.serial_no})
    return redirect("backoffice:case", serial_no=serial_no)


@reviewer_view
@require_GET
def material(
    request: HttpRequest, region: Region, serial_no: str, material_id: int
) -> HttpResponse:
    return material_response(case_of(region, serial_no), material_id)


@reviewer_view
@require_GET
def pdf(request: HttpRequest, region: Region, serial_no: str) -> HttpResponse:
    from shebao.documents.verify import public_base_url

    return report_pdf(
        case_of(region, serial_no),
        actor=request.user,
        ip=_ip(request),
        verify_base_url=public_base_url(request),
    )
