from django.apps import AppConfig


class PensionsConfig(AppConfig):
    name = "shebao.pensions"
    label = "pensions"
    verbose_name = "养老保险待遇"

    def ready(self) -> None:
        # registers §3.3.42, the two print queries and the 记账利率 listener
        from . import accounts, queries, specs  # noqa: F401
