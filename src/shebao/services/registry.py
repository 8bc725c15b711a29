"""Registries of declared specs (services and queries), keyed by their code.

One typed ``Registry[T]`` serves both: a spec class registers by decorating it, ``check``
refuses a badly declared one at import time (not when a page or a report first uses it),
and tests add their own specs for a block with ``Registry.overridden``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.policy.areas import Area

from .modules import Module
from .spec import ServiceSpec


class Declared(Protocol):
    """What a registered spec class has: its code."""

    code: ClassVar[str]


T = TypeVar("T", bound=Declared)


class Registry(Generic[T]):
    def __init__(
        self,
        *,
        kind: str,
        not_found: str,
        check: Callable[[type[T]], None] | None = None,
    ) -> None:
        self._kind = kind  # "service" / "query", in the error of a double registration
        self._not_found = not_found  # the 404 message, with %(c)s for the code
        self._check = check
        self._specs: dict[str, T] = {}

    def __call__(self, spec_class: type[T]) -> type[T]:
        code = spec_class.code
        if code in self._specs:
            raise ValueError(f"{self._kind} {code!r} is registered twice")
        if self._check is not None:
            self._check(spec_class)
        self._specs[code] = spec_class()
        return spec_class

    def __getitem__(self, code: str) -> T:
        return self._specs[code]

    def __contains__(self, code: object) -> bool:
        return code in self._specs

    def __iter__(self) -> Iterator[T]:
        return iter(self._specs.values())

    def get_or_404(self, code: str) -> T:
        try:
            return self._specs[code]
        except KeyError:
            raise Http404(_(self._not_found) % {"c": code})

    @contextmanager
    def overridden(self, *spec_classes: type[T]) -> Iterator[Registry[T]]:
        """For tests: the registered specs plus ``spec_classes`` until the block ends.

        The registry object stays the same, so every module that imported it sees the
        extra specs; nothing is monkeypatched and nothing is left behind.
        """
        saved = self._specs
        self._specs = dict(saved)
        try:
            for spec_class in spec_classes:
                self(spec_class)
            yield self
        finally:
            self._specs = saved


#: The area a code's prefix names (``hb_`` Hubei's manual, ``cq_`` Chongqing's, ``nj_`` Nanjing's).
CODE_PREFIX_AREAS = {"hb_": Area.HUBEI, "cq_": Area.CHONGQING, "nj_": Area.NANJING}


def check_offer(spec_class: type[Any]) -> None:
    """Every spec declares the areas that offer it and its module; an ``hb_`` code is Hubei's."""
    kind = "query" if not issubclass(spec_class, ServiceSpec) else "service"
    areas = getattr(spec_class, "areas", None)
    if not areas or not all(isinstance(a, Area) for a in areas):
        raise ValueError(f"{kind} {spec_class.code!r} declares no areas (policy.areas.Area)")
    if not isinstance(getattr(spec_class, "module", None), Module):
        raise ValueError(f"{kind} {spec_class.code!r} declares no module (services.modules)")
    for prefix, area in CODE_PREFIX_AREAS.items():
        if spec_class.code.startswith(prefix) and area not in areas:
            raise ValueError(f"{kind} {spec_class.code!r} is not offered in {area.name}")


def check_service(spec_class: type[ServiceSpec[Any]]) -> None:
    """A ``report_columns`` name the row does not have fails here, not at print time."""
    check_offer(spec_class)
    fields = spec_class.row.model_fields
    unknown = [name for name in spec_class.report_columns if name not in fields]
    if unknown:
        raise ValueError(
            f"service {spec_class.code!r}: report_columns names no field of "
            f"{spec_class.row.__name__}: {', '.join(unknown)}"
        )


#: The global registry of services; register a spec with ``@register``.
registry: Registry[ServiceSpec[Any]] = Registry(
    kind="service", not_found=gettext_noop("没有这项业务：%(c)s"), check=check_service
)
register = registry
