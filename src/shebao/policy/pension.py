"""Reads of the pension award's parameters: 计发月数, 过渡系数, and the 上年度在岗职工月平均
工资 the award and the 平均缴费指数 divide by.

Like ``policy.selectors`` they raise :class:`MissingParameter` naming what to configure
instead of guessing. The bulk forms (``payout_table``, ``average_wages``) serve the
set-based award: one query each, whatever the number of retirees.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .models import BaseStandard, PayoutMonths, Region, TransitionCoefficient
from .selectors import MissingParameter

__all__ = [
    "average_wages",
    "payout_months_for",
    "payout_source",
    "payout_table",
    "transition_coefficient_for",
]

MISSING_PAYOUT = gettext_noop("未配置%(d)s适用的%(a)d岁退休的个人账户养老金计发月数")
MISSING_COEFFICIENT = gettext_noop("未配置%(r)s%(d)s适用的过渡性养老金过渡系数")


def payout_table(*, on: dt.date) -> dict[int, int]:
    """{age: 计发月数} of the table in force on ``on`` (the latest ``effective_from``)."""
    latest = (
        PayoutMonths.objects.filter(effective_from__lte=on)
        .order_by("-effective_from")
        .values_list("effective_from", flat=True)
        .first()
    )
    if latest is None:
        return {}
    return dict(PayoutMonths.objects.filter(effective_from=latest).values_list("age", "months"))


def payout_source(*, on: dt.date) -> str:
    """The source note of the 计发月数 table in force on ``on``."""
    return (
        PayoutMonths.objects.filter(effective_from__lte=on)
        .order_by("-effective_from")
        .values_list("source", flat=True)
        .first()
        or ""
    )


def payout_months_for(*, age: int, on: dt.date) -> int:
    """计发月数 for a retirement at ``age`` (whole years) on ``on``."""
    months = payout_table(on=on).get(age)
    if months is None:
        raise MissingParameter(_(MISSING_PAYOUT) % {"d": on.isoformat(), "a": age})
    return months


def transition_coefficient_for(*, region: Region, on: dt.date) -> tuple[Decimal, str]:
    """(过渡系数, its source note) in force on ``on`` in ``region``."""
    row = (
        TransitionCoefficient.objects.filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=on),
            region=region,
            effective_from__lte=on,
        )
        .order_by("-effective_from")
        .values_list("rate", "source")
        .first()
    )
    if row is None:
        raise MissingParameter(_(MISSING_COEFFICIENT) % {"r": region.name, "d": on.isoformat()})
    return row[0], row[1]


def average_wages(*, region_ids: list[int]) -> dict[tuple[int, int], tuple[Decimal, str]]:
    """{(region id, 申报年度): (average wage, source)} of the regions asked for.

    The 缴费基数标准 of 申报年度 Y is the province's 上年度在岗职工月平均工资 it publishes
    for Y; the award uses the one of the 申报年度 holding the retirement month, and the
    平均缴费指数 divides each month's base by the one of the month's 申报年度 (the figure
    its floor and cap were taken from). Where a province publishes a separate 计发基数,
    this is where it would be read instead.
    """
    rows = BaseStandard.objects.filter(region_id__in=region_ids).values_list(
        "region_id", "year", "average_wage", "source"
    )
    return {(r, y): (wage, source) for r, y, wage, source in rows}
