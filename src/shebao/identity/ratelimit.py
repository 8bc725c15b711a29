"""Rate limits on validation and person look-ups, per operator and per unit (issue #10 §2).

Every row a unit validates and every look-up answers "who is this ID number"; unlimited, a
unit can sweep the registry. Each request counts once against the operator and once against
the acting unit, in a fixed window kept in the Django cache: Redis when ``REDIS_URL`` is set,
so every web process, worker and the API share the count (the web pages and the API spend
the same budget). Rates are settings such as ``"60/min"``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_noop

#: The 429 answer of the web pages and the API.
TOO_FREQUENT = gettext_noop("操作过于频繁，请稍后再试")

VALIDATE = "validate"
LOOKUP = "lookup"

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(text: str) -> Rate:
    """``"60/min"`` -> 60 per 60 s (the unit's first letter: s, m, h, d; like DRF)."""
    count, _slash, period = text.partition("/")
    return Rate(int(count), _PERIODS[period.strip()[:1].lower()])


def rates(scope: str) -> tuple[Rate, Rate]:
    """(per operator, per unit) for ``validate`` or ``lookup``."""
    table = settings.SHEBAO_RATE_LIMITS[scope]
    return parse_rate(table["operator"]), parse_rate(table["unit"])


def rate_limit_hit(*, scope: str, operator_id: object, unit_id: object) -> int | None:
    """Count one request; the seconds to wait when the operator or the unit is over its rate.

    Refused requests count too, so hammering does not open the window sooner.
    """
    per_operator, per_unit = rates(scope)
    waits = [
        _hit(f"{scope}:op:{operator_id}", per_operator),
        _hit(f"{scope}:unit:{unit_id}", per_unit),
    ]
    refused = [w for w in waits if w is not None]
    return max(refused) if refused else None


def _hit(key: str, rate: Rate) -> int | None:
    now = int(time.time())
    window = now // rate.seconds
    name = f"shebao:rate:{key}:{window}"
    cache.add(name, 0, timeout=rate.seconds + 1)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=rate.seconds + 1)
        count = 1
    if count <= rate.count:
        return None
    return max(1, rate.seconds - now % rate.seconds)
