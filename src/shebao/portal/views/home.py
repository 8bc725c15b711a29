"""首页: the unit's header, rejected cases to declare again, staff reaching retirement age
soon, the services its region offers (by module, searchable, the operator's most used first),
drafts to resume or discard, recent cases."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from shebao.cases import selectors
from shebao.cases.models import CaseStatus
from shebao.contributions import retirement
from shebao.identity.acting import is_operator, is_reviewer
from shebao.identity.online import online_refusal
from shebao.identity.roles import is_ca_staff

from ..access import actor, unit_of
from ..service_groups import service_groups


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if not is_operator(request.user) and is_reviewer(request.user):
        return redirect("backoffice:queue")
    if not is_operator(request.user) and is_ca_staff(request.user):
        return redirect("pki_staff_queue")
    unit = unit_of(request)
    groups = service_groups(unit=unit, operator=actor(request), query=request.GET.get("q", ""))
    drafts = selectors.case_list(unit=unit, status=CaseStatus.DRAFT)[:10]
    rejected = list(selectors.rejected_unresubmitted(unit=unit).select_related("unit")[:10])
    recent = list(selectors.case_list(unit=unit).exclude(status__in=selectors.UNSUBMITTED)[:5])
    # a rejected case waiting for 修改后重新申报 stays in 最近办件 however old it is
    shown = {case.pk for case in recent}
    recent += [case for case in rejected if case.pk not in shown]
    return render(
        request,
        "portal/home.html",
        {
            "unit": unit,
            "service_groups": groups,
            "drafts": drafts,
            "rejected": rejected,
            "recent": recent,
            "online_refusal": online_refusal(unit),
            "retirements": retirement.upcoming(unit=unit),
            "retirement_months": retirement.REMINDER_MONTHS,
            "nav": "home",
        },
    )
