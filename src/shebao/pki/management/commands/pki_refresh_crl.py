"""``manage.py pki_refresh_crl``: sign a fresh CRL for every issuing CA (run daily from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from shebao.pki.models import CertificateAuthority
from shebao.pki.services import crl_refresh


class Command(BaseCommand):
    help = "Sign a new CRL for each issuing CA, active or retired."

    def handle(self, *args: Any, **options: Any) -> None:
        for ca in CertificateAuthority.objects.filter(kind=CertificateAuthority.Kind.ISSUING):
            crl_refresh(authority=ca)
            self.stdout.write(f"CRL #{ca.pk} {ca.name} refreshed")
