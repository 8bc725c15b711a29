"""Issuing and revoking API tokens (knox: only a hash is stored, each login gets its own).

Revocation is deletion: knox finds a token by its hash, so a deleted token simply stops
authenticating. Tokens go on logout, on a password change and when the certificate a token
was obtained with is revoked (see ``shebao.api.signals``).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from knox.models import AuthToken
from knox.settings import knox_settings

from shebao.pki.models import UnitCertificate

from .models import TokenOrigin

log = logging.getLogger(__name__)


@transaction.atomic
def token_issue(
    *,
    user: Any,
    certificate: UnitCertificate | None = None,
    second_factor: bool = False,
) -> tuple[AuthToken, str]:
    """A new token for this login and its clear text (shown once, never stored)."""
    token, key = AuthToken.objects.create(user=user, expiry=knox_settings.TOKEN_TTL)
    TokenOrigin.objects.create(
        token=token,
        certificate=certificate,
        unit=certificate.unit if certificate is not None else None,
        second_factor=second_factor,
    )
    log.info(
        "api token issued",
        extra={"user": user.pk, "certificate": certificate.pk if certificate else None},
    )
    return token, key


def token_origin(token: Any) -> TokenOrigin | None:
    """How the token was obtained; None for anything but a knox token made by token_issue."""
    if not isinstance(token, AuthToken):
        return None
    try:
        origin: TokenOrigin = token.origin  # knox's AuthToken is untyped
        return origin
    except ObjectDoesNotExist:
        return None


def tokens_revoke(*, user: Any = None, certificate: UnitCertificate | None = None) -> int:
    """Delete every token of the user, or every token obtained with the certificate."""
    if (user is None) == (certificate is None):
        raise ValueError("tokens_revoke needs exactly one of user or certificate")
    wanted = {"user": user} if user is not None else {"origin__certificate": certificate}
    count: int = AuthToken.objects.filter(**wanted).delete()[0]
    if count:
        log.info("api tokens revoked", extra={"count": count})
    return count
