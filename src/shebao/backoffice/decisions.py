"""审核通过 / 审核不通过 on the reviewer's case page (issue #12 §4).

Approval is two steps: 审核通过 shows what the approval will do (``cases.decision``) and
only 确认通过, carrying the signed confirmation of that summary, approves; a double click or a
stale tab without it sees the summary again, never a silent approval. A case decided
meanwhile (another tab, another reviewer) answers with the service's "already decided"
message. After a decision the reviewer goes on to the next case of their region's queue.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from shebao.cases import decision
from shebao.cases import services as cases
from shebao.cases.models import Case, CaseStatus
from shebao.cases.review_queue import filtered_url
from shebao.policy.models import Region
from shebao.services.registry import registry

from .views import _ip, _render_case, case_of, queue_service, reject_form, reviewer_view

APPROVED = gettext_noop("办件 %(s)s 审核通过")
REJECTED = gettext_noop("办件 %(s)s 审核不通过，原因已告知单位")
QUEUE_EMPTY = gettext_noop("审核队列中已没有待审核的办件")
SERVICE_QUEUE_EMPTY = gettext_noop("审核队列中已没有待审核的“%(t)s”办件")
NEXT_CASE = gettext_noop("下一件：%(s)s")
CONFIRM_AGAIN = gettext_noop("确认已失效或办件数据已变化，请核对办理结果后重新确认")


@reviewer_view
@require_POST
def approve(request: HttpRequest, region: Region, serial_no: str) -> HttpResponse:
    """Without a valid confirmation: the confirmation page; with it: approve once."""
    case = case_of(region, serial_no)
    if case.status != CaseStatus.UNDER_REVIEW:
        return _already_decided(request, case)
    token = request.POST.get("confirmation", "")
    reviewer_id = int(request.user.pk or 0)  # a verified reviewer (reviewer_view)
    confirmed = decision.approval_confirmed(case, token, reviewer_id=reviewer_id) if token else None
    if confirmed is None:
        if token:
            messages.warning(request, _(CONFIRM_AGAIN))
        summary = decision.approval_summary(case)
        return render(
            request,
            "backoffice/approve_confirm.html",
            {
                "nav": "backoffice",
                "region": region,
                "case": case,
                "summary": summary,
                "confirmation": decision.approval_token(case, summary, reviewer_id=reviewer_id),
                "rows_passed": case.rows.filter(passed=True).count(),
                "queue_service": queue_service(request),
            },
        )
    try:
        cases.case_approve(
            case=case,
            reviewer=request.user,  # type: ignore[arg-type]
            ip=_ip(request),
            confirmed_summary=confirmed,
        )
    except cases.CaseError as exc:
        messages.error(request, str(exc))
        return redirect("backoffice:case", serial_no=serial_no)
    messages.success(request, _(APPROVED) % {"s": case.serial_no})
    return _next(request, region, case)


@reviewer_view
@require_POST
def reject(request: HttpRequest, region: Region, serial_no: str) -> HttpResponse:
    case = case_of(region, serial_no)
    if case.status != CaseStatus.UNDER_REVIEW:
        return _already_decided(request, case)
    form = reject_form(case, request.POST)
    if not form.is_valid():
        return _render_case(request, region, case, form, status=400)
    try:
        cases.case_reject(
            case=case,
            reviewer=request.user,  # type: ignore[arg-type]
            reason=form.reason_text(),
            rows=form.marked_rows(),
            ip=_ip(request),
        )
    except cases.CaseError as exc:
        case.refresh_from_db()
        if case.status != CaseStatus.UNDER_REVIEW:
            return _already_decided(request, case, str(exc))
        form.add_error("reason", str(exc))
        return _render_case(request, region, case, form, status=400)
    messages.success(request, _(REJECTED) % {"s": case.serial_no})
    return _next(request, region, case)


def _already_decided(request: HttpRequest, case: Case, text: str = "") -> HttpResponse:
    """Two tabs: the second decision is refused with the case's current status."""
    messages.error(request, text or _(cases.ALREADY_DECIDED) % {"s": case.get_status_display()})
    return redirect("backoffice:case", serial_no=case.serial_no)


def _next(request: HttpRequest, region: Region, case: Case) -> HttpResponse:
    """The next case waiting in the reviewer's queue, or the queue when none is left; a
    queue filtered to one service stays filtered (the form carries ``service``)."""
    service = queue_service(request)
    following = decision.next_to_review(region=region, after=case, service=service)
    if following is None:
        if service:
            messages.info(request, _(SERVICE_QUEUE_EMPTY) % {"t": _(registry[service].title)})
        else:
            messages.info(request, _(QUEUE_EMPTY))
        return redirect(filtered_url(reverse("backoffice:queue"), service=service))
    messages.info(request, _(NEXT_CASE) % {"s": following.serial_no})
    url = reverse("backoffice:case", kwargs={"serial_no": following.serial_no})
    return redirect(filtered_url(url, service=service))
