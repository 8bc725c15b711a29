"""What a scanned 应缴认定单 says about itself: the check code and the public facts.

征集通知单号 come from a counter (YYYYMM + a 10-digit sequence), so a number alone would let
anyone walk through every unit's bills. The QR code therefore carries a check code as
well: the first 8 base32 characters of an HMAC of the number under ``SECRET_KEY`` (40 bits).
It is also printed beside the code, so a teller can type it in. Codes made under a key in
``SECRET_KEY_FALLBACKS`` still verify after a key rotation.

``bill_verification`` is everything the public page may show: no persons, no lines.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.contributions.bills import bill_period
from shebao.contributions.models import Bill, BillKind, BillStatus, RefundPayout
from shebao.core.money import format_money, yuan_in_capitals

VERIFY_BILL_PATH = "/verify/bills/{no}"
CHECK_CODE_LENGTH = 8
CHECK_CODE_PARAM = "c"
VERIFY_CASE_PATH = "/verify/cases/{no}"
_SALT = "shebao.documents.verify.bill"
_CASE_SALT = "shebao.documents.verify.case"
#: What people mistype in a base32 code (it has no 0, 1, 8 or 9).
_TYPOS = str.maketrans({"0": "O", "1": "I", "8": "B", " ": None, "-": None})

GENUINE = gettext_noop("单据真实有效")
PARTIAL = gettext_noop("单据真实有效，已部分到账")
PAID = gettext_noop("单据真实，已足额到账")
REVOKED = gettext_noop("单据已作废")
EXPIRED = gettext_noop("单据已过有效期")
PAY_BY = gettext_noop("可按应缴金额缴费，缴费截止日期 %(d)s。")
PAY_REST = gettext_noop("已到账 %(r)s 元，尚欠 %(o)s 元，缴费截止日期 %(d)s。")
NO_SECOND_PAYMENT = gettext_noop("该单据已足额到账，请勿重复缴费。")
DO_NOT_PAY = gettext_noop("请勿据此单据收款或缴费；如需缴费，请单位重新开具应缴认定单。")
REFUND_GENUINE = gettext_noop("退费单据真实有效，尚未退付")
REFUND_PAID_OUT = gettext_noop("退费单据真实，已于 %(d)s 退付")
REFUND_TO_ACCOUNT = gettext_noop(
    "款项由经办机构退付至单位收款账户，单位无需据此缴费；请勿据此单据收款。"
)
NO_SECOND_PAYOUT = gettext_noop("该退费单据已退付至单位收款账户，请勿重复退付。")
DO_NOT_PAY_OUT = gettext_noop("请勿据此单据退付或缴费；如需退费，请单位重新开具退费单据。")


def _check_code(salt: str, number: str, *, secret: str | None = None) -> str:
    digest = salted_hmac(salt, number, secret=secret, algorithm="sha256").digest()
    return base64.b32encode(digest).decode()[:CHECK_CODE_LENGTH]


def _check_code_ok(salt: str, number: str, code: str) -> bool:
    typed = code.upper().translate(_TYPOS)
    if len(typed) != CHECK_CODE_LENGTH:
        return False
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(constant_time_compare(_check_code(salt, number, secret=k), typed) for k in keys)


def bill_check_code(document_no: str, *, secret: str | None = None) -> str:
    """The 8-character 校验码 of a 征集通知单号 (A-Z, 2-7)."""
    return _check_code(_SALT, document_no, secret=secret)


def bill_check_code_ok(document_no: str, code: str) -> bool:
    """Whether ``code`` (as scanned or typed; case and common typos forgiven) is the number's."""
    return _check_code_ok(_SALT, document_no, code)


def case_check_code(serial_no: str, *, secret: str | None = None) -> str:
    """The 校验码 of a 申报表 (业务流水号), under its own salt: a bill's code never fits a case."""
    return _check_code(_CASE_SALT, serial_no, secret=secret)


def case_check_code_ok(serial_no: str, code: str) -> bool:
    return _check_code_ok(_CASE_SALT, serial_no, code)


def verify_case_url(serial_no: str, *, base_url: str = "") -> str:
    """What a 申报表's QR code holds: the public page with the serial number and its code."""
    path = VERIFY_CASE_PATH.format(no=serial_no)
    return f"{base_url.rstrip('/')}{path}?{CHECK_CODE_PARAM}={case_check_code(serial_no)}"


VERIFY_CERTIFICATE_PATH = "/verify/certificates/{no}"


def verify_certificate_url(serial_no: str, check_code: str, *, base_url: str = "") -> str:
    """What a 参保证明's QR code holds: the public page with the 查询流水号 and its 校验码
    (6 random characters kept with the certificate, not derived from the key)."""
    path = VERIFY_CERTIFICATE_PATH.format(no=serial_no)
    return f"{base_url.rstrip('/')}{path}?{CHECK_CODE_PARAM}={check_code}"


def public_base_url(request: HttpRequest | None = None) -> str:
    """Where printed QR codes point: ``PUBLIC_BASE_URL``, else the host the request came to."""
    if settings.PUBLIC_BASE_URL:
        return str(settings.PUBLIC_BASE_URL)
    return request.build_absolute_uri("/") if request is not None else ""


def verify_bill_url(document_no: str, *, base_url: str = "") -> str:
    """What the bill's QR code holds: the public page with the number and its check code."""
    path = VERIFY_BILL_PATH.format(no=document_no)
    return f"{base_url.rstrip('/')}{path}?{CHECK_CODE_PARAM}={bill_check_code(document_no)}"


@dataclass(frozen=True)
class BillVerification:
    document_no: str
    kind: str
    collection_type: str
    unit_name: str
    unit_no: str
    region_name: str
    period: str
    total: str
    total_in_capitals: str
    status: str
    status_code: str
    issued_on: dt.date
    due_date: dt.date
    tax_invoiced: bool
    tax_invoiced_on: dt.date | None
    #: a 退费单据 (paid out to the unit, never paid in), and the day it was paid out
    is_refund: bool
    paid_out_on: dt.date | None
    verdict: str
    advice: str
    #: revoked or expired (or past its due date before the nightly expiry ran): do not pay
    void: bool
    checked_at: dt.datetime


def _money(amount: Decimal) -> str:
    return format_money(amount)


def bill_verification(bill: Bill, *, today: dt.date | None = None) -> BillVerification:
    today = today or timezone.localdate()
    overdue = bill.status == BillStatus.VALID and bill.due_date < today
    void = bill.status in (BillStatus.REVOKED, BillStatus.EXPIRED) or overdue
    due = bill.due_date.isoformat()
    is_refund = bill.kind == BillKind.REFUND
    payout = getattr(bill, "payout", None) if bill.status == BillStatus.PAID_OUT else None
    if is_refund:
        verdict, advice = _refund_verdict(bill, void=void, payout=payout)
    elif bill.status == BillStatus.REVOKED:
        verdict, advice = _(REVOKED), _(DO_NOT_PAY)
    elif bill.status == BillStatus.EXPIRED or overdue:
        verdict, advice = _(EXPIRED), _(DO_NOT_PAY)
    elif bill.status == BillStatus.PAID:
        verdict, advice = _(PAID), _(NO_SECOND_PAYMENT)
    elif bill.status == BillStatus.PARTIAL:
        verdict = _(PARTIAL)
        advice = _(PAY_REST) % {
            "r": _money(bill.received_amount),
            "o": _money(bill.outstanding),
            "d": due,
        }
    else:
        verdict, advice = _(GENUINE), _(PAY_BY) % {"d": due}
    invoice = getattr(bill, "tax_invoice", None) if bill.tax_invoiced else None
    return BillVerification(
        document_no=bill.document_no,
        kind=str(bill.get_kind_display()),
        collection_type=str(bill.get_collection_type_display()),
        unit_name=bill.unit.name,
        unit_no=bill.unit.unit_no,
        region_name=bill.region.name,
        period=bill_period(bill),
        total=_money(bill.total_amount),
        total_in_capitals=yuan_in_capitals(bill.total_amount),
        status=str(BillStatus(BillStatus.EXPIRED).label if overdue else bill.get_status_display()),
        status_code=BillStatus.EXPIRED if overdue else bill.status,
        issued_on=timezone.localdate(bill.issued_at),
        due_date=bill.due_date,
        tax_invoiced=bill.tax_invoiced,
        tax_invoiced_on=invoice.invoiced_on if invoice is not None else None,
        is_refund=is_refund,
        paid_out_on=payout.paid_on if payout is not None else None,
        verdict=verdict,
        advice=advice,
        void=void,
        checked_at=timezone.localtime(),
    )


def _refund_verdict(bill: Bill, *, void: bool, payout: RefundPayout | None) -> tuple[str, str]:
    """A 退费单据 is paid out to the unit: its wording says 退付, never 缴费."""
    if bill.status == BillStatus.REVOKED:
        return _(REVOKED), _(DO_NOT_PAY_OUT)
    if void:
        return _(EXPIRED), _(DO_NOT_PAY_OUT)
    if bill.status == BillStatus.PAID_OUT:
        paid_on = payout.paid_on.isoformat() if payout is not None else ""
        return _(REFUND_PAID_OUT) % {"d": paid_on}, _(NO_SECOND_PAYOUT)
    return _(REFUND_GENUINE), _(REFUND_TO_ACCOUNT)
