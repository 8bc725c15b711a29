"""The unit's pension prints as declared queries: 待遇计算表单打印 (the §3.3.42 cases and
the retirees they calculated, linking the 基本养老金计算表) and 个人账户对账单打印 (its
staff and retirees, linking each one's statement). Scoped to the acting unit."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from shebao.core.masking import Sensitive
from shebao.policy.areas import HUBEI_ONLY
from shebao.registry.choices import InsuranceType
from shebao.registry.models import Person, Unit
from shebao.services.modules import Module
from shebao.services.queries import (
    QueryColumn,
    QueryFilter,
    QuerySpec,
    register_query,
)

from .models import PensionAward


@register_query
class PensionSheetQuery(QuerySpec):
    code = "hb_pension_sheet_print"
    areas = HUBEI_ONLY
    module = Module.PENSION_CLAIMS
    title = "待遇计算表单打印"
    section = "§3.3.42"
    description = "本单位通过基本养老金计算业务计算的离退休人员待遇，点击业务流水号打印待遇计算表"
    columns = (
        QueryColumn("业务流水号", lambda a: a.case.serial_no, link="pension_sheet"),
        QueryColumn("个人编号", lambda a: a.retiree.person.person_no),
        QueryColumn("姓名", lambda a: a.retiree.person.name),
        QueryColumn("身份证号码", lambda a: a.retiree.person.id_number, sensitive=Sensitive.ID),
        QueryColumn("退休年月", lambda a: a.retiree.retirement_month),
        QueryColumn("版本", lambda a: a.version, kind="number"),
        QueryColumn("基本养老金", lambda a: a.total, kind="money"),
        QueryColumn("计算时间", lambda a: a.computed_at),
    )
    filters = (QueryFilter("name", "姓名", lookup="retiree__person__name__contains"),)
    ordering = ("-computed_at", "-pk")

    def scoped(self, *, unit: Unit) -> QuerySet[PensionAward]:
        return PensionAward.objects.filter(
            retiree__unit=unit, case__isnull=False, case__unit=unit
        ).select_related("case", "retiree__person")


@register_query
class AccountStatementQuery(QuerySpec):
    code = "hb_individual_account_statement"
    areas = HUBEI_ONLY
    module = Module.CONTRIBUTION_RECORDS
    title = "个人账户对账单打印"
    description = "本单位参保职工和离退休人员的职工基本养老保险个人账户，点击个人编号打印对账单"
    columns = (
        QueryColumn("个人编号", lambda p: p.person_no, link="account_statement"),
        QueryColumn("姓名", lambda p: p.name),
        QueryColumn("身份证号码", lambda p: p.id_number, sensitive=Sensitive.ID),
    )
    filters = (
        QueryFilter("person_no", "个人编号", lookup="person_no__startswith"),
        QueryFilter("name", "姓名", lookup="name__contains"),
    )
    ordering = ("person_no",)

    def scoped(self, *, unit: Unit) -> QuerySet[Person]:
        return Person.objects.filter(
            Q(enrolments__unit=unit, enrolments__insurance_type=InsuranceType.PENSION)
            | Q(retiree__unit=unit)
        ).distinct()
