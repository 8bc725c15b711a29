"""Token authentication: knox's, plus the refusal of a token whose certificate was revoked.

Revoking a certificate deletes its tokens (``signals``); checking here as well covers a
revocation written some other way (a data fix, a restored backup)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions

from shebao.audit.context import login_certificate_set
from shebao.pki.models import UnitCertificate

from .tokens import token_origin

CERTIFICATE_REVOKED = gettext_noop("登录所用的数字证书已吊销，令牌已失效，请用有效证书重新登录")


class TokenAuthentication(KnoxTokenAuthentication):  # type: ignore[misc]  # knox is untyped
    def validate_user(self, auth_token: Any) -> tuple[Any, Any]:
        user, token = super().validate_user(auth_token)
        origin = token_origin(token)
        certificate = origin.certificate if origin is not None else None
        if certificate is not None and certificate.status == UnitCertificate.Status.REVOKED:
            token.delete()
            raise exceptions.AuthenticationFailed(_(CERTIFICATE_REVOKED))
        login_certificate_set(certificate.pk if certificate is not None else None)
        return user, token
