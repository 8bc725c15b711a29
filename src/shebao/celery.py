"""Celery application: workers run ``celery -A shebao worker``."""

import os
from typing import Any

from celery import Celery
from celery.signals import beat_init, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shebao.settings")

app = Celery("shebao")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
@beat_init.connect
def _refuse_default_secret_key(**kwargs: Any) -> None:
    """A worker signs bill verification codes too: it must not start with the public key.

    SystemExit, because Celery logs and swallows ordinary exceptions raised by signal handlers.
    """
    from django.core.exceptions import ImproperlyConfigured

    from shebao.startup import refuse_default_secret_key

    try:
        refuse_default_secret_key()
    except ImproperlyConfigured as exc:
        raise SystemExit(f"ImproperlyConfigured: {exc}") from exc
