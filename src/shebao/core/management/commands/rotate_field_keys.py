"""``manage.py rotate_field_keys``: re-encrypt every encrypted column with the first key.

Run it after putting a new key first in ``SHEBAO_FIELD_ENCRYPTION_KEYS`` (old keys still
listed) on every process; once it reports nothing left, drop the old keys. Resumable: a
rerun skips what is already under the first key. docs/encryption-at-rest.md.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from shebao.core.keyrotation import field_keys_rotate


class Command(BaseCommand):
    help = "Re-encrypt every encrypted column with the first SHEBAO_FIELD_ENCRYPTION_KEYS key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=2000, help="rows a transaction")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = field_keys_rotate(batch_size=options["batch_size"], progress=self.stdout.write)
        self.stdout.write(f"{sum(counts.values())} value(s) re-encrypted with the first key")
