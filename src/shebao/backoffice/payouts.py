"""退付登记 in the back office: the region's valid 退费单据 (paged), and per document a form
recording that it was paid out to the unit's receiving account. Scoped to the reviewer's
region; the service locks the bill and refuses a second registration."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.http import require_http_methods

from shebao.contributions.models import Bill, BillStatus
from shebao.contributions.payout import (
    refund_document_get,
    refund_documents,
    refund_payout_cancel,
    refund_payout_refusal,
    refund_payout_register,
)
from shebao.core.errors import InvalidValue
from shebao.core.forms import ClearForm
from shebao.core.masking import Sensitive, mask
from shebao.core.money import format_money
from shebao.policy.models import Region

from .views import _ip, reviewer_view

DOCUMENTS_PER_PAGE = 20
REGISTERED = gettext_noop("退费单据 %(n)s 已登记退付 %(a)s 元（%(d)s）")
CANCELLED = gettext_noop("退费单据 %(n)s 的退付登记已撤销，单据恢复为有效")
#: list tabs: 待退付 (valid) and 已退付
TABS = ((BillStatus.VALID, gettext_lazy("待退付")), (BillStatus.PAID_OUT, gettext_lazy("已退付")))


class PayoutForm(ClearForm):
    paid_on = forms.DateField(
        label=gettext_lazy("退付日期"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    bank_serial_no = forms.CharField(label=gettext_lazy("银行流水号"), max_length=64)
    amount = forms.DecimalField(
        label=gettext_lazy("退付金额（元）"),
        max_digits=16,
        decimal_places=2,
        min_value=Decimal("0.01"),
    )


@reviewer_view
@require_http_methods(["GET"])
def payout_list(request: HttpRequest, region: Region) -> HttpResponse:
    status = request.GET.get("status", BillStatus.VALID)
    if status not in dict(TABS):
        status = BillStatus.VALID
    page = Paginator(refund_documents(region=region, status=status), DOCUMENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "backoffice/payouts.html",
        {
            "region": region,
            "page": page,
            "status": status,
            "tabs": TABS,
            "rows": [(bill, _account(bill)) for bill in page.object_list],
            "nav": "payouts",
        },
    )


def _account(bill: Bill) -> str:
    account = bill.bank_account
    if account is None:
        return ""
    return (
        f"{account.bank_name} {account.account_name} {mask(account.account_no, Sensitive.ACCOUNT)}"
    )


@reviewer_view
@require_http_methods(["GET", "POST"])
def payout_page(request: HttpRequest, region: Region, document_no: str) -> HttpResponse:
    try:
        bill = refund_document_get(region=region, document_no=document_no)
    except Bill.DoesNotExist:
        raise Http404("refund document")
    form = PayoutForm(
        request.POST or None,
        initial={"paid_on": timezone.localdate(), "amount": bill.total_amount},
    )
    error = ""
    if request.method == "POST" and "cancel_reason" in request.POST:
        try:
            refund_payout_cancel(
                region=region,
                document_no=bill.document_no,
                reason=request.POST["cancel_reason"],
                actor=request.user,  # type: ignore[arg-type]
                ip=_ip(request),
            )
        except InvalidValue as exc:
            error = str(exc)
        else:
            messages.success(request, _(CANCELLED) % {"n": bill.document_no})
            return redirect("backoffice:payout", document_no=bill.document_no)
        form = PayoutForm(initial={"paid_on": timezone.localdate(), "amount": bill.total_amount})
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            payout = refund_payout_register(
                region=region,
                document_no=bill.document_no,
                paid_on=data["paid_on"],
                bank_serial_no=data["bank_serial_no"],
                amount=data["amount"],
                actor=request.user,  # type: ignore[arg-type]
                ip=_ip(request),
            )
        except InvalidValue as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                _(REGISTERED)
                % {
                    "n": bill.document_no,
                    "a": format_money(payout.amount),
                    "d": payout.paid_on.isoformat(),
                },
            )
            return redirect("backoffice:payouts")
    if error:
        bill.refresh_from_db()  # another clerk may have registered it meanwhile
    refusal = refund_payout_refusal(bill)
    if refusal and "cancel_reason" not in request.POST:
        error = ""  # the document's own state says why, once
    return render(
        request,
        "backoffice/payout.html",
        {
            "region": region,
            "bill": bill,
            "account": _account(bill),
            "total": format_money(bill.total_amount),
            "form": form,
            "error": error,
            "refusal": refusal,
            "paid_out": bill.status == BillStatus.PAID_OUT,
            "nav": "payouts",
        },
        status=400 if request.method == "POST" else 200,
    )
