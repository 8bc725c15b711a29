"""离退休人员 in the back office: the region's retirees, and per retiree the award history
and 重新计算 after a correction (audited by the service, history kept). Scoped to the
reviewer's region: another region's retiree is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from shebao.core.errors import InvalidValue
from shebao.pensions.models import Retiree
from shebao.pensions.selectors import awards_of, retirees_in_region
from shebao.pensions.services import recalculate_award
from shebao.policy.models import Region

from .views import reviewer_view

PER_PAGE = 20
RECALCULATED = gettext_noop("已重新计算，基本养老金 %(t)s 元（第 %(v)d 版）")


@reviewer_view
@require_http_methods(["GET"])
def retiree_list(request: HttpRequest, region: Region) -> HttpResponse:
    page = Paginator(
        retirees_in_region(region=region).order_by("-created_at", "-pk"), PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/retirees.html",
        {"region": region, "page": page, "nav": "retirees"},
    )


@reviewer_view
@require_http_methods(["GET", "POST"])
def retiree_page(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    retiree = retirees_in_region(region=region).filter(pk=pk).first()
    if retiree is None:
        raise Http404("retiree")
    error = ""
    if request.method == "POST":
        try:
            award = recalculate_award(
                retiree_id=retiree.pk,
                reason=request.POST.get("reason", ""),
                by_id=request.user.pk,  # type: ignore[arg-type]
            )
        except (InvalidValue, Retiree.DoesNotExist) as exc:
            error = str(exc)
        else:
            messages.success(
                request, _(RECALCULATED) % {"t": f"{award.total:,.2f}", "v": award.version}
            )
            return redirect("backoffice:retiree", pk=retiree.pk)
    return render(
        request,
        "backoffice/retiree.html",
        {
            "region": region,
            "retiree": retiree,
            "awards": list(awards_of(retiree=retiree)),
            "error": error,
            "nav": "retirees",
        },
        status=400 if error else 200,
    )
