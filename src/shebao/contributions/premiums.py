"""项目工伤保险费 (§3.3.24 建筑工程项目, §3.3.25 矿山项目): the premium of one project.

The manual gives no formula (R-INS-04, WE-10 shows only results such as 4,162.50). The
parameterisation is ours and lives in ``policy`` (``ProjectPremiumRate``): construction
premium = 项目总价/工程安装费 (万元 × 10,000 yuan) × rate, mining premium = 产能数量 ×
yuan per unit; both rounded half-up to the cent. With the seeded 1‰, a project of
416.25 万元 would give WE-10's 4,162.50, but that cost is our assumption, not the manual's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.errors import InvalidValue
from shebao.core.money import round_half_up_to_cent
from shebao.policy.selectors import project_premium_rate_for
from shebao.registry.choices import ProjectKind
from shebao.registry.models import Project

TEN_THOUSAND = Decimal(10000)
NO_COST = gettext_noop("项目 %(p)s 没有登记项目总价/工程安装费，请先办理“建筑工程项目信息变更”")
CAPACITY_POSITIVE = gettext_noop("产能数量必须大于 0")


@dataclass(frozen=True)
class Premium:
    basis: Decimal  # the cost in yuan, or the capacity
    rate: Decimal
    amount: Decimal


def construction_premium(*, project: Project, on: dt.date) -> Premium:
    """Raises ``MissingParameter`` without a rate and ``InvalidValue`` without a cost."""
    price = project.total_price_10k_cny
    if not price or price <= 0:
        raise InvalidValue(_(NO_COST) % {"p": project.project_no})
    rate = project_premium_rate_for(
        region=project.unit.region, project_kind=ProjectKind.CONSTRUCTION, on=on
    )
    cost = round_half_up_to_cent(price * TEN_THOUSAND)
    return Premium(basis=cost, rate=rate, amount=round_half_up_to_cent(cost * rate))


def mining_premium(*, project: Project, capacity: Decimal, on: dt.date) -> Premium:
    if capacity <= 0:
        raise InvalidValue(_(CAPACITY_POSITIVE))
    rate = project_premium_rate_for(
        region=project.unit.region, project_kind=ProjectKind.MINING, on=on
    )
    return Premium(basis=capacity, rate=rate, amount=round_half_up_to_cent(capacity * rate))
