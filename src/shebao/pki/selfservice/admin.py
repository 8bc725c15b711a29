from django.contrib import admin

from .models import CaStaff, CertificateOrder


@admin.register(CaStaff)
class CaStaffAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    raw_id_fields = ["user"]


@admin.register(CertificateOrder)
class CertificateOrderAdmin(admin.ModelAdmin):
    """Read-only: orders change only through the service functions, which audit every step."""

    list_display = ["order_no", "kind", "unit", "status", "due_date", "created_at"]
    list_filter = ["kind", "status", "project"]
    search_fields = ["order_no", "unit__unit_no", "unit__name"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
