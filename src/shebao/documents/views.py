"""Public verification of printed documents (no login): what a bank or tax teller sees
after scanning a 应缴认定单's QR code, or anyone after scanning a 申报表's.

Only a number together with its check code shows a document; a wrong code looks exactly
like an unknown number, and each address may miss only ``VERIFY_MISSES_PER_HOUR`` times an
hour (bills and case reports share the count). A link without a code (printed before codes
existed, e.g. the bare ``/verify/<serial>`` of older 申报表) explains where to find one.
"""

from __future__ import annotations

import re

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from shebao.contributions.models import Bill

from .verify import CHECK_CODE_PARAM, bill_check_code_ok, bill_verification, case_check_code_ok
from .verify_case import case_verification, verifiable_case
from .verify_certificate import certificate_verification, verifiable_certificate

TEMPLATE = "documents/verify_bill.html"
CASE_TEMPLATE = "documents/verify_case.html"
DOCUMENT_NO = re.compile(r"\d{16}")
SERIAL_NO = re.compile(r"\d{15}")
VERIFY_MISSES_PER_HOUR = 20
_MISS_KEY = "verify-bill-miss:{ip}"


def _ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR") or "-"


def _misses(request: HttpRequest) -> int:
    return int(cache.get(_MISS_KEY.format(ip=_ip(request)), 0))


def _count_miss(request: HttpRequest) -> None:
    key = _MISS_KEY.format(ip=_ip(request))
    if cache.add(key, 1, timeout=3600):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=3600)


def _page(
    request: HttpRequest,
    state: str,
    status: int = 200,
    template: str = TEMPLATE,
    **context: object,
) -> HttpResponse:
    response = render(request, template, {"state": state, **context}, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_GET
def verify_bill(request: HttpRequest, document_no: str) -> HttpResponse:
    """有效/已足额到账/已作废/已过期… of a bill, with a do-not-pay warning for a void one."""
    if _misses(request) >= VERIFY_MISSES_PER_HOUR:
        return _page(request, "too_many", status=429)
    code = request.GET.get(CHECK_CODE_PARAM, "").strip()
    if not code:
        return _page(request, "no_code", document_no=document_no[:16])
    bill = None
    if DOCUMENT_NO.fullmatch(document_no) and bill_check_code_ok(document_no, code):
        bill = (
            Bill.objects.select_related("unit", "region", "tax_invoice", "payout")
            .filter(document_no=document_no)
            .first()
        )
    if bill is None:
        _count_miss(request)
        return _page(request, "missing", status=404, document_no=document_no[:16])
    return _page(request, "found", bill=bill_verification(bill))


@never_cache
@require_GET
def verify_case(request: HttpRequest, serial_no: str) -> HttpResponse:
    """What a 申报表 states (service, unit, dates, status, row count) and where its case stands."""
    page = CASE_TEMPLATE
    if _misses(request) >= VERIFY_MISSES_PER_HOUR:
        return _page(request, "too_many", status=429, template=page)
    code = request.GET.get(CHECK_CODE_PARAM, "").strip()
    if not code:
        return _page(request, "no_code", template=page, serial_no=serial_no[:15])
    case = None
    if SERIAL_NO.fullmatch(serial_no) and case_check_code_ok(serial_no, code):
        case = verifiable_case(serial_no)
    if case is None:
        _count_miss(request)
        return _page(request, "missing", status=404, template=page, serial_no=serial_no[:15])
    return _page(request, "found", template=page, report=case_verification(case))


CERTIFICATE_TEMPLATE = "documents/verify_certificate.html"


@never_cache
@require_GET
def verify_certificate(request: HttpRequest, serial_no: str = "") -> HttpResponse:
    """参保证明核验: 查询流水号 and 校验码 (from the QR code, or typed into the form)."""
    page = CERTIFICATE_TEMPLATE
    if _misses(request) >= VERIFY_MISSES_PER_HOUR:
        return _page(request, "too_many", status=429, template=page)
    serial_no = (serial_no or request.GET.get("n", "")).strip()[:15]
    code = request.GET.get(CHECK_CODE_PARAM, "").strip()
    if not serial_no or not code:
        return _page(request, "no_code", template=page, serial_no=serial_no)
    certificate = None
    if SERIAL_NO.fullmatch(serial_no):
        certificate = verifiable_certificate(serial_no, code)
    if certificate is None:
        _count_miss(request)
        return _page(request, "missing", status=404, template=page, serial_no=serial_no)
    return _page(request, "found", template=page, cert=certificate_verification(certificate))
