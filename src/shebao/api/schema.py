"""How the OpenAPI document describes our authentication and its refusals (drf-spectacular)."""

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from rest_framework.permissions import IsAuthenticated


class TokenScheme(KnoxTokenScheme):
    """Our knox subclass (it also refuses tokens of revoked certificates): ``Token <key>``."""

    target_class = "shebao.api.auth.TokenAuthentication"
    name = "tokenAuth"


class AutoSchema(openapi.AutoSchema):
    """Documents the refusals every signed-in operation can answer, so a client (and
    schemathesis) finds each status code it gets in the document: 401 without a valid token,
    403 when the user may not act here (not an operator of the unit, staff without the
    second factor, a certificate token for another unit), and 429 where a throttle counts
    the request (validation per operator and per unit)."""

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None or not self._requires_login():
            return operation
        from .serializers import ErrorSerializer

        responses = operation["responses"]
        codes = ["401", "403"] + (["429"] if self._throttled() else [])
        for code in codes:
            if code not in responses:
                # drf-spectacular leaves this method untyped
                responses[code] = self._get_response_for_code(  # type: ignore[no-untyped-call]
                    ErrorSerializer, code
                )
        return operation

    def _throttled(self) -> bool:
        from .throttling import SharedRateThrottle

        return self.method in {"POST"} and any(
            isinstance(t, SharedRateThrottle) and self.method in t.methods
            for t in self.view.get_throttles()
        )

    def _requires_login(self) -> bool:
        return any(isinstance(p, IsAuthenticated) for p in self.view.get_permissions())
