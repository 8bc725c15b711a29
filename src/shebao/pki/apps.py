from django.apps import AppConfig


class PkiConfig(AppConfig):
    name = "shebao.pki"
    label = "pki"
    verbose_name = "数字证书"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deploy check)
