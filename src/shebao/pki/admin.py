"""Read-only views of the CA for administrators; a revocation goes through the audited service.

Nothing here edits a certificate or a key directly: issuing, renewing and rotating are service
functions (and management commands), and CA private keys are never shown.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from shebao.core.errors import InvalidValue

from .models import CertificateAuthority, RevocationReason, UnitCertificate
from .services import certificate_revoke


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CertificateAuthority)
class CertificateAuthorityAdmin(ReadOnly):
    list_display = ["pk", "kind", "name", "serial_number", "not_after", "is_active", "crl_number"]
    exclude = ["private_key_pem", "crl_der"]


@admin.register(UnitCertificate)
class UnitCertificateAdmin(ReadOnly):
    list_display = ["unit", "serial_number", "status", "not_before", "not_after", "key_source"]
    list_filter = ["status", "key_source", "authority"]
    search_fields = ["unit__unit_no", "unit__name", "serial_number", "fingerprint"]
    actions = ["revoke_key_compromise"]

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("pki.change_unitcertificate")

    @admin.action(description=_("吊销所选证书（密钥泄露或证书介质丢失）"), permissions=["revoke"])
    def revoke_key_compromise(self, request: HttpRequest, queryset: QuerySet) -> None:
        ip = request.META.get("REMOTE_ADDR") or None
        done = 0
        for certificate in queryset:
            try:
                certificate_revoke(
                    certificate=certificate,
                    reason=RevocationReason.KEY_COMPROMISE,
                    actor=request.user,
                    ip=ip,
                )
                done += 1
            except InvalidValue as exc:
                self.message_user(request, f"{certificate}: {exc}", messages.WARNING)
        self.message_user(request, _("已吊销 %(n)d 张证书") % {"n": done})


from . import admin_seal  # noqa: E402,F401  (seal admin lives in its own module)
