"""The unit certificate the current request's user logged in with, for every event it writes.

ARCHITECTURE asks each audit event to say with which certificate the actor acted. A request
knows it in two ways: a browser session opened by 数字证书登录 (the certificate's id is kept
in the session, see :func:`login_certificate_remember`) and an API token obtained by
certificate login (its ``TokenOrigin``; the API's authentication calls
:func:`login_certificate_set`). :class:`LoginCertificateMiddleware` sets the value at the
start of each request and clears it at the end, so no other request (or worker) inherits it;
:func:`shebao.audit.services.audit_record` reads it when no certificate is given.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

SESSION_KEY = "audit_login_certificate"

_current: ContextVar[int | None] = ContextVar("audit_login_certificate", default=None)


def login_certificate_id() -> int | None:
    return _current.get()


def login_certificate_set(certificate_id: int | None) -> None:
    _current.set(certificate_id)


def login_certificate_remember(session: Any, *, certificate_id: int) -> None:
    """A browser login by certificate: this session acts with it until logout."""
    session[SESSION_KEY] = certificate_id
    login_certificate_set(certificate_id)


def login_certificate_forget(sender: Any = None, request: Any = None, **kwargs: Any) -> None:
    """Every login starts without a certificate (``user_logged_in`` receiver); the
    certificate login remembers its own after."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(SESSION_KEY, None)
    login_certificate_set(None)


class LoginCertificateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        token = _current.set(session.get(SESSION_KEY) if session is not None else None)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
