"""The unemployment benefit's parameters: seed and look-ups (issue #16 §1).

``entitlement_months`` answers 失业保险条例 第十七条 from the table in force; the monthly
amount comes from the region's 失业保险金标准 row in force. Neither is a constant in code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .models import Region, UnemploymentBenefitStandard, UnemploymentEntitlementRule
from .selectors import MissingParameter, _in_force

MISSING_ENTITLEMENT = gettext_noop("未配置%(d)s适用的失业保险金领取期限")
MISSING_STANDARD = gettext_noop("未配置%(r)s%(d)s适用的失业保险金标准")

REGULATION_FROM = dt.date(1999, 1, 22)
ENTITLEMENT_SOURCE = (
    "《失业保险条例》（国务院令第258号，1999年1月22日起施行）第十七条：累计缴费满1年不足5年的，"
    "领取期限最长为12个月；满5年不足10年的，最长为18个月；10年以上的，最长为24个月。"
    "重新就业后再次失业的，缴费时间重新计算，领取期限可以与前次应领而尚未领取的期限合并计算，"
    "最长不得超过24个月"
)
#: months of contributions -> longest benefit period (months)
ENTITLEMENT_TABLE = {12: 12, 60: 18, 120: 24}
COMBINED_CAP = 24

STANDARD_FROM = dt.date(2021, 9, 1)
HUBEI_MINIMUM_WAGE = Decimal("2010.00")
HUBEI_RATIO = Decimal("0.9")
STANDARD_SOURCE = (
    "暂按：湖北省最低工资标准一类地区2010元/月（2021年9月1日起，文号未核实）×90%"
    "（人社部发〔2017〕71号《关于调整失业保险金标准的指导意见》：逐步将失业保险金标准提高到"
    "最低工资标准的90%）。湖北省及各统筹地区实际执行的失业保险金标准本项目未能核实，"
    "上线前须按省人社厅文件修改本行"
)


def entitlement_seed(rule: Any = UnemploymentEntitlementRule) -> None:
    """The national entitlement table (idempotent); ``rule`` is the model, or the
    historical one in the data migration."""
    for months, benefit in ENTITLEMENT_TABLE.items():
        rule.objects.get_or_create(
            effective_from=REGULATION_FROM,
            min_contribution_months=months,
            defaults={
                "benefit_months": benefit,
                "combined_cap_months": COMBINED_CAP,
                "source": ENTITLEMENT_SOURCE,
            },
        )


def unemployment_seed(region: Region) -> None:
    """The national entitlement table and the region's provisional standard (idempotent)."""
    entitlement_seed()
    UnemploymentBenefitStandard.objects.get_or_create(
        region=region,
        effective_from=STANDARD_FROM,
        defaults={
            "minimum_wage": HUBEI_MINIMUM_WAGE,
            "ratio": HUBEI_RATIO,
            "source": STANDARD_SOURCE,
        },
    )


@dataclass(frozen=True, slots=True)
class Entitlement:
    """The longest period for ``contribution_months`` (0 below the first threshold) and
    the cap of the period with carried-over months."""

    benefit_months: int
    combined_cap_months: int
    source: str

    def with_carried(self, carried: int) -> int:
        """第十七条第二款: this period plus earlier months not drawn, at most the cap."""
        return min(self.benefit_months + carried, self.combined_cap_months)


def entitlement_for(*, contribution_months: int, on: dt.date) -> Entitlement:
    """The table in force on ``on`` (the newest ``effective_from`` not after it)."""
    rules = list(
        UnemploymentEntitlementRule.objects.filter(effective_from__lte=on).order_by(
            "-effective_from", "min_contribution_months"
        )
    )
    if not rules:
        raise MissingParameter(_(MISSING_ENTITLEMENT) % {"d": on.isoformat()})
    newest = [r for r in rules if r.effective_from == rules[0].effective_from]
    months, cap, source = 0, newest[0].combined_cap_months, newest[0].source
    for rule in newest:
        if contribution_months >= rule.min_contribution_months:
            months, cap = rule.benefit_months, rule.combined_cap_months
    return Entitlement(months, cap, source)


def benefit_standard_for(*, region: Region, on: dt.date) -> UnemploymentBenefitStandard:
    """The region's 失业保险金标准 in force on ``on``."""
    standard = (
        UnemploymentBenefitStandard.objects.filter(_in_force(on), region=region)
        .order_by("-effective_from")
        .first()
    )
    if standard is None:
        raise MissingParameter(_(MISSING_STANDARD) % {"r": region.name, "d": on.isoformat()})
    return standard
