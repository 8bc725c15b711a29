"""The pension award's default parameters, written by ``policy_seed`` (idempotent)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .models import PayoutMonths, Region, TransitionCoefficient

PAYOUT_FROM = dt.date(2006, 1, 1)
#: 个人账户养老金计发月数表 (age at retirement in whole years -> months).
PAYOUT_MONTHS = {
    40: 233, 41: 230, 42: 226, 43: 223, 44: 220, 45: 216, 46: 212, 47: 207, 48: 204,
    49: 199, 50: 195, 51: 190, 52: 185, 53: 180, 54: 175, 55: 170, 56: 164, 57: 158,
    58: 152, 59: 145, 60: 139, 61: 132, 62: 125, 63: 117, 64: 109, 65: 101, 66: 93,
    67: 84, 68: 75, 69: 65, 70: 56,
}  # fmt: skip
PAYOUT_SOURCE = (
    "《国务院关于完善企业职工基本养老保险制度的决定》（国发〔2005〕38号）附件"
    "“个人账户养老金计发月数表”，2006年1月1日起执行。退休年龄按出生年月至退休年月的"
    "整周岁计算，不足一岁的月份舍去（未按月插值；如本省规定按月折算，请改此表）"
)
TRANSITION_FROM = dt.date(2006, 1, 1)
TRANSITION_RATE = Decimal("0.013")
TRANSITION_SOURCE = (
    "湖北省过渡性养老金过渡系数1.3%（按湖北省贯彻国发〔2005〕38号的实施办法，"
    "文号未核实，上线前请按省文件核对）"
)


def pension_seed(region: Region) -> None:
    """The national 计发月数 table (one query when present) and the region's 过渡系数."""
    PayoutMonths.objects.bulk_create(
        [
            PayoutMonths(age=age, months=months, effective_from=PAYOUT_FROM, source=PAYOUT_SOURCE)
            for age, months in PAYOUT_MONTHS.items()
        ],
        ignore_conflicts=True,
    )
    TransitionCoefficient.objects.get_or_create(
        region=region,
        effective_from=TRANSITION_FROM,
        defaults={"rate": TRANSITION_RATE, "source": TRANSITION_SOURCE},
    )
