from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "shebao.api"
    label = "api"
    verbose_name = "接口"

    def ready(self) -> None:
        from . import schema, signals  # noqa: F401  (schema extensions; tokens die with passwords and certificates)
