"""Changes to policy parameters that others must react to.

Keep it small: entering a parameter is an admin form for most of them; a 记账利率 is
different because back-payments worked out before it was published stand on the last
published rate (暂按) and must be worked out again, so its entry goes through
:func:`interest_rate_publish`, and the apps holding such amounts listen to
:data:`interest_rate_published` (contributions recomputes its open back-payments).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.errors import InvalidValue

from .models import AccountInterestRate, Region

__all__ = [
    "InterestPublication",
    "interest_rate_publish",
    "interest_rate_published",
    "interest_rate_refusal",
]

#: Sent inside the publishing transaction with ``region``, ``year``, ``actor`` and ``ip``;
#: a receiver returns what it changed, whose ``str`` is shown to the administrator (or
#: None when it had nothing to change).
interest_rate_published = Signal()

RATE_OUT_OF_RANGE = gettext_noop(
    "记账利率应填写小数，例如 2.62%% 填 0.0262（须大于 0 且小于 0.2），不能为 %(r)s"
)
SOURCE_REQUIRED = gettext_noop("请填写记账利率的依据（文件名称和文号）")


@dataclass(frozen=True)
class InterestPublication:
    rate: AccountInterestRate
    created: bool
    #: what each listening app reported (e.g. back-payments recomputed)
    reports: list[Any] = field(default_factory=list)


def interest_rate_refusal(*, rate: Decimal, source: str) -> str:
    """Why a 记账利率 cannot be entered ("" when it can): a fraction, with its source."""
    if not Decimal(0) < rate < Decimal("0.2"):
        return _(RATE_OUT_OF_RANGE) % {"r": rate}
    if not source.strip():
        return _(SOURCE_REQUIRED)
    return ""


@transaction.atomic
def interest_rate_publish(
    *,
    region: Region,
    year: int,
    rate: Decimal,
    source: str,
    actor: Any,
    ip: str | None = None,
) -> InterestPublication:
    """Enter (or correct) the published 记账利率 of ``year`` and have the amounts that
    stood on a provisional rate worked out again, in the same transaction."""
    refusal = interest_rate_refusal(rate=rate, source=source)
    if refusal:
        raise InvalidValue(refusal)
    stored, created = AccountInterestRate.objects.update_or_create(
        region=region, year=year, defaults={"rate": rate, "source": source.strip()}
    )
    responses = interest_rate_published.send(
        sender=AccountInterestRate, region=region, year=year, actor=actor, ip=ip
    )
    return InterestPublication(
        rate=stored, created=created, reports=[report for _r, report in responses if report]
    )
