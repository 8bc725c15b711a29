"""Admin entry of the audit department's bases (稽核部门认定的缴费基数, R-BASE-06)."""

from django.contrib import admin

from .models import AuditedBase


@admin.register(AuditedBase)
class AuditedBaseAdmin(admin.ModelAdmin):
    list_display = ("unit", "person", "period", "base", "decision_no", "created_at")
    list_filter = ("unit",)
    search_fields = ("period", "decision_no")
    raw_id_fields = ("person", "unit")
