from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "shebao.audit"
    label = "audit"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .context import login_certificate_forget

        user_logged_in.connect(login_certificate_forget, dispatch_uid="audit_login_certificate")
