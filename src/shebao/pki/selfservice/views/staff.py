"""The CA's back office (/pki/staff/): the queue by due date, the order page, approve / reject.

Only CA staff whose session carries the TOTP proof get in, exactly as agency reviewers: anyone
else is refused (403), an unverified session binds a device or logs in again.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_POST

from shebao.cases.review_queue import QueueFilter, ReviewQueue, queue_rows, queue_status
from shebao.core.errors import InvalidValue
from shebao.identity import staff
from shebao.identity.roles import is_ca_staff

from .. import services
from ..forms import RejectForm
from ..models import CertificateOrder, OrderStatus
from ..selectors import staff_order_get, staff_queue
from .common import ORDERS_PER_PAGE, client_ip, material_response

NOT_CA_STAFF = gettext_noop("当前用户不是认证机构工作人员")
APPROVED = gettext_noop("订单 %(n)s 审核通过，申请单位可在订单查询中下载证书")
REJECTED = gettext_noop("订单 %(n)s 审核不通过，原因已告知申请单位")

View = Callable[..., HttpResponse]


def ca_staff_view(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_ca_staff(request.user):
            raise PermissionDenied(_(NOT_CA_STAFF))
        if not request.user.is_verified():  # type: ignore[union-attr]
            if staff.confirmed_device(request.user) is None:
                messages.info(request, _(staff.SETUP_REQUIRED))
                return redirect("totp_setup")
            logout(request)
            messages.info(request, _(staff.TOKEN_REQUIRED))
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def _order(pk: int) -> CertificateOrder:
    try:
        return staff_order_get(pk=pk)
    except CertificateOrder.DoesNotExist:
        raise Http404("order")


@ca_staff_view
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """待审核 by default, earliest due date first; overdue ones flagged 已超期."""
    status, statuses = queue_status(
        request.GET.get("status"),
        OrderStatus.choices,
        pending=OrderStatus.SUBMITTED,
        draft=OrderStatus.DRAFT,
    )
    page = Paginator(staff_queue(status=status), ORDERS_PER_PAGE).get_page(request.GET.get("page"))
    queue = ReviewQueue(
        page=page,
        rows=queue_rows(
            page, pending=OrderStatus.SUBMITTED, today=timezone.localdate(), line=_line
        ),
        filters=[QueueFilter("status", _("状态"), statuses, status)],
        headers=(_("订单号"), _("办理事项"), _("参保区域"), _("提交时间")),
        empty=_("没有符合条件的订单"),
    )
    return render(
        request, "pki/staff/queue.html", {"page": page, "queue": queue, "nav": "ca_staff"}
    )


def _line(order: CertificateOrder) -> dict[str, Any]:
    return {
        "url": reverse("pki_staff_order", args=[order.pk]),
        "reference": order.order_no,
        "title": order.get_kind_display(),
        "extra": order.region.name,
        "submitted_at": order.submitted_at,
    }


@ca_staff_view
@require_GET
def order_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, _order(pk), RejectForm())


def _render(
    request: HttpRequest, order: CertificateOrder, form: RejectForm, status: int = 200
) -> HttpResponse:
    pending = order.status == OrderStatus.SUBMITTED
    return render(
        request,
        "pki/staff/order.html",
        {
            "order": order,
            "reject_form": form,
            "can_decide": pending,
            "overdue": pending
            and order.due_date is not None
            and order.due_date < timezone.localdate(),
            "materials": order.materials.all(),
            "events": order.events.select_related("actor"),
            "nav": "ca_staff",
        },
        status=status,
    )


@ca_staff_view
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(pk)
    try:
        services.order_approve(order=order, actor=request.user, ip=client_ip(request))
    except InvalidValue as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _(APPROVED) % {"n": order.order_no})
    return redirect("pki_staff_order", pk)


@ca_staff_view
@require_POST
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(pk)
    form = RejectForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    try:
        services.order_reject(order=order, actor=request.user, reason=reason, ip=client_ip(request))
    except InvalidValue as exc:
        if not reason:
            form.add_error("reason", str(exc))
            return _render(request, order, form, status=400)
        messages.error(request, str(exc))
    else:
        messages.success(request, _(REJECTED) % {"n": order.order_no})
    return redirect("pki_staff_order", pk)


@ca_staff_view
@require_GET
def material(request: HttpRequest, pk: int, material_id: int) -> HttpResponse:
    return material_response(_order(pk), material_id)
