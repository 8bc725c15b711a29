"""Staff roles that apps above identity define, asked here without importing them.

Identity draws the menus and decides who needs a second factor, so it must know whether a user
is, say, the certificate authority's staff; the staff list itself lives in pki, which builds on
identity. pki provides the check at start-up (``provide_role``); identity and everyone else ask
``has_role`` / ``is_ca_staff``. A role nobody provided is held by nobody.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

CA_STAFF = "ca_staff"  # 认证机构工作人员: reviews certificate orders of all units

_checks: dict[str, Callable[[Any], bool]] = {}


def provide_role(name: str, check: Callable[[Any], bool]) -> None:
    """Register the check that answers whether an authenticated user holds the role."""
    _checks[name] = check


def has_role(user: Any, name: str) -> bool:
    check = _checks.get(name)
    return bool(getattr(user, "is_authenticated", False)) and check is not None and check(user)


def is_ca_staff(user: Any) -> bool:
    return has_role(user, CA_STAFF)
