"""Tokens die with the password and with the certificate they were obtained with."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from shebao.pki.models import UnitCertificate

from .tokens import tokens_revoke

User = get_user_model()


@receiver(pre_save, sender=User, dispatch_uid="api_tokens_password_seen")
def _password_seen(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        instance._api_password_changed = False
        return
    old = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._api_password_changed = old is not None and old != instance.password


@receiver(post_save, sender=User, dispatch_uid="api_tokens_password_changed")
def _password_changed(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if getattr(instance, "_api_password_changed", False):
        instance._api_password_changed = False
        tokens_revoke(user=instance)


@receiver(post_save, sender=UnitCertificate, dispatch_uid="api_tokens_certificate_revoked")
def _certificate_revoked(sender: Any, instance: UnitCertificate, **kwargs: Any) -> None:
    if instance.status == UnitCertificate.Status.REVOKED:
        tokens_revoke(certificate=instance)
