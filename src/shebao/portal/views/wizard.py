"""The three-step wizard (服务说明 -> 表单填写 -> 确认提交), generated from any registered spec.

The wizard's state is the draft Case itself (its fields, rows and ``step``), so a reload, a
logout or another browser resumes exactly where the operator left off.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST

from shebao.cases import selectors
from shebao.cases import services as cases
from shebao.cases.declare import case_open
from shebao.cases.models import Case, CaseStatus
from shebao.identity.acting import operator_contact
from shebao.services.offer import offered_or_403
from shebao.services.registry import registry
from shebao.services.spec import Review, ServiceSpec

from ..access import actor, case_of, client_ip, operator_view, unit_of
from ..forms import AcceptForm
from .step2 import render_step2

SUBMITTED_FOR_REVIEW = gettext_noop("该业务已提交审核，您可在办件记录中查询办理进度！")
COMPLETED = gettext_noop("该业务已成功办结!")
NOT_READY = gettext_noop("请先在“表单填写”中添加并校验数据，全部校验通过后点击【保存】")


def step_url(case: Case, step: int | None = None) -> str:
    return reverse("case_step", kwargs={"pk": case.pk, "step": step or case.step})


def draft_of(request: HttpRequest, pk: int) -> Case | HttpResponse:
    """The unit's draft, or a redirect to its record once it has been submitted."""
    case = case_of(request, pk)
    if case.status != CaseStatus.DRAFT:
        return redirect("case_detail", pk=case.pk)
    return case


#: Bigger 申报表 are not drawn on screen (100,000 rows would stall the browser): the PDF has them.
REPORT_SCREEN_MAX_ROWS = 1000


def report_context(case: Case, request: HttpRequest | None = None) -> dict[str, Any]:
    """``report`` (the 申报表 presenter) and ``report_rows`` for ``cases/_report.html``; its
    QR code points at the request's host unless ``PUBLIC_BASE_URL`` is set."""
    rows = case.rows.filter(passed=True).count()
    if rows > REPORT_SCREEN_MAX_ROWS or case.service_code not in registry:
        return {"report": None, "report_rows": rows}
    from shebao.documents.reports import case_report
    from shebao.documents.verify import public_base_url

    report = case_report(case, verify_base_url=public_base_url(request))
    return {"report": report, "report_rows": rows}


@operator_view
@require_http_methods(["GET", "POST"])
def service_start(request: HttpRequest, code: str) -> HttpResponse:
    """Open the wizard on a service; only a POST creates the draft (a GET never changes state).

    A GET resumes the operator's untouched draft of the service or shows step 1 without one; its
    【下一步】 posts here, and the draft is created and accepted at once (or, refused, not at
    all). A POST without the step-1 fields opens the untouched draft or a new one at step 1;
    reusing the untouched draft keeps a reload or a second click from piling up empty drafts.
    """
    unit = unit_of(request)
    spec = offered_or_403(registry, code, unit)  # another area's service: 403, with the reason
    untouched = (
        selectors.case_list(unit=unit, service_code=spec.code, status=CaseStatus.DRAFT)
        .filter(operator=actor(request), step=1, declarant="", rows__isnull=True)
        .first()
    )
    if request.method == "GET" and untouched is not None:
        return redirect(step_url(untouched, 1))
    try:
        cases.case_start_check(service_code=spec.code, unit=unit)
    except cases.CaseError as exc:  # e.g. the unit's online qualification was revoked
        messages.error(request, str(exc))
        return redirect("home")
    if request.method == "GET":
        return _step1_page(request, spec, None, AcceptForm(initial=declarant_initial(request)))
    if "declarant" in request.POST:
        return _step1_accept(request, spec, untouched)
    try:
        case = untouched or cases.case_start(
            service_code=spec.code, unit=unit, operator=actor(request), ip=client_ip(request)
        )
    except cases.CaseError as exc:  # refused meanwhile
        messages.error(request, str(exc))
        return redirect("home")
    return redirect(step_url(case, 1))


def _step1_accept(request: HttpRequest, spec: ServiceSpec, untouched: Case | None) -> HttpResponse:
    """Step 1 posted before any draft exists: create and accept it in one transaction."""
    form = AcceptForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            case = case_open(
                service_code=spec.code,
                unit=unit_of(request),
                operator=actor(request),
                declarant=data["declarant"],
                declarant_mobile=data["declarant_mobile"],
                remarks=data["remarks"],
                agreement_accepted=data["agreement"],
                ip=client_ip(request),
                draft=untouched,
            )
        except cases.CaseError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(step_url(case, 2))
    return _step1_page(request, spec, None, form)


@operator_view
@require_http_methods(["GET", "POST"])
def case_step(request: HttpRequest, pk: int, step: int) -> HttpResponse:
    found = draft_of(request, pk)
    if isinstance(found, HttpResponse):
        return found
    case = found
    spec = registry[case.service_code]
    if step == 1:
        return _step1(request, case, spec)
    if not case.agreement_accepted:
        return redirect(step_url(case, 1))
    if step == 2 and request.method == "GET":
        return render_step2(request, case, spec, tab=request.GET.get("tab", ""))
    if step == 3 and request.method == "GET":
        return _step3(request, case, spec)
    raise Http404("step")


def _step1(request: HttpRequest, case: Case, spec: ServiceSpec) -> HttpResponse:
    if request.method == "POST":
        form = AcceptForm(request.POST)
        if form.is_valid():
            try:
                _accept(request, case, form.cleaned_data)
            except cases.CaseError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect(step_url(case, 2))
    else:
        form = AcceptForm(
            initial={
                **declarant_initial(request),
                **({"declarant": case.declarant} if case.declarant else {}),
                **({"declarant_mobile": case.declarant_mobile} if case.declarant_mobile else {}),
                "remarks": case.remarks,
                "agreement": case.agreement_accepted,
            }
        )
    return _step1_page(request, spec, case, form)


def declarant_initial(request: HttpRequest) -> dict[str, str]:
    """申报人 and 手机号码 from the logged-in operator (their profile, else their name and the
    number they gave on their last case for this unit), so step 1 does not ask again."""
    name, mobile = operator_contact(request.user)
    if name and not mobile:
        last = (
            selectors.case_list(unit=unit_of(request))
            .filter(operator=actor(request), declarant=name)
            .exclude(declarant_mobile="")
            .order_by("-created_at")
            .first()
        )
        mobile = last.declarant_mobile if last else ""
    return {k: v for k, v in (("declarant", name), ("declarant_mobile", mobile)) if v}


def _accept(request: HttpRequest, case: Case, data: dict[str, Any]) -> None:
    """Step 1's 【下一步】: accept the 受理信息 and move the draft to step 2."""
    cases.case_accept(
        case=case,
        declarant=data["declarant"],
        declarant_mobile=data["declarant_mobile"],
        remarks=data["remarks"],
        agreement_accepted=data["agreement"],
        actor=actor(request),
        ip=client_ip(request),
    )
    cases.case_step_set(case=case, step=2)


def _step1_page(
    request: HttpRequest, spec: ServiceSpec, case: Case | None, form: AcceptForm
) -> HttpResponse:
    """Step 1; ``case`` is None before the draft exists (the form then posts to the service)."""
    prefilled = (
        not form.is_bound and bool(form.initial.get("declarant")) and not (case and case.declarant)
    )
    context = {"case": case, "spec": spec, "form": form, "step": 1, "prefilled": prefilled}
    return render(request, "portal/wizard/step1.html", context)


def _step3(request: HttpRequest, case: Case, spec: ServiceSpec) -> HttpResponse:
    failed = case.rows.filter(passed=False).count()
    passed = case.rows.filter(passed=True).count()
    if case.step < 3 or failed or not passed:
        messages.warning(request, _(NOT_READY))
        return redirect(step_url(case, 2))
    return render(
        request,
        "portal/wizard/step3.html",
        {
            "case": case,
            "spec": spec,
            "step": 3,
            "passed": passed,
            "count_noun": spec.count_noun_of(),  # 共 3 人 / 共 1 条申报
            **report_context(case, request),
        },
    )


@operator_view
@require_POST
def case_goto(request: HttpRequest, pk: int) -> HttpResponse:
    """【上一步】 and step 2's 【保存】: move the draft's wizard, with the service's checks."""
    found = draft_of(request, pk)
    if isinstance(found, HttpResponse):
        return found
    case = found
    try:
        step = int(request.POST.get("step", ""))
    except ValueError:
        raise Http404("step")
    try:
        cases.case_step_set(case=case, step=step)
    except cases.CaseError as exc:
        messages.error(request, str(exc))
        back = request.POST.get("tab", "results")
        return redirect(f"{step_url(case, 2)}?tab={back}")
    return redirect(step_url(case, step))


@operator_view
@require_POST
def case_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """【确认提交】: number the case and complete it or queue it for review."""
    found = draft_of(request, pk)
    if isinstance(found, HttpResponse):
        return found
    try:
        case = cases.case_submit(case=found, actor=actor(request), ip=client_ip(request))
    except cases.CaseError as exc:
        messages.error(request, str(exc))
        return redirect(step_url(found, 3 if found.step >= 3 else 2))
    return redirect("case_result", pk=case.pk)


@operator_view
def case_result(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_of(request, pk)
    if case.status == CaseStatus.DRAFT:
        return redirect(step_url(case))
    spec = registry[case.service_code]
    if spec.review == Review.AUTO:
        wording = _(spec.completed_message or COMPLETED)
    else:
        wording = _(SUBMITTED_FOR_REVIEW)
    from shebao.documents.catalogue import case_documents
    from shebao.documents.reports import case_money

    big = case.rows.filter(passed=True).count() > REPORT_SCREEN_MAX_ROWS
    context = {
        "case": case,
        "spec": spec,
        "wording": wording,
        "documents": case_documents(case),
        "money": None if big else case_money(case),
    }
    return render(request, "portal/wizard/result.html", context)
