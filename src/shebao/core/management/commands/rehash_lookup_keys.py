"""``manage.py rehash_lookup_keys``: recompute the ID-number look-up hashes (every table).

An HMAC key cannot rotate gradually (one column, one key): stop the web and worker
processes, set the new ``SHEBAO_LOOKUP_HMAC_KEY``, run this, start them again. Until it
finishes, look-ups of not yet rehashed persons miss. Resumable: a rerun skips persons
whose hash is already current. docs/encryption-at-rest.md.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from shebao.core.keyrotation import lookup_hashes_rehash


class Command(BaseCommand):
    help = "Recompute every ID-number look-up hash under the current SHEBAO_LOOKUP_HMAC_KEY."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=2000, help="rows a transaction")

    def handle(self, *args: Any, **options: Any) -> None:
        changed = lookup_hashes_rehash(batch_size=options["batch_size"], progress=self.stdout.write)
        self.stdout.write(f"{changed} hash(es) recomputed under the current key")
