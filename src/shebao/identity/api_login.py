"""The audit of API logins: an access event of the unit the token acts for."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shebao.audit.models import AuditEvent
from shebao.audit.reads import ReadAction, access_read_record

from .acting import operator_units

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from shebao.registry.models import Unit


def api_login_record(
    *,
    user: User,
    method: str,
    ip: str | None = None,
    unit: Unit | None = None,
    certificate: Any = None,
) -> AuditEvent:
    """An API token handed out (``method``: password / certificate). ``unit``: the certificate's
    unit, else the operator's only unit (a staff member or a multi-unit operator: none)."""
    if unit is None:
        units = operator_units(user)
        unit = units[0] if len(units) == 1 else None
    return access_read_record(
        action=ReadAction.API_LOGIN,
        actor=user,
        unit=unit,
        ip=ip,
        certificate=certificate,
        method=method,
    )
