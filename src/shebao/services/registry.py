"""The registry of service specs, keyed by their id in spec/services.yaml."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import Http404
from django.utils.translation import gettext as _

from .spec import ServiceSpec


class Registry:
    def __init__(self) -> None:
        self._specs: dict[str, ServiceSpec] = {}

    def __call__(self, spec_class: type[ServiceSpec]) -> type[ServiceSpec]:
        code = spec_class.code
        if code in self._specs:
            raise ValueError(f"service {code!r} is registered twice")
        self._specs[code] = spec_class()
        return spec_class

    def __getitem__(self, code: str) -> ServiceSpec:
        return self._specs[code]

    def __contains__(self, code: object) -> bool:
        return code in self._specs

    def __iter__(self) -> Iterator[ServiceSpec]:
        return iter(self._specs.values())

    def get_or_404(self, code: str) -> ServiceSpec:
        try:
            return self._specs[code]
        except KeyError:
            raise Http404(_("没有这项业务：%(c)s") % {"c": code})


#: The global registry; register a spec with ``@register``.
registry = Registry()
register = registry
