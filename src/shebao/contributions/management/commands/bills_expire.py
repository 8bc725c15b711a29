"""``manage.py bills_expire``: mark overdue bills 已过期, for cron instead of celery beat.

Run it daily after midnight (the beat schedule uses 01:00 Asia/Shanghai). ``--date``
reruns a missed day; expiring is idempotent, each bill is expired once and audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shebao.contributions.bills import bill_expire_overdue


class Command(BaseCommand):
    help = "Mark valid, unpaid bills past their due date as expired (已过期)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="Expire as on this day (YYYY-MM-DD): bills due before it. Default: today.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"--date {options['date']!r} is not YYYY-MM-DD")
        count = bill_expire_overdue(today=today)
        self.stdout.write(f"{count} bill(s) expired")
