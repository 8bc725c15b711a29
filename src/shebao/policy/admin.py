from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest

from .models import (
    AccountInterestRate,
    BaseStandard,
    CalendarDay,
    CertificateValidity,
    ContributionRate,
    ContributionYearRule,
    EarlyRetirementParameter,
    LateFeeRate,
    MinimumContributionRule,
    ProjectPremiumRate,
    Region,
    RetirementAgeRule,
    UnemploymentBenefitStandard,
    UnemploymentEntitlementRule,
    UnitRiskClass,
)
from .services import interest_rate_publish, interest_rate_refusal


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_provincial_level"]


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


@admin.register(CertificateValidity)
class CertificateValidityAdmin(admin.ModelAdmin):
    list_display = ["region", "days", "effective_from", "effective_to", "source"]


class AccountInterestRateForm(forms.ModelForm):
    class Meta:
        model = AccountInterestRate
        fields = ["region", "year", "rate", "source"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("rate") is not None:
            refusal = interest_rate_refusal(rate=data["rate"], source=data.get("source") or "")
            if refusal:
                raise forms.ValidationError(refusal)
        return data


@admin.register(AccountInterestRate)
class AccountInterestRateAdmin(admin.ModelAdmin):
    """Saving goes through ``interest_rate_publish``: back-payments that stood on a
    provisional (暂按) rate are worked out again and audited in the same transaction."""

    form = AccountInterestRateForm
    list_display = ["region", "year", "rate", "source"]
    list_filter = ["region"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("region", "year") if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        publication = interest_rate_publish(
            region=obj.region,
            year=obj.year,
            rate=obj.rate,
            source=obj.source,
            actor=request.user,
            ip=request.META.get("REMOTE_ADDR"),
        )
        obj.pk = publication.rate.pk
        for report in publication.reports:
            messages.info(request, str(report))


@admin.register(UnitRiskClass)
class UnitRiskClassAdmin(admin.ModelAdmin):
    list_display = ["unit", "risk_class", "effective_from", "source"]
    raw_id_fields = ["unit"]


@admin.register(ProjectPremiumRate)
class ProjectPremiumRateAdmin(admin.ModelAdmin):
    list_display = ["region", "project_kind", "rate", "effective_from", "effective_to", "source"]
    list_filter = ["region", "project_kind"]


@admin.register(UnemploymentEntitlementRule)
class UnemploymentEntitlementRuleAdmin(admin.ModelAdmin):
    list_display = [
        "effective_from",
        "min_contribution_months",
        "benefit_months",
        "combined_cap_months",
        "source",
    ]


@admin.register(UnemploymentBenefitStandard)
class UnemploymentBenefitStandardAdmin(admin.ModelAdmin):
    list_display = ["region", "minimum_wage", "ratio", "effective_from", "effective_to", "source"]
    list_filter = ["region"]


@admin.register(RetirementAgeRule)
class RetirementAgeRuleAdmin(admin.ModelAdmin):
    list_display = [
        "post",
        "effective_from",
        "old_age_months",
        "first_birth_month",
        "step_birth_months",
        "target_age_months",
        "source",
    ]


@admin.register(MinimumContributionRule)
class MinimumContributionRuleAdmin(admin.ModelAdmin):
    list_display = ["effective_from", "base_months", "from_year", "step_months", "cap_months"]


@admin.register(EarlyRetirementParameter)
class EarlyRetirementParameterAdmin(admin.ModelAdmin):
    list_display = ["kind", "post", "effective_from", "age_months", "special_work_months"]
    list_filter = ["kind", "post"]
