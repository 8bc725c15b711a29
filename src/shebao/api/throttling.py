"""DRF throttles on validation, on the same counters as the web pages (issue #10 §2).

The rates and the fixed-window counters live in :mod:`shebao.identity.ratelimit`, so an
operator (and a unit) spends one budget whether it validates on the web or through the API.
"""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from shebao.identity.ratelimit import VALIDATE, rate_limit_hit

from .access import api_unit


class SharedRateThrottle(BaseThrottle):
    """Counts ``methods`` requests against the operator's and the acting unit's rate."""

    scope = VALIDATE
    methods: tuple[str, ...] = ("POST",)

    def __init__(self) -> None:
        self.wait_seconds: int | None = None

    def allow_request(self, request: Request, view: Any) -> bool:
        if request.method not in self.methods:
            return True
        unit = api_unit(request)
        self.wait_seconds = rate_limit_hit(
            scope=self.scope, operator_id=request.user.pk, unit_id=unit.pk
        )
        return self.wait_seconds is None

    def wait(self) -> float | None:
        return self.wait_seconds


class ValidateThrottle(SharedRateThrottle):
    scope = VALIDATE
