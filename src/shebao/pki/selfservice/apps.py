from django.apps import AppConfig


class SelfServiceConfig(AppConfig):
    name = "shebao.pki.selfservice"
    label = "pki_selfservice"
    verbose_name = "数字证书自助办理"

    def ready(self) -> None:
        from shebao.identity.roles import CA_STAFF, provide_role

        from .selectors import ca_staff_member

        provide_role(CA_STAFF, ca_staff_member)
