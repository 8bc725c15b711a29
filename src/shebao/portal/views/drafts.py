"""修改后重新申报 on a rejected case, and 删除草稿 (issue #12 §5)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from shebao.cases import drafts
from shebao.cases.models import Case
from shebao.cases.services import CaseError

from ..access import actor, client_ip, operator_view, unit_of
from .wizard import step_url

RESUBMIT_OPENED = gettext_noop("已按原办件 %(s)s 生成新的草稿，请修改后重新提交")
DISCARDED = gettext_noop("草稿已删除")


@operator_view
@require_POST
def case_resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    """【修改后重新申报】: open (or reopen) the new draft's 表单填写."""
    try:
        new = drafts.case_resubmit(
            case=Case(pk=pk), unit=unit_of(request), actor=actor(request), ip=client_ip(request)
        )
    except Case.DoesNotExist:
        raise Http404("case")
    except CaseError as exc:
        messages.error(request, str(exc))
        return redirect("case_detail", pk=pk)
    if new.resubmission_of is not None:
        messages.info(request, _(RESUBMIT_OPENED) % {"s": new.resubmission_of.serial_no})
    return redirect(step_url(new, 2))


@operator_view
@require_POST
def case_discard(request: HttpRequest, pk: int) -> HttpResponse:
    """【删除】 a draft, after the page's confirmation dialog."""
    try:
        drafts.case_discard(
            case=Case(pk=pk), unit=unit_of(request), actor=actor(request), ip=client_ip(request)
        )
    except Case.DoesNotExist:
        raise Http404("case")
    except CaseError as exc:
        messages.error(request, str(exc))
        return redirect("case_detail", pk=pk)
    messages.success(request, _(DISCARDED))
    return redirect("home")
