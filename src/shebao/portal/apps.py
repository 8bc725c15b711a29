from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "shebao.portal"
    label = "portal"
