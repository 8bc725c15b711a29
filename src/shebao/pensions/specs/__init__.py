"""The pensions services; each module registers its spec on import."""

__all__: list[str] = []
