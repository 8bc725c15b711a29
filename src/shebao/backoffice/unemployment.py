"""失业保险金发放名单 in the back office: the benefits of the reviewer's region due for a
month, on screen and as .xlsx, until a benefit payroll exists (issue #14). Bank accounts
are masked in both: the list says who is due what, the bank file is not produced here."""

from __future__ import annotations

import io
from decimal import Decimal

import xlsxwriter
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from shebao.core.masking import Sensitive, mask
from shebao.core.period import Period
from shebao.policy.models import Region
from shebao.services.batch.errorbook import safe_cell
from shebao.unemployment.models import UnemploymentBenefit
from shebao.unemployment.selectors import payments_due

from .views import reviewer_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period(raw: str | None) -> Period:
    try:
        return Period.parse(raw or "")
    except (ValueError, TypeError):
        return Period.of(timezone.localdate())


def _cells(b: UnemploymentBenefit) -> list[str]:
    return [
        b.unit.unit_no,
        b.unit.name,
        b.person.person_no,
        b.person.name,
        mask(b.person.id_number, Sensitive.ID),
        mask(b.registration.bank_card, Sensitive.ACCOUNT),
        f"{b.start_period}-{b.end_period}",
    ]


@reviewer_view
@require_http_methods(["GET"])
def benefit_payments(request: HttpRequest, region: Region) -> HttpResponse:
    period = _period(request.GET.get("period"))
    due = list(payments_due(region=region, period=str(period)))
    total = sum((b.monthly_amount for b in due), Decimal(0))
    headers = [
        _("单位编号"),
        _("单位名称"),
        _("个人编号"),
        _("姓名"),
        _("身份证号码"),
        _("工商银行卡号"),
        _("享受期间"),
        _("月失业保险金"),
    ]
    if request.GET.get("format") == "xlsx":
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = book.add_worksheet(str(period))
        money = book.add_format({"num_format": "#,##0.00"})
        sheet.write_string(0, 0, _("失业保险金发放名单") + f" {period}")
        for col, label in enumerate(headers):
            sheet.write_string(1, col, label)
        for row, b in enumerate(due, start=2):
            for col, cell in enumerate(_cells(b)):
                sheet.write_string(row, col, safe_cell(cell))
            sheet.write_number(row, len(headers) - 1, float(b.monthly_amount), money)
        sheet.write_string(len(due) + 2, 0, _("合计"))
        sheet.write_number(len(due) + 2, len(headers) - 1, float(total), money)
        book.close()
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="unemployment-{period}.xlsx"'
        return response
    return render(
        request,
        "backoffice/unemployment_payments.html",
        {
            "region": region,
            "period": period,
            "headers": headers,
            "rows": [(_cells(b), b.monthly_amount) for b in due],
            "total": total,
        },
    )
