from django.contrib import admin

from .models import Enrolment, Person, Unit, UnitInsurance


class UnitInsuranceInline(admin.TabularInline):
    model = UnitInsurance
    extra = 0


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["unit_no", "name", "credit_code", "region"]
    search_fields = ["unit_no", "name", "credit_code"]
    inlines = [UnitInsuranceInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["person_no", "name", "gender", "birth_date", "post_type"]
    list_filter = ["post_type"]
    search_fields = ["person_no", "name"]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["person", "unit", "insurance_type", "status", "start_period", "end_period"]
    list_filter = ["status", "insurance_type"]
