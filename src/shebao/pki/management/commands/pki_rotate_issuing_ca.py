"""``manage.py pki_rotate_issuing_ca``: a new issuing CA; the old one keeps verifying and its CRL."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from shebao.pki.services import issuing_ca_rotate


class Command(BaseCommand):
    help = "Start a new issuing CA; certificates of the old one stay valid and revocable."

    def handle(self, *args: Any, **options: Any) -> None:
        new = issuing_ca_rotate()
        self.stdout.write(
            f"新签发 CA new issuing CA: #{new.pk} {new.name} (serial {new.serial_number})"
        )
