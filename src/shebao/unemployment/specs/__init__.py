"""The unemployment services; each module registers its spec on import."""

from . import claim, registration

__all__ = ["claim", "registration"]
