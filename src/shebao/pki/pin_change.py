"""修改PIN码 for a soft token: the operator brings the .p12, its PIN and a new PIN, and takes
the same key and certificate back locked with the new PIN. The file is opened in memory for
this request only; nothing of it is stored. Wrong PINs are limited (``pin_guard``)."""

from __future__ import annotations

from cryptography import x509
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from shebao.audit.services import audit_record
from shebao.audit.types import EventType
from shebao.core.errors import InvalidValue
from shebao.identity.acting import acting_unit, operator_view

from . import x509 as build
from .client import TokenError
from .models import UnitCertificate
from .pin_guard import token_open_guarded
from .pins import pin_check

MAX_P12_BYTES = 64 * 1024
NO_FILE = gettext_noop("请选择证书文件（.p12）")
PIN_MISMATCH = gettext_noop("两次输入的新PIN码不一致")
SAME_PIN = gettext_noop("新PIN码不能与原PIN码相同")
NOT_OURS = gettext_noop("该证书文件不是本平台为本单位签发的有效证书")


@operator_view
@require_http_methods(["GET", "POST"])
def certificate_pin_change(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "pki/pin_change.html", {"nav": "certificates"})
    upload = request.FILES.get("p12")
    old, new, again = (request.POST.get(k, "")[:64] for k in ("pin", "new_pin", "new_pin_again"))
    try:
        if upload is None or (upload.size or 0) > MAX_P12_BYTES:
            raise InvalidValue(_(NO_FILE))
        pin_check(new)
        if new != again:
            raise InvalidValue(_(PIN_MISMATCH))
        if new == old:
            raise InvalidValue(_(SAME_PIN))
        token = token_open_guarded(user=request.user, p12=upload.read(), pin=old)
        record = _our_certificate(request, token.certificate)
    except (InvalidValue, TokenError) as exc:
        return render(
            request, "pki/pin_change.html", {"error": str(exc), "nav": "certificates"}, status=400
        )
    p12 = build.p12_build(
        key=token.key,
        cert=token.certificate,
        chain=[],
        pin=new,
        friendly_name=f"{record.unit.unit_no} {record.serial_number}",
    )
    audit_record(
        event_type=EventType.PKI_PIN_CHANGE,
        actor=request.user,
        acting_unit=record.unit,
        subject_certificate=record,
        ip=request.META.get("REMOTE_ADDR") or None,
    )
    response = HttpResponse(p12, content_type="application/x-pkcs12")
    response["Content-Disposition"] = f'attachment; filename="unit-{record.unit.unit_no}.p12"'
    response["Cache-Control"] = "no-store"
    return response


def _our_certificate(request: HttpRequest, cert: x509.Certificate) -> UnitCertificate:
    record = UnitCertificate.objects.filter(
        serial_number=format(cert.serial_number, "x"),
        unit=acting_unit(request),
        status=UnitCertificate.Status.VALID,
    ).first()
    if record is None:
        raise InvalidValue(_(NOT_OURS))
    return record
