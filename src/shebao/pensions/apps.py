from django.apps import AppConfig


class PensionsConfig(AppConfig):
    name = "shebao.pensions"
    label = "pensions"
    verbose_name = "养老保险待遇"

    def ready(self) -> None:
        # registers §3.3.42 and the 记账利率 listener that recomputes provisional interest
        from . import accounts, specs  # noqa: F401
