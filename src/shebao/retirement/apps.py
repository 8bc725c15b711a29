from django.apps import AppConfig


class RetirementConfig(AppConfig):
    """离退休审批 (行政审批, §3.3.55-§3.3.64): the unit applies for a person's retirement and
    the centre decides. It sits above contributions (the insurance history it prefills) and
    below documents; the retiree and the award belong to ``pensions``."""

    name = "shebao.retirement"
    label = "retirement"
    verbose_name = "离退休审批"

    def ready(self) -> None:
        from . import queries, specs  # noqa: F401  (registers the services and the query)
