from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "shebao.services"
    label = "services"
    verbose_name = "业务服务引擎"
