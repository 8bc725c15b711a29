"""The policy parameters other apps may read: keep it small, keep it stable.

Every function takes the region (参保所属机构) and the date or year the parameter is
wanted for, and raises :class:`MissingParameter` with a Chinese message naming what an
administrator has to configure, rather than falling back to a guessed value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.errors import InvalidValue
from shebao.core.period import Period, contribution_year_range
from shebao.core.period import contribution_year_of as core_contribution_year_of

from .choices import InsuranceType
from .models import (
    AccountInterestRate,
    BaseStandard,
    CertificateValidity,
    ClampFlag,
    ClampOrder,
    ContributionRate,
    ContributionYearRule,
    LateFeeRate,
    Payer,
    ProjectPremiumRate,
    Region,
    UnitRiskClass,
)

__all__ = [
    "BaseRule",
    "ClampFlag",
    "InterestRate",
    "MissingParameter",
    "Payer",
    "account_interest_rate_for",
    "base_rule_for",
    "contribution_year_of",
    "contribution_year_periods",
    "late_fee_rate_for",
    "project_premium_rate_for",
    "rate_for",
    "risk_class_for",
]

MISSING_RATE = gettext_noop("未配置%(r)s%(d)s起适用的%(t)s%(p)s缴费比例")
MISSING_RISK_RATE = gettext_noop("未配置%(r)s%(d)s起适用的工伤保险%(c)d类行业%(p)s缴费比例")
MISSING_BASE = gettext_noop("未配置%(r)s%(y)d年的缴费基数标准")
MISSING_YEAR = gettext_noop("未配置%(r)s%(y)d年度的缴费年度起始月份")
MISSING_LATE_FEE = gettext_noop("未配置%(r)s%(d)s适用的滞纳金比例")
MISSING_PROJECT_PREMIUM = gettext_noop("未配置%(r)s%(d)s起适用的%(k)s工伤保险费率")
MISSING_INTEREST = gettext_noop("未配置%(r)s%(y)d年的个人账户记账利率")
MISSING_RISK_CLASS = gettext_noop("未配置单位%(u)s在%(d)s的工伤保险行业风险类别")
RISK_CLASS_REQUIRED = gettext_noop("工伤保险缴费比例须按行业风险类别查询")


class MissingParameter(InvalidValue):
    """A policy parameter is not configured for the region and date asked for."""


def _in_force(on: dt.date) -> Q:
    return Q(effective_from__lte=on) & (Q(effective_to__isnull=True) | Q(effective_to__gte=on))


def rate_for(
    *,
    region: Region,
    insurance_type: str,
    payer: str,
    on: dt.date,
    risk_class: int | None = None,
) -> Decimal:
    """缴费比例 in force on ``on``; work injury needs the unit's risk class and has no
    individual part (0)."""
    kind = InsuranceType(insurance_type)
    if kind == InsuranceType.WORK_INJURY:
        if payer == Payer.INDIVIDUAL:
            return Decimal(0)
        if risk_class is None:
            raise MissingParameter(_(RISK_CLASS_REQUIRED))
    else:
        risk_class = None
    rate = (
        ContributionRate.objects.filter(
            _in_force(on),
            region=region,
            insurance_type=kind,
            payer=payer,
            risk_class=risk_class,
        )
        .order_by("-effective_from")
        .values_list("rate", flat=True)
        .first()
    )
    if rate is None:
        label = Payer(payer).label
        if risk_class is not None:
            raise MissingParameter(
                _(MISSING_RISK_RATE)
                % {"r": region.name, "d": on.isoformat(), "c": risk_class, "p": label}
            )
        raise MissingParameter(
            _(MISSING_RATE) % {"r": region.name, "d": on.isoformat(), "t": kind.label, "p": label}
        )
    return rate


class UnitRef(Protocol):
    """A registry unit as policy sees it: policy sits below registry and does not import it."""

    @property
    def pk(self) -> int: ...

    @property
    def unit_no(self) -> str: ...


def risk_class_for(*, unit: UnitRef, on: dt.date) -> int:
    risk_class = (
        UnitRiskClass.objects.filter(unit_id=unit.pk, effective_from__lte=on)
        .order_by("-effective_from")
        .values_list("risk_class", flat=True)
        .first()
    )
    if risk_class is None:
        raise MissingParameter(_(MISSING_RISK_CLASS) % {"u": unit.unit_no, "d": on.isoformat()})
    return risk_class


def _round_half_up(amount: Decimal, unit: Decimal) -> Decimal:
    return (amount / unit).quantize(Decimal(1), rounding=ROUND_HALF_UP) * unit


@dataclass(frozen=True)
class BaseRule:
    """How a declared monthly wage becomes a contribution base in one region and year.

    The default is R-BASE-01/02 read literally: round the wage half-up to 10 yuan, then
    raise it to the floor (60% of the standard) or lower it to the cap (300%), the floor
    and cap themselves rounded half-up to 10 yuan. Rounding first means a wage is judged
    against the floor as it will be booked; rounding the limits keeps every base a whole
    multiple of 10 yuan, which is what 核定缴费基数时四舍五入到十元 promises (an unrounded
    60% of 7,777 would give a base of 4,666.20). DV-02 leaves both choices open, so both
    are parameters of the year (``clamp_order``, ``round_limits``).
    """

    year: int
    average_wage: Decimal
    floor_ratio: Decimal
    cap_ratio: Decimal
    rounding_unit: Decimal = Decimal(10)
    clamp_order: str = ClampOrder.ROUND_THEN_CLAMP
    round_limits: bool = True

    @property
    def floor(self) -> Decimal:
        return self._limit(self.average_wage * self.floor_ratio)

    @property
    def cap(self) -> Decimal:
        return self._limit(self.average_wage * self.cap_ratio)

    def _limit(self, amount: Decimal) -> Decimal:
        if self.round_limits:
            return _round_half_up(amount, self.rounding_unit)
        return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def base(self, wage: Decimal) -> tuple[Decimal, ClampFlag]:
        """(base, 保底/封顶/none) for a declared monthly wage."""
        floor, cap = self.floor, self.cap
        if self.clamp_order == ClampOrder.ROUND_THEN_CLAMP:
            amount = _round_half_up(wage, self.rounding_unit)
            if amount < floor:
                return floor, ClampFlag.FLOOR
            if amount > cap:
                return cap, ClampFlag.CAP
            return amount, ClampFlag.NONE
        if wage < floor:
            return _round_half_up(floor, self.rounding_unit), ClampFlag.FLOOR
        if wage > cap:
            return _round_half_up(cap, self.rounding_unit), ClampFlag.CAP
        return _round_half_up(wage, self.rounding_unit), ClampFlag.NONE


def base_rule_for(*, region: Region, year: int) -> BaseRule:
    """The base rule of 申报年度 ``year`` (a contribution year, not a calendar year)."""
    standard = BaseStandard.objects.filter(region=region, year=year).first()
    if standard is None:
        raise MissingParameter(_(MISSING_BASE) % {"r": region.name, "y": year})
    return BaseRule(
        year=year,
        average_wage=standard.average_wage,
        floor_ratio=standard.floor_ratio,
        cap_ratio=standard.cap_ratio,
        rounding_unit=standard.rounding_unit,
        clamp_order=standard.clamp_order,
        round_limits=standard.round_limits,
    )


def _start_month(region: Region, year: int) -> int:
    month = (
        ContributionYearRule.objects.filter(region=region, from_year__lte=year)
        .order_by("-from_year")
        .values_list("start_month", flat=True)
        .first()
    )
    if month is None:
        raise MissingParameter(_(MISSING_YEAR) % {"r": region.name, "y": year})
    return month


def contribution_year_periods(year: int, *, region: Region) -> tuple[Period, Period]:
    """First and last period of 申报年度 ``year``: Hubei 2020 -> (202007, 202106)."""
    return contribution_year_range(year, start_month=_start_month(region, year))


def contribution_year_of(period: Period, *, region: Region) -> int:
    """The 申报年度 a period belongs to (202103 -> 2020 with a July start)."""
    return core_contribution_year_of(period, start_month=_start_month(region, period.year))


def late_fee_rate_for(*, region: Region, on: dt.date) -> Decimal:
    """Daily late-fee rate (滞纳金) in force on ``on``."""
    rate = (
        LateFeeRate.objects.filter(_in_force(on), region=region)
        .order_by("-effective_from")
        .values_list("daily_rate", flat=True)
        .first()
    )
    if rate is None:
        raise MissingParameter(_(MISSING_LATE_FEE) % {"r": region.name, "d": on.isoformat()})
    return rate


MISSING_VALIDITY = gettext_noop("未配置%(r)s在%(d)s的参保证明核验有效期")


@dataclass(frozen=True)
class Validity:
    """A 参保证明's verification period in days and where that figure comes from."""

    days: int
    source: str


def certificate_validity_for(*, region: Region, on: dt.date) -> Validity:
    """How many days a 参保证明 issued on ``on`` can be verified (``CertificateValidity``)."""
    row = (
        CertificateValidity.objects.filter(_in_force(on), region=region)
        .order_by("-effective_from")
        .values_list("days", "source")
        .first()
    )
    if row is None:
        raise MissingParameter(_(MISSING_VALIDITY) % {"r": region.name, "d": on.isoformat()})
    return Validity(days=row[0], source=row[1])


PROVISIONAL_INTEREST = gettext_noop("暂按%(y)d年利率")


@dataclass(frozen=True)
class InterestRate:
    """The 记账利率 applied for ``year``: its own published one, or, for a year after the
    last published one, that last rate provisionally (暂按, recomputed when it is entered)."""

    year: int
    rate: Decimal
    year_used: int
    provisional: bool = False

    @property
    def note(self) -> str:
        """ "暂按2024年利率" for a provisional rate, "" for a published one."""
        return _(PROVISIONAL_INTEREST) % {"y": self.year_used} if self.provisional else ""


def account_interest_rate_for(*, region: Region, year: int) -> InterestRate:
    """记账利率 of individual accounts for a calendar year.

    人力资源社会保障部 and 财政部 publish a year's rate only the year after, so a year
    later than the last published one takes that last rate, marked provisional (the rule
    the agencies apply, 暂按上年度利率). A gap before it is a configuration error.
    """
    rows = list(
        AccountInterestRate.objects.filter(region=region, year__lte=year)
        .order_by("-year")
        .values_list("year", "rate")[:1]
    )
    if rows and rows[0][0] == year:
        return InterestRate(year=year, rate=rows[0][1], year_used=year)
    later = AccountInterestRate.objects.filter(region=region, year__gt=year).exists()
    if not rows or later:
        raise MissingParameter(_(MISSING_INTEREST) % {"r": region.name, "y": year})
    used, rate = rows[0]
    return InterestRate(year=year, rate=rate, year_used=used, provisional=True)


def project_premium_rate_for(*, region: Region, project_kind: str, on: dt.date) -> Decimal:
    """项目工伤保险费率 in force on ``on``: a share of the project cost (construction) or
    yuan per unit of capacity (mining); see ``ProjectPremiumRate``."""
    kind = ProjectPremiumRate.Kind(project_kind)
    rate = (
        ProjectPremiumRate.objects.filter(_in_force(on), region=region, project_kind=kind)
        .order_by("-effective_from")
        .values_list("rate", flat=True)
        .first()
    )
    if rate is None:
        label = "建筑工程项目" if kind == ProjectPremiumRate.Kind.CONSTRUCTION else "矿山项目"
        raise MissingParameter(
            _(MISSING_PROJECT_PREMIUM) % {"r": region.name, "d": on.isoformat(), "k": label}
        )
    return rate
