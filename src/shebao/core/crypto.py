"""Personal data at rest: Fernet encryption of columns and keyed hashes for look-ups.

PIPL treats ID numbers, mobiles and bank accounts as sensitive personal information, so
their columns hold Fernet tokens (AES-128-CBC + HMAC-SHA256 from ``cryptography``). The
keys come from ``SHEBAO_FIELD_ENCRYPTION_KEYS``: the first encrypts, every one decrypts
(``MultiFernet``), so a new key is rolled out first and old tokens re-encrypted later
(``manage.py rotate_field_keys``). A token is random, so exact look-ups (and uniqueness)
use an HMAC-SHA256 of the normalised value under a separate key, ``SHEBAO_LOOKUP_HMAC_KEY``,
which never decrypts anything. See docs/encryption-at-rest.md.
"""

from __future__ import annotations

import binascii
import hmac
import sys
from collections.abc import Sequence
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

#: DEV ONLY, public: the demo and the tests run with these; production must set its own.
DEV_FIELD_KEY = "AYdVQ0fJTv3T5GDGKWZZLtPr5mqb4zAvRPk6KSUDr0E="
DEV_LOOKUP_HMAC_KEY = "dev-only-lookup-hmac-key-change-me"

#: Every Fernet token starts with the version byte 0x80, base64 "gAAAAA".
TOKEN_PREFIX = "gAAAAA"


class DecryptionFailed(Exception):
    """A stored token none of the configured keys opens (a key was dropped too early)."""


def parse_keys(value: str) -> list[str]:
    return [k.strip() for k in value.split(",") if k.strip()]


@lru_cache(maxsize=8)
def _fernets(keys: tuple[str, ...]) -> tuple[MultiFernet, Fernet]:
    fernets = [Fernet(k.encode()) for k in keys]
    return MultiFernet(fernets), fernets[0]


def _current() -> tuple[MultiFernet, Fernet]:
    return _fernets(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return _current()[0].encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _current()[0].decrypt(token.encode()).decode()
    except InvalidToken:
        raise DecryptionFailed(
            "no key in SHEBAO_FIELD_ENCRYPTION_KEYS decrypts this value"
        ) from None


def is_token(value: str) -> bool:
    return value.startswith(TOKEN_PREFIX)


def needs_rotation(token: str) -> bool:
    """Whether ``token`` is not (yet) encrypted with the first key: what rotation rewrites."""
    try:
        _current()[1].decrypt(token.encode())
    except InvalidToken:
        return True
    return False


def rotate(token: str) -> str:
    """The same clear text encrypted with the first key (raises if no key opens it)."""
    try:
        return _current()[0].rotate(token.encode()).decode()
    except InvalidToken:
        raise DecryptionFailed(
            "no key in SHEBAO_FIELD_ENCRYPTION_KEYS decrypts this value"
        ) from None


def normalise_id_number(id_number: str) -> str:
    """The form ID numbers are hashed in: no blanks, check digit ``X`` upper-case."""
    return id_number.strip().upper()


def lookup_hash(value: str, *, key: str | None = None) -> str:
    """HMAC-SHA256 (hex) of ``value``: equal values give equal hashes, unknown ones reveal
    nothing without the key (a plain hash of an ID number is brute-forced in minutes)."""
    secret = (key if key is not None else settings.LOOKUP_HMAC_KEY).encode()
    return hmac.digest(secret, value.encode(), "sha256").hex()


def person_hash(id_number: str, *, key: str | None = None) -> str:
    """``Person.id_number_hash`` of an ID number, as typed or stored."""
    return lookup_hash(normalise_id_number(id_number), key=key)


def running_tests() -> bool:
    """The test suite or the type checker (django-stubs loads the settings) is running."""
    return "pytest" in sys.modules or "mypy" in sys.modules or sys.argv[1:2] == ["test"]


def check_keys(*, field_keys: Sequence[str], hmac_key: str, debug: bool, testing: bool) -> None:
    """Refuse to start on malformed keys, or on the public dev keys outside DEBUG and tests.

    Called from settings, so a production process with the demo keys never serves a request.
    """
    if not field_keys:
        raise ImproperlyConfigured("SHEBAO_FIELD_ENCRYPTION_KEYS is empty")
    for key in field_keys:
        try:
            Fernet(key.encode())
        except (ValueError, binascii.Error):
            raise ImproperlyConfigured(
                "SHEBAO_FIELD_ENCRYPTION_KEYS: every key must be a Fernet key "
                "(32 url-safe base64-encoded bytes; generate one with "
                "`python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'`)"
            ) from None
    if not hmac_key:
        raise ImproperlyConfigured("SHEBAO_LOOKUP_HMAC_KEY is empty")
    if debug or testing:
        return
    if DEV_FIELD_KEY in field_keys[:1]:
        raise ImproperlyConfigured(
            "SHEBAO_FIELD_ENCRYPTION_KEYS still encrypts with the public development key; "
            "set a new first key (DEBUG=0)"
        )
    if hmac_key == DEV_LOOKUP_HMAC_KEY:
        raise ImproperlyConfigured(
            "SHEBAO_LOOKUP_HMAC_KEY is the public development key; set a long random secret "
            "(DEBUG=0)"
        )
