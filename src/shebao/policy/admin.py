from django.contrib import admin

from .models import (
    AccountInterestRate,
    BaseStandard,
    CalendarDay,
    ContributionRate,
    ContributionYearRule,
    LateFeeRate,
    ProjectPremiumRate,
    UnitRiskClass,
)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "name", "source"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"


@admin.register(ContributionRate)
class ContributionRateAdmin(admin.ModelAdmin):
    list_display = [
        "region",
        "insurance_type",
        "payer",
        "risk_class",
        "rate",
        "effective_from",
        "effective_to",
        "source",
    ]
    list_filter = ["region", "insurance_type", "payer"]


@admin.register(BaseStandard)
class BaseStandardAdmin(admin.ModelAdmin):
    list_display = [
        "region",
        "year",
        "average_wage",
        "floor_ratio",
        "cap_ratio",
        "rounding_unit",
        "clamp_order",
        "round_limits",
        "source",
    ]
    list_filter = ["region", "year"]


@admin.register(ContributionYearRule)
class ContributionYearRuleAdmin(admin.ModelAdmin):
    list_display = ["region", "from_year", "start_month", "source"]


@admin.register(LateFeeRate)
class LateFeeRateAdmin(admin.ModelAdmin):
    list_display = ["region", "daily_rate", "effective_from", "effective_to", "source"]


@admin.register(AccountInterestRate)
class AccountInterestRateAdmin(admin.ModelAdmin):
    list_display = ["region", "year", "rate", "source"]
    list_filter = ["region"]


@admin.register(UnitRiskClass)
class UnitRiskClassAdmin(admin.ModelAdmin):
    list_display = ["unit", "risk_class", "effective_from", "source"]
    raw_id_fields = ["unit"]


@admin.register(ProjectPremiumRate)
class ProjectPremiumRateAdmin(admin.ModelAdmin):
    list_display = ["region", "project_kind", "rate", "effective_from", "effective_to", "source"]
    list_filter = ["region", "project_kind"]
