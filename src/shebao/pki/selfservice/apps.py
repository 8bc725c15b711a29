from django.apps import AppConfig


class SelfServiceConfig(AppConfig):
    name = "shebao.pki.selfservice"
    label = "pki_selfservice"
    verbose_name = "数字证书自助办理"
