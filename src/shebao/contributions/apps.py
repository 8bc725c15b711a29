from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    name = "shebao.contributions"
    label = "contributions"
    verbose_name = "社会保险缴费申报"

    def ready(self) -> None:
        # registers the contribution services and queries, and the 记账利率 listener
        from . import interest, queries, specs  # noqa: F401
