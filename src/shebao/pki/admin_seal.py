"""Admin for electronic seals: upload a unit's seal image; seal certificates are read-only
(their keys are never shown)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .admin import ReadOnly
from .models_seal import SealCertificate, UnitSeal


@admin.register(UnitSeal)
class UnitSealAdmin(admin.ModelAdmin):
    list_display = ("unit", "updated_at", "uploaded_by")
    search_fields = ("unit__unit_no", "unit__name")
    autocomplete_fields = ("unit",)
    readonly_fields = ("uploaded_by", "updated_at")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(SealCertificate)
class SealCertificateAdmin(ReadOnly):
    list_display = ("unit", "serial_number", "not_before", "not_after", "status")
    list_filter = ("status",)
    search_fields = ("unit__unit_no", "unit__name", "serial_number")
    exclude = ("private_key_pem",)
