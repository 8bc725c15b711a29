"""Certificates in the browser: 申领软证书 (a WebCrypto key, or a PKCS#12 as the backup) and
数字证书登录.

The browser makes an ECDSA P-256 key with WebCrypto, non-extractable, kept in IndexedDB; only
its public key (SPKI) comes here. The PKCS#12 route is the backup: the platform makes the key
and hands it over once in a file locked with a PIN the operator chooses (weak PINs refused).

Login: the page fetches a one-time challenge, the browser signs it with the stored key (raw
r||s) and posts certificate, challenge and signature together with the operator's own
username and password (the 社保卡号 + 查询密码 of the manuals). The password is checked by
Django's backends (django-axes counts failures and locks), the certificate by
:func:`shebao.pki.login.certificate_login`; the operator then acts for the certificate's unit.
After three refusals in a session a captcha is asked for as well.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST

from shebao.audit.context import login_certificate_remember
from shebao.core.errors import InvalidValue
from shebao.identity.acting import acting_unit, acting_unit_choose, operator_view
from shebao.registry.models import Unit

from .captcha import captcha_error, captcha_new
from .login import CertificateLoginRefused, certificate_login, challenge_create
from .models import UnitCertificate

FAILURES_KEY = "certificate_login_failures"
CAPTCHA_AFTER = 3
PASSWORD_WRONG = gettext_noop("用户名或密码不正确")
CERTIFICATE_MISSING = gettext_noop(
    "请选择本浏览器中保存的数字证书（如尚未安装，请先用用户名密码登录后申领）"
)
PUBLIC_KEY_MISSING = gettext_noop("请求中没有公钥")
PIN_MISMATCH = gettext_noop("两次输入的PIN码不一致")
ISSUED = gettext_noop("数字证书已签发（序列号 %(s)s），已保存在本浏览器中")
P12_NAME = "shebao-unit-%(u)s.p12"
MAX_FIELD = 16_384


def certificate_self_issue(
    *, unit: Unit, actor: Any, public_key: bytes | None, pin: str | None, ip: str | None
) -> tuple[UnitCertificate, bytes | None]:
    """The one place the portal issues a unit certificate: only against the unit's order that
    CA staff approved (证书新办 and the others), which it then closes as issued."""
    from .selfservice.services import approved_order_for, order_certificate_issue

    order = approved_order_for(unit)
    order, p12 = order_certificate_issue(
        order=order, actor=actor, pin=pin or "", pin_again=pin or "", public_key=public_key, ip=ip
    )
    assert order.certificate is not None
    return order.certificate, p12


def _ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


@operator_view
@require_http_methods(["GET"])
def certificate_install(request: HttpRequest) -> HttpResponse:
    """安装证书 / 申领软证书: both routes explained, and the unit's certificates listed."""
    return _install_page(request)


def _pending_order(unit: Unit) -> Any:
    from .selfservice.services import approved_order_for

    try:
        return approved_order_for(unit)
    except InvalidValue:
        return None


def _install_page(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    unit = acting_unit(request)
    certificates = UnitCertificate.objects.filter(unit=unit).order_by("-created_at")[:20]
    return render(
        request,
        "pki/certificate_install.html",
        {
            "unit": unit,
            "certificates": certificates,
            "error": error,
            "pending_order": _pending_order(unit),
            "nav": "certificates",
        },
        status=status,
    )


@operator_view
@require_POST
def certificate_enrol(request: HttpRequest) -> JsonResponse:
    """POST {"public_key": base64 SPKI} (JSON) -> the certificate (PEM) for the acting unit."""
    try:
        body = json.loads(request.body[:MAX_FIELD] or b"{}")
        raw = base64.b64decode(str(body.get("public_key", "")), validate=True)
    except (ValueError, binascii.Error):
        raw = b""
    if not raw:
        return JsonResponse({"detail": _(PUBLIC_KEY_MISSING)}, status=400)
    unit = acting_unit(request)
    try:
        record, _p12 = certificate_self_issue(
            unit=unit, actor=request.user, public_key=raw, pin=None, ip=_ip(request)
        )
    except InvalidValue as exc:
        return JsonResponse({"detail": str(exc)}, status=400)
    return JsonResponse(
        {
            "certificate": record.certificate_pem,
            "serial": record.serial_number,
            "fingerprint": record.fingerprint,
            "unit_no": unit.unit_no,
            "unit_name": unit.name,
            "not_after": timezone.localdate(record.not_after).isoformat(),
            "message": _(ISSUED) % {"s": record.serial_number},
        },
        status=201,
    )


@operator_view
@require_POST
def certificate_p12(request: HttpRequest) -> HttpResponse:
    """The backup route: a platform-made key in a PKCS#12 locked with the chosen PIN, once."""
    pin = request.POST.get("pin", "")[:64]
    if pin != request.POST.get("pin_confirm", "")[:64]:
        return _install_page(request, error=_(PIN_MISMATCH), status=400)
    unit = acting_unit(request)
    try:
        _record, p12 = certificate_self_issue(
            unit=unit, actor=request.user, public_key=None, pin=pin, ip=_ip(request)
        )
    except InvalidValue as exc:
        return _install_page(request, error=str(exc), status=400)
    assert p12 is not None
    response = HttpResponse(p12, content_type="application/x-pkcs12")
    response["Content-Disposition"] = f'attachment; filename="{P12_NAME % {"u": unit.unit_no}}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def certificate_challenge(request: HttpRequest) -> JsonResponse:
    """A one-time challenge for the login page (the web twin of /api/v1/auth/challenge)."""
    challenge = challenge_create(ip=_ip(request))
    return JsonResponse({"challenge": challenge.nonce, "expires_at": challenge.expires_at})


class _Refused(Exception):
    pass


@require_http_methods(["GET", "POST"])
def certificate_login_page(request: HttpRequest) -> HttpResponse:
    """数字证书登录: password and certificate both; the precise reason for every refusal."""
    target = request.POST.get("next") or request.GET.get("next") or reverse("home")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("home")
    failures = int(request.session.get(FAILURES_KEY, 0))
    error = ""
    username = ""
    if request.method == "POST":
        data = {k: request.POST.get(k, "")[:MAX_FIELD] for k in request.POST}
        username = data.get("username", "").strip()[:150]
        try:
            record, user = _login_checked(
                request, data, username, captcha=failures >= CAPTCHA_AFTER
            )
        except (_Refused, CertificateLoginRefused) as exc:
            error = str(exc)
            failures += 1
            request.session[FAILURES_KEY] = failures
        else:
            auth_login(request, user)
            request.session.pop(FAILURES_KEY, None)
            login_certificate_remember(request.session, certificate_id=record.pk)
            acting_unit_choose(request=request, unit_id=record.unit_id)
            return redirect(target)
    question = captcha_new(request) if failures >= CAPTCHA_AFTER else ""
    return render(
        request,
        "registration/certificate_login.html",
        {"error": error, "captcha": question, "next": target, "username": username},
        status=400 if error else 200,
    )


def _login_checked(
    request: HttpRequest, data: dict[str, str], username: str, *, captcha: bool
) -> tuple[UnitCertificate, Any]:
    if captcha:
        refusal = captcha_error(request, data.get("captcha", ""))
        if refusal:
            raise _Refused(refusal)
    if not data.get("certificate", "").strip():
        raise _Refused(_(CERTIFICATE_MISSING))
    user = authenticate(request, username=username, password=data.get("password", ""))
    if user is None:
        raise _Refused(_(PASSWORD_WRONG))
    operator, record = certificate_login(
        certificate_pem=data["certificate"],
        challenge=data.get("challenge", ""),
        signature=data.get("signature", ""),
        username=user.get_username(),
        ip=_ip(request),
    )
    operator.backend = user.backend  # type: ignore[attr-defined]
    return record, operator


__all__ = [
    "certificate_challenge",
    "certificate_enrol",
    "certificate_install",
    "certificate_login_page",
    "certificate_p12",
    "certificate_self_issue",
]
