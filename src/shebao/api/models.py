"""How an API token was obtained, beside the token itself (django-rest-knox's ``AuthToken``:
only a hash is stored, each login gets its own, it expires).

How a token was obtained decides what it may do: a token from certificate login carries the
certificate and its unit, acts only for that unit and dies with the certificate; a token from
password + TOTP carries ``second_factor``, without which no staff action is allowed. A token
without an origin row (none is made so) may do neither.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TokenOrigin(models.Model):
    token = models.OneToOneField(
        "knox.AuthToken",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="origin",
        verbose_name=_("令牌"),
    )
    certificate = models.ForeignKey(
        "pki.UnitCertificate",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登录证书"),
    )
    unit = models.ForeignKey(
        "registry.Unit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("限定单位"),
    )
    second_factor = models.BooleanField(_("已验证动态口令"), default=False)

    class Meta:
        verbose_name = _("令牌来源")
        verbose_name_plural = _("令牌来源")

    def __str__(self) -> str:
        return str(self.pk)
