"""Refuse to serve with the development SECRET_KEY.

The default key is public (it is in this repository), so a production server using it would
let anyone forge sessions, password-reset links and bill verification codes. Every way of
starting to serve calls :func:`refuse_default_secret_key` first: ``manage.py`` (runserver,
migrate, cron commands), ``wsgi.py`` and the Celery worker and beat. Importing the settings
alone (pytest, mypy, the docs table) does not, so those keep working without a key.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_SECRET_KEY_REFUSED = (
    "SECRET_KEY is the public development default while DEBUG is off: set SECRET_KEY to a long "
    "random value (e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
    "or DEBUG=1 for local development only."
)


def refuse_default_secret_key() -> None:
    """Raise ImproperlyConfigured when DEBUG is off and SECRET_KEY is the development default."""
    if not settings.DEBUG and settings.SECRET_KEY == settings.SECRET_KEY_DEV_DEFAULT:
        raise ImproperlyConfigured(DEFAULT_SECRET_KEY_REFUSED)
