"""``manage.py purge_personal_data``: delete abandoned drafts' rows and old roster files, for
cron instead of celery beat (``shebao.cases.purge``). Run it daily; a run is audited and
running twice deletes nothing twice."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand

from shebao.cases.purge import personal_data_purge


class Command(BaseCommand):
    help = (
        "Purge personal data past retention: rows, roster files and materials of drafts "
        "untouched for SHEBAO_DRAFT_RETENTION_DAYS, and finished imports' uploaded files "
        "older than SHEBAO_UPLOAD_RETENTION_DAYS."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = personal_data_purge()
        self.stdout.write(" ".join(f"{k}={v}" for k, v in asdict(result).items()))
