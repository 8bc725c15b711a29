from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "shebao.identity"
    label = "identity"
    verbose_name = "用户与权限"

    def ready(self) -> None:
        from . import queries, specs  # noqa: F401  (registers the identity services and queries)
