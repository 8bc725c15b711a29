from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "shebao.registry"
    label = "registry"
    verbose_name = "参保登记"

    def ready(self) -> None:
        from . import queries, specs  # noqa: F401  (registers the registry's services and queries)
