from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail, read-only (the PKI log is its ``pki.*`` types)."""

    list_display = [
        "at",
        "event_type",
        "acting_unit",
        "certificate",
        "subject_certificate",
        "actor",
        "ip",
    ]
    list_filter = ["event_type"]
    list_select_related = ["acting_unit", "certificate", "subject_certificate", "actor"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
