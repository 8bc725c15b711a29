"""What a unit is offered: the services and queries its region's area declares (issue #12 §7).

A Hubei unit is offered the Hubei manual's services, not Chongqing's or Nanjing's: each spec
declares ``areas`` and the unit's region (参保所属机构) decides. Every channel asks here: the
home page and the query list (what is shown), the wizard and the API (a service not offered
is refused with the reason), and the engine's ``case_start`` (nothing is declared around it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.policy.areas import Area

from .registry import Registry

if TYPE_CHECKING:
    from shebao.policy.models import Region
    from shebao.registry.models import Unit

NOT_OFFERED = gettext_noop(
    "本单位的参保所属机构“%(r)s”不提供“%(t)s”：该业务只在%(a)s办理。请从首页选择本地区提供的业务"
)


class Offered(Protocol):
    """What a declared service or query has: its code, title and areas."""

    code: ClassVar[str]
    title: ClassVar[str]
    areas: ClassVar[frozenset[Area]]


S = TypeVar("S", bound=Offered)


def is_offered(spec: Offered, region: Region) -> bool:
    return Area.of(region) in spec.areas


def offered(registry: Registry[Any], unit: Unit) -> list[Any]:
    """The registered specs the unit's region offers, in registration order."""
    return [spec for spec in registry if is_offered(spec, unit.region)]


def not_offered_reason(spec: Offered, unit: Unit) -> str | None:
    """Why the unit may not use the spec (its region does not offer it), or None."""
    if is_offered(spec, unit.region):
        return None
    areas = "、".join(str(a.label) for a in Area if a in spec.areas)
    return _(NOT_OFFERED) % {"r": unit.region.name, "t": spec.title, "a": areas}


def offered_or_403(registry: Registry[S], code: str, unit: Unit) -> S:
    """The spec of ``code`` if the unit is offered it; 404 for no such code, 403 with the
    reason for a service of another area (the code exists: saying so helps the clerk)."""
    spec = registry.get_or_404(code)
    reason = not_offered_reason(spec, unit)
    if reason:
        raise PermissionDenied(reason)
    return spec
