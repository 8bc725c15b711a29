from django.apps import AppConfig


class UnemploymentConfig(AppConfig):
    name = "shebao.unemployment"
    label = "unemployment"
    verbose_name = "失业保险待遇"

    def ready(self) -> None:
        # registers §3.3.66, §3.3.67 and the listener that stops a benefit on re-enrolment
        from . import services, specs  # noqa: F401
