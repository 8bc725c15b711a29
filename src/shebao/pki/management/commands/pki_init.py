"""``manage.py pki_init``: create the root CA and the issuing CA if missing. Idempotent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from shebao.pki.services import pki_init


class Command(BaseCommand):
    help = "Create the root CA and the issuing CA if they do not exist yet; safe to re-run."

    def handle(self, *args: Any, **options: Any) -> None:
        root, issuing = pki_init()
        self.stdout.write(
            f"根 CA root:        #{root.pk} {root.name} (serial {root.serial_number})"
        )
        self.stdout.write(
            f"签发 CA issuing:   #{issuing.pk} {issuing.name} (serial {issuing.serial_number})"
        )
