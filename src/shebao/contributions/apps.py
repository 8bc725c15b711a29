from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    name = "shebao.contributions"
    label = "contributions"
    verbose_name = "社会保险缴费申报"

    def ready(self) -> None:
        from . import queries, specs  # noqa: F401  (registers the contribution services and queries)
