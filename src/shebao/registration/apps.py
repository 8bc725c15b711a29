from django.apps import AppConfig


class RegistrationConfig(AppConfig):
    """参保登记 services and queries: the business built on cases over registry's master data.

    It sits above cases (specs are case effects, queries read case rows) while registry, the
    system of record, stays below them. No models of its own.
    """

    name = "shebao.registration"
    label = "registration"
    verbose_name = "参保登记业务"

    def ready(self) -> None:
        from . import queries, specs  # noqa: F401  (registers the 参保登记 services and queries)
