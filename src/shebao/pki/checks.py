"""``manage.py check --deploy`` refuses the development CA passphrase."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def ca_passphrase_set(app_configs: Any, **kwargs: Any) -> list[Error]:
    if settings.CA_KEY_PASSPHRASE == settings.CA_KEY_PASSPHRASE_DEV_DEFAULT:
        return [
            Error(
                "SHEBAO_CA_KEY_PASSPHRASE is the development default",
                hint="Set a long random secret; it encrypts the CA private keys.",
                id="shebao.pki.E001",
            )
        ]
    return []
