"""Agency entry of the records the back-payment and refund services depend on.

缓缴认定 (§3.3.34), 视同缴费年限认定 (§3.3.32) and the unit's receiving account
(§3.3.35) come from outside the online services; administrators enter them here (Django's
admin log records who changed what). Account numbers are masked in the lists.
"""

from django.contrib import admin

from shebao.core.masking import Sensitive, mask

from .models import (
    Arrears,
    ArrearsLine,
    AuditedBase,
    DeemedYearsRecognition,
    UnitBankAccount,
    UnitDeferral,
)


@admin.register(UnitDeferral)
class UnitDeferralAdmin(admin.ModelAdmin):
    list_display = ["unit", "start_period", "end_period", "document_no", "decided_on"]
    search_fields = ["unit__unit_no", "unit__name", "document_no"]
    raw_id_fields = ["unit"]


@admin.register(DeemedYearsRecognition)
class DeemedYearsRecognitionAdmin(admin.ModelAdmin):
    list_display = [
        "person",
        "unit",
        "start_period",
        "end_period",
        "monthly_wage",
        "document_no",
        "recognised_on",
        "arrears",
    ]
    search_fields = ["person__person_no", "unit__unit_no", "document_no"]
    raw_id_fields = ["person", "unit", "arrears"]
    readonly_fields = ["arrears"]


@admin.register(UnitBankAccount)
class UnitBankAccountAdmin(admin.ModelAdmin):
    list_display = ["unit", "bank_name", "account_name", "masked_account_no", "is_receiving"]
    list_filter = ["is_receiving"]
    search_fields = ["unit__unit_no", "unit__name"]
    raw_id_fields = ["unit"]

    @admin.display(description="银行账号")
    def masked_account_no(self, obj: UnitBankAccount) -> str:
        return mask(obj.account_no, Sensitive.ACCOUNT)


class ArrearsLineInline(admin.TabularInline):
    model = ArrearsLine
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "period",
        "person",
        "insurance_type",
        "base",
        "unit_amount",
        "individual_amount",
        "interest",
        "late_fee",
        "explanation",
    )


@admin.register(Arrears)
class ArrearsAdmin(admin.ModelAdmin):
    """Read-only: back-payments are declared through the services and billed later."""

    list_display = [
        "serial_no",
        "unit",
        "kind",
        "start_period",
        "end_period",
        "months",
        "status",
        "unit_amount",
        "individual_amount",
        "interest",
        "late_fee",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["serial_no", "unit__unit_no"]
    inlines = [ArrearsLineInline]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(AuditedBase)
class AuditedBaseAdmin(admin.ModelAdmin):
    """稽核部门认定的缴费基数 (R-BASE-06): a §3.3.21 wage change must agree with it."""

    list_display = ("unit", "person", "period", "base", "decision_no", "created_at")
    list_filter = ("unit",)
    search_fields = ("period", "decision_no")
    raw_id_fields = ("person", "unit")
