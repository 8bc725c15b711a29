"""Celery application: workers run ``celery -A shebao worker``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shebao.settings")

app = Celery("shebao")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
