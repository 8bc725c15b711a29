"""Back-payments of named persons: §3.3.30 劳动合同补缴, §3.3.31 单位（社区）代管灵活就业人员
补缴 (省本级 only) and §3.3.34 缓缴单位职工补缴 (退一补一).

One row is a person's span (补缴开始年月..补缴结束年月) with a declared monthly wage; the
engine validates it, the agency reviews it, and the approval stores an ``Arrears`` with
one line per month and type (base, unit and individual amounts, individual-account
interest, late fee, each with its arithmetic) for the bill that follows. The three
services share the row and the checks; each adds its own rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from shebao.core.errors import InvalidValue
from shebao.core.period import Period
from shebao.policy.areas import HUBEI_ONLY
from shebao.registry.choices import InsuranceType
from shebao.registry.disclosure import NAME_MISMATCH, PERSON_NO_MISMATCH
from shebao.registry.models import Enrolment, Person, Unit
from shebao.services.modules import Module
from shebao.services.registry import register
from shebao.services.spec import CheckContext, Group, Material, Mode, Template

from .. import arrears, arrears_calc
from ..models import ArrearsKind, ContributionBase
from .arrears_person_base import Checked, Lookups, PersonArrears
from .arrears_rows import (
    ALREADY_PAID,
    BEFORE_POOLING,
    COMMUNITY_REASON,
    CONTRACT,
    DEEMED_REASON,
    END_BEFORE_START,
    LEGAL_DOCUMENTS,
    MONTHS_MISMATCH,
    NO_DEFERRAL,
    NO_TYPES,
    NO_WAGE,
    NOT_ENROLLED,
    NOT_PAST,
    NOTES,
    OUTSIDE_DEFERRAL,
    OVER_LIMIT,
    OVERLAP,
    PAYROLL,
    PERSON_TYPE_MISSING,
    PROVINCIAL_ONLY,
    RECENT_MONTHS,
    UNIT_TYPE_MISSING,
    ArrearsRow,
    CommunityArrearsRow,
    DeferralArrearsRow,
)

if TYPE_CHECKING:
    from shebao.services.spec import DraftView


@register
class LabourContractArrears(PersonArrears[ArrearsRow]):
    code = "hb_labour_contract_back_payment"
    areas = HUBEI_ONLY
    module = Module.CONTRIBUTION
    keywords = ("补缴", "欠费")
    title = "单位职工社会保险劳动合同补缴申报"
    section = "§3.3.30"
    description = (
        "为职工补缴统账结合时间以后、累计不超过36个月的社会保险费，个人缴纳部分由个人承担，"
        "单位缴纳部分由单位承担。在职、暂停参保人员均可补缴，不勾选险种时补缴本单位全部险种。"
        "补缴1996年1月1日以后时段收取个人账户利息及滞纳金。提交后由参保所属机构审核。"
    )
    kind = ArrearsKind.LABOUR_CONTRACT
    row = ArrearsRow
    template = Template(
        title="职工基本养老保险费补缴申报明细表",
        example={"reason": "劳动合同补缴"},
        notes=NOTES,
    )
    materials = (
        Material(CONTRACT, Group.GROUP1, "补缴3年以内：劳动合同或工资花名册等原始凭据，二选一"),
        Material(PAYROLL, Group.GROUP1),
        *(
            Material(name, Group.GROUP2, "补缴3年以前的时段：以下文书之一")
            for name in LEGAL_DOCUMENTS
        ),
    )
    report_title = "职工基本养老保险费补缴申报明细表"
    report_notes = NOTES

    def check_row(
        self, ctx: CheckContext, number: int, row: Any, checked: Checked, state: dict[str, Any]
    ) -> None:
        if row.reason == "视同缴费年限补缴":
            ctx.fail(number, "补缴原因", _(DEEMED_REASON))
        lookups: Lookups = ctx.prefetched
        pooled = lookups.pooling or arrears.DEFAULT_POOLING_DATE
        if checked.start.first_day < pooled:
            ctx.fail(
                number,
                "补缴开始年月",
                _(BEFORE_POOLING) % {"s": checked.start, "d": pooled.isoformat()},
            )
        earlier = lookups.back_paid_months.get(checked.person.pk, 0)
        # every row of this case for the same person, up to and including this one
        in_case: dict[int, int] = state.setdefault("months", {})
        so_far = in_case.get(checked.person.pk, 0) + checked.start.months_until(checked.end)
        in_case[checked.person.pk] = so_far
        if earlier + so_far > arrears.CUMULATIVE_LIMIT:
            ctx.fail(
                number,
                "补缴结束年月",
                _(OVER_LIMIT)
                % {
                    "n": earlier + so_far,
                    "a": earlier,
                    "b": so_far,
                    "m": arrears.CUMULATIVE_LIMIT,
                },
            )

    def prefetch(self, unit: Unit, rows: list[ArrearsRow]) -> Lookups:
        lookups = super().prefetch(unit, rows)
        lookups.pooling = arrears.pooling_date(unit)
        lookups.back_paid_months = arrears.months_back_paid_of(
            persons=[person for person, _types in lookups.persons.values()]
        )
        return lookups

    def required_materials(self, draft: DraftView) -> Sequence[Material]:
        """R-BP-07 always (劳动合同 or 工资花名册…); R-BP-06 adds one legal document when
        a row goes back more than 3 years before the month of submission."""
        now = Period.of(arrears.calculation_date())
        starts = [
            Period.parse(c["start_period"])
            for c in draft.passed_cleaned()
            if c and c.get("start_period")
        ]
        old = any(now - start > RECENT_MONTHS for start in starts)  # type: ignore[operator]
        return [m for m in self.materials if m.group == Group.GROUP1 or old]


@register
class CommunityFlexibleArrears(PersonArrears[CommunityArrearsRow]):
    code = "hb_community_flexible_worker_back_payment"
    areas = HUBEI_ONLY
    module = Module.CONTRIBUTION
    title = "单位（社区）代管灵活就业人员补缴申报"
    section = "§3.3.31"
    description = (
        "由单位或社区代管的灵活就业人员补缴社会保险费，为省本级特有业务。"
        "补缴1996年1月1日以后时段收取个人账户利息及滞纳金；申报工资低于历年缴费基数标准60%"
        "或高于300%的按历年保底或封顶数核定。提交后由参保所属机构审核。"
    )
    kind = ArrearsKind.COMMUNITY
    row = CommunityArrearsRow
    template = Template(
        title="职工基本养老保险费补缴申报明细表",
        example={"reason": COMMUNITY_REASON},
        notes=NOTES,
    )
    report_title = "职工基本养老保险费补缴明细表"
    report_notes = NOTES

    def check_unit(self, ctx: CheckContext, rows: list[tuple[int, CommunityArrearsRow]]) -> bool:
        region = ctx.unit.region
        if region.is_provincial_level:
            return True
        for number, _row in rows:
            ctx.fail(number, "", _(PROVINCIAL_ONLY) % {"r": region.name})
        return False


@register
class DeferredUnitArrears(PersonArrears[DeferralArrearsRow]):
    code = "hb_deferred_unit_back_payment"
    areas = HUBEI_ONLY
    module = Module.CONTRIBUTION
    title = "缓缴单位职工社会保险补缴申报"
    section = "§3.3.34"
    description = (
        "已办理缓缴认定的单位，为职工补缴缓缴期内的社会保险费（退一补一）。"
        "缓缴期内不加收滞纳金，个人账户利息照计。不填月缴费工资时按该人员当年度申报的缴费工资。"
        "提交后由参保所属机构审核。"
    )
    kind = ArrearsKind.DEFERRAL
    charges_late_fee = False
    row = DeferralArrearsRow
    modes = frozenset({Mode.SINGLE})
    report_title = "缓缴单位职工基本养老保险费欠费补缴申报明细表"
    report_columns = ("person_no", "id_number", "name", "start_period", "end_period", "wage")

    def check_unit(self, ctx: CheckContext, rows: list[tuple[int, DeferralArrearsRow]]) -> bool:
        if ctx.unit.deferrals.exists():
            return True
        for number, _row in rows:
            ctx.fail(number, "", _(NO_DEFERRAL))
        return False

    def check_row(
        self, ctx: CheckContext, number: int, row: Any, checked: Checked, state: dict[str, Any]
    ) -> None:
        lookups: Lookups = ctx.prefetched
        covering = [
            d
            for d in lookups.deferrals
            if d.start_period <= str(checked.start) and d.end_period >= str(checked.end)
        ]
        if not covering:
            ctx.fail(
                number, "补缴开始年月", _(OUTSIDE_DEFERRAL) % {"s": checked.start, "e": checked.end}
            )

    def prefetch(self, unit: Unit, rows: list[DeferralArrearsRow]) -> Lookups:
        lookups = super().prefetch(unit, rows)
        lookups.deferrals = list(unit.deferrals.order_by("start_period"))
        person_ids = [person.pk for person, _types in lookups.persons.values()]
        if person_ids and any(row.wage is None for row in rows):
            # written in reverse order, so the row ``.first()`` would pick is the one kept
            bases = ContributionBase.objects.filter(person_id__in=person_ids, unit=unit)
            for person_id, year, declared in bases.order_by("-insurance_type").values_list(
                "person_id", "year", "declared_wage"
            ):
                lookups.declared_wages[(person_id, year)] = declared
            enrolments = Enrolment.objects.filter(
                person_id__in=person_ids, unit=unit, insurance_type=InsuranceType.PENSION
            )
            for person_id, monthly in enrolments.order_by("-start_period").values_list(
                "person_id", "monthly_wage"
            ):
                if monthly is not None:
                    lookups.enrolment_wages[person_id] = Decimal(monthly)
        return lookups

    def lines_for(
        self, unit: Unit, row: Any, checked: Checked, on: dt.date, lookups: Lookups
    ) -> list[Any]:
        """Each contribution year at the row's wage, or at the person's declared wage."""
        if row.wage is not None:
            return super().lines_for(unit, row, checked, on, lookups)
        by_year: dict[int, list[Period]] = {}
        for period in arrears_calc.periods_between(checked.start, checked.end):
            by_year.setdefault(lookups.policy.contribution_year(period), []).append(period)
        lines: list[Any] = []
        for year, periods in sorted(by_year.items()):
            wage = _declared_wage(checked.person, year, lookups)
            if wage is None:
                raise InvalidValue(_(NO_WAGE) % {"y": year})
            lines += arrears.person_lines(
                unit=unit,
                start=periods[0],
                end=periods[-1],
                types=checked.types,
                wage=wage,
                on=on,
                late_fee=False,
                policy=lookups.policy,
            )
        return lines

    def summary(self, rows: list[DeferralArrearsRow]) -> list[tuple[str, Any]]:
        return [(_("合计"), f"{len(rows)} 人次")]


def _declared_wage(person: Person, year: int, lookups: Lookups) -> Decimal | None:
    """The wage declared for ``year`` (§3.3.20), or the enrolment's monthly wage."""
    declared = lookups.declared_wages.get((person.pk, year))
    if declared is not None:
        return Decimal(declared)
    return lookups.enrolment_wages.get(person.pk)


__all__ = [
    "ALREADY_PAID",
    "BEFORE_POOLING",
    "CONTRACT",
    "DEEMED_REASON",
    "END_BEFORE_START",
    "LEGAL_DOCUMENTS",
    "MONTHS_MISMATCH",
    "NAME_MISMATCH",
    "NO_DEFERRAL",
    "NO_TYPES",
    "NO_WAGE",
    "NOT_ENROLLED",
    "NOT_PAST",
    "OUTSIDE_DEFERRAL",
    "OVER_LIMIT",
    "OVERLAP",
    "PAYROLL",
    "PERSON_NO_MISMATCH",
    "PERSON_TYPE_MISSING",
    "PROVINCIAL_ONLY",
    "UNIT_TYPE_MISSING",
    "ArrearsRow",
    "Checked",
    "CommunityArrearsRow",
    "CommunityFlexibleArrears",
    "DeferralArrearsRow",
    "DeferredUnitArrears",
    "LabourContractArrears",
    "Lookups",
    "PersonArrears",
]
