"""§3.3.66 失业保险金申领: the unit claims the benefit for a person it registered (§3.3.67).

Eligibility (失业保险条例 第十四条): the unit and the person paid unemployment insurance for
at least one year (paid months, :mod:`shebao.unemployment.paid`), the interruption was
involuntary (the §3.3.17 suspension reason), and the person is registered as unemployed.
The period is 第十七条's table, the amount the region's standard (``shebao.policy``).
R-TIME-10 is not applied again here: it is stated for the registration only (the spec's
open question), and a hall registration must be claimable online.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.masking import Sensitive
from shebao.core.money import format_money
from shebao.policy.areas import HUBEI_ONLY
from shebao.registry.disclosure import NAME_MISMATCH
from shebao.services.modules import Module
from shebao.services.registry import register
from shebao.services.rows import (
    IdNumberStr,
    Mobile,
    PersonName,
    RowModel,
    Text,
    column,
    one_of,
)
from shebao.services.spec import (
    COMMON_REJECTION_REASONS,
    CheckContext,
    Group,
    InfoTable,
    Material,
    Mode,
    ReportField,
    Review,
    ServiceSpec,
)

from .. import rules
from ..choices import PAYEE_TYPES, PAYMENT_METHODS, YES_NO
from ..selectors import MIN_CONTRIBUTION_MONTHS, assess, paying_benefits, registrations_of
from ..services import benefit_grant
from .common import INSURED_NOW, NOT_FOUND, VOLUNTARY, Lookups, involuntary, lookups_for

if TYPE_CHECKING:
    from shebao.registry.models import PersonQuerySet, Unit
    from shebao.services.spec import DraftView, EffectContext

NOT_REGISTERED = gettext_noop("该人员未在本单位办理失业登记（§3.3.67），请先办理失业人员新增")
CLAIMED = gettext_noop("该人员本次失业已申领失业保险金")
PAYING = gettext_noop("该人员正在享受失业保险金")
SHORT = gettext_noop("累计缴纳失业保险费 %(n)d 个月，不满1年，不能申领失业保险金")
CLAIM_EFFECT = gettext_noop("将为 %(n)d 人核定失业保险金，自失业登记当月起按月发放")


class ClaimRow(RowModel):
    id_number: IdNumberStr = column(
        "证件号码", example="110100198506020015", sensitive=Sensitive.ID
    )
    name: PersonName = column("姓名", example="张三")
    migrant_worker: Annotated[str, one_of(YES_NO)] = column(
        "农民工标志", example="否", kind="choice", choices=YES_NO
    )
    seeking_job: Annotated[str, one_of(YES_NO)] = column(
        "是否有求职意愿", example="是", kind="choice", choices=YES_NO
    )
    contact_name: PersonName = column("联系人", example="张三")
    contact_phone: Mobile = column("联系电话", example="18555555555", sensitive=Sensitive.MOBILE)
    contact_address: Text | None = column("联系地址", required=False)
    payee_type: Annotated[str, one_of(PAYEE_TYPES)] = column(
        "发放对象", example="个人", kind="choice", choices=PAYEE_TYPES
    )
    payment_method: Annotated[str, one_of(PAYMENT_METHODS)] = column(
        "发放方式", example="委托银行发放", kind="choice", choices=PAYMENT_METHODS
    )
    bank_type: Text = column("银行类别", example="中国工商银行")
    account_holder_name: PersonName = column("开户户名", example="张三")
    bank_account_no: Text = column(
        "银行账号", example="6222020200000000000", sensitive=Sensitive.ACCOUNT
    )


@register
class UnemploymentBenefitClaim(ServiceSpec[ClaimRow]):
    code = "hb_unemployment_benefit_claim"
    areas = HUBEI_ONLY
    module = Module.UNEMPLOYMENT
    keywords = ("失业金", "失业保险金", "失业待遇")
    title = "失业保险金申领"
    section = "§3.3.66"
    description = (
        "为已办理失业登记的人员申领失业保险金。单位和本人累计缴纳失业保险费满1年、"
        "非因本人意愿中断就业的，按累计缴费时间核定领取期限，按本省失业保险金标准按月发放；重新就业的停发。"
    )
    row = ClaimRow
    modes = frozenset({Mode.SINGLE})
    materials = (
        Material("解除劳动关系证明", Group.OPTIONAL),
        Material("失业视同缴费证明", Group.OPTIONAL),
    )
    review = Review.AGENCY
    report_title = "失业保险金申领表"
    report_columns = ("id_number", "name", "seeking_job", "bank_type", "bank_account_no")
    report_computed = (
        ReportField("contribution_months", "累计缴费月数", "number"),
        ReportField("total_months", "领取期限（月）", "number"),
        ReportField("monthly_amount", "月失业保险金", "money"),
        ReportField("start_period", "享受开始年月"),
    )
    rejection_reasons = (*COMMON_REJECTION_REASONS, gettext_noop("不符合领取条件"))

    def prefetch(self, unit: Unit, rows: list[ClaimRow]) -> Lookups:
        return lookups_for(row.id_number for row in rows)

    def check(self, ctx: CheckContext, rows: list[tuple[int, ClaimRow]]) -> None:
        unit = ctx.unit
        lookups: Lookups = ctx.prefetched or self.prefetch(unit, [r for _n, r in rows])
        paying = set(
            paying_benefits(p.pk for p in lookups.persons.values()).values_list(
                "person_id", flat=True
            )
        )
        for number, row in rows:
            person = lookups.persons.get(row.id_number)
            if person is None:
                ctx.fail(number, "证件号码", _(NOT_FOUND))
                continue
            if person.name != row.name:
                ctx.fail(number, "姓名", _(NAME_MISMATCH))
            if lookups.active(person):
                ctx.fail(number, "证件号码", _(INSURED_NOW))
                continue
            if person.pk in paying:
                ctx.fail(number, "证件号码", _(PAYING))
                continue
            registration = lookups.registrations.get(person.pk)
            if registration is None or registration.unit_id != unit.pk:
                ctx.fail(number, "证件号码", _(NOT_REGISTERED))
                continue
            if registration.status != "registered":
                ctx.fail(number, "证件号码", _(CLAIMED))
                continue
            enrolment = registration.enrolment
            if enrolment is not None and not involuntary(enrolment):
                ctx.fail(number, "证件号码", _(VOLUNTARY) % {"r": enrolment.suspension_reason})
                continue
            registration.unit = unit
            assessment = assess(registration=registration, on=rules.today())
            if assessment.paid.months < MIN_CONTRIBUTION_MONTHS:
                ctx.fail(number, "证件号码", _(SHORT) % {"n": assessment.paid.months})

    def report_values(self, unit: Unit, rows: list[ClaimRow]) -> list[dict[str, Any]]:
        lookups = self.prefetch(unit, rows)
        values: list[dict[str, Any]] = []
        for row in rows:
            person = lookups.persons.get(row.id_number)
            registration = lookups.registrations.get(person.pk) if person else None
            if registration is None:
                values.append({})
                continue
            registration.unit = unit
            a = assess(registration=registration, on=rules.today())
            values.append(
                {
                    "contribution_months": a.paid.months,
                    "total_months": a.total_months,
                    "monthly_amount": a.monthly_amount,
                    "start_period": a.start_period,
                }
            )
        return values

    def info_table(self, unit: Unit, draft: DraftView | None = None) -> InfoTable | None:
        """The unit's 失业登记 not yet claimed: whom this service can claim for."""
        from ..choices import RegistrationStatus

        waiting = registrations_of(unit=unit).filter(status=RegistrationStatus.REGISTERED)[:50]
        return InfoTable(
            title=_("本单位已登记失业人员"),
            headers=[_("个人编号"), _("姓名"), _("失业时间"), _("失业原因")],
            rows=[
                [r.person.person_no, r.person.name, r.unemployed_on.isoformat(), r.reason]
                for r in waiting
            ],
        )

    def lookup_persons(self, unit: Unit, persons: PersonQuerySet) -> PersonQuerySet:
        """Offer whom the unit registered as unemployed."""
        return persons.filter(unemployment_registrations__unit=unit).distinct()

    def effect_summary(self, rows: list[ClaimRow]) -> str:
        return _(CLAIM_EFFECT) % {"n": len(rows)}

    def apply(self, effect: EffectContext, rows: list[ClaimRow]) -> dict[str, Any]:
        lookups = self.prefetch(effect.unit, rows)
        granted = []
        for row in rows:
            registration = lookups.registrations[lookups.persons[row.id_number].pk]
            registration.unit = effect.unit
            benefit = benefit_grant(
                registration=registration,
                serial_no=effect.serial_no,
                decided_by_id=effect.decided_by_id,
                on=rules.today(),
            )
            granted.append(
                {
                    "benefit": benefit.pk,
                    "total_months": benefit.total_months,
                    "monthly_amount": format_money(benefit.monthly_amount),
                }
            )
        return {"benefits": granted}


__all__ = ["ClaimRow", "UnemploymentBenefitClaim"]
