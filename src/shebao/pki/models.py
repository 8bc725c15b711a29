"""The CA hierarchy, unit certificates, login challenges and the audit trail of all of them.

Private keys of the CAs are stored only encrypted (PKCS#8, passphrase from
``SHEBAO_CA_KEY_PASSPHRASE``); a unit's private key is never stored: either the browser kept
it, or it was handed over once inside a PIN-protected PKCS#12.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shebao.registry.models import Unit


class CertificateAuthority(models.Model):
    class Kind(models.TextChoices):
        ROOT = "root", _("根证书")
        ISSUING = "issuing", _("签发证书")

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=64)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    certificate_pem = models.TextField(_("证书"))
    private_key_pem = models.TextField(_("私钥（加密）"))
    serial_number = models.CharField(_("序列号"), max_length=40)
    not_before = models.DateTimeField(_("生效时间"))
    not_after = models.DateTimeField(_("失效时间"))
    #: The one issuing CA new unit certificates are signed by; retired ones still sign CRLs.
    is_active = models.BooleanField(_("当前使用"), default=True)
    retired_at = models.DateTimeField(_("停用时间"), null=True, blank=True)
    crl_number = models.PositiveBigIntegerField(_("CRL 编号"), default=0)
    crl_der = models.BinaryField(_("当前 CRL"), null=True, blank=True)
    crl_this_update = models.DateTimeField(null=True, blank=True)
    crl_next_update = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"], condition=Q(is_active=True), name="one_active_ca_per_kind"
            )
        ]
        verbose_name = _("认证机构证书")
        verbose_name_plural = _("认证机构证书")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"


class RevocationReason(models.TextChoices):
    """RFC 5280 CRLReason values we use, by their cryptography ``ReasonFlags`` names."""

    UNSPECIFIED = "unspecified", _("未说明")
    KEY_COMPROMISE = "key_compromise", _("密钥泄露或证书介质丢失")
    AFFILIATION_CHANGED = "affiliation_changed", _("单位信息变更")
    SUPERSEDED = "superseded", _("已由新证书取代")
    CESSATION = "cessation_of_operation", _("停止使用")


class UnitCertificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("有效")
        REVOKED = "revoked", _("已吊销")

    class KeySource(models.TextChoices):
        CLIENT = "client", _("用户自行生成")
        SERVER = "server", _("平台生成（PKCS#12）")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("单位")
    )
    authority = models.ForeignKey(
        CertificateAuthority, on_delete=models.PROTECT, related_name="certificates"
    )
    serial_number = models.CharField(_("证书序列号"), max_length=40)
    subject = models.CharField(_("证书主题"), max_length=500)
    not_before = models.DateTimeField(_("生效时间"))
    not_after = models.DateTimeField(_("失效时间"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default="valid")
    revocation_reason = models.CharField(
        _("吊销原因"), max_length=30, choices=RevocationReason.choices, blank=True
    )
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    certificate_pem = models.TextField(_("证书"))
    fingerprint = models.CharField(_("SHA-256 指纹"), max_length=64, unique=True)
    key_source = models.CharField(max_length=10, choices=KeySource.choices)
    #: Renewal chain; a later certificate application (证书新办/更新/补办) can link here too.
    renewed_from = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="renewed_by"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "serial_number"], name="certificate_serial_once"
            )
        ]
        verbose_name = _("单位数字证书")
        verbose_name_plural = _("单位数字证书")

    def __str__(self) -> str:
        return f"{self.unit.unit_no} {self.serial_number}"


class LoginChallenge(models.Model):
    """A one-time random nonce the client signs with its certificate key."""

    nonce = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["expires_at"])]


from .models_seal import SealCertificate, SealedDocument, UnitSeal  # noqa: E402

__all__ = [
    "CertificateAuthority",
    "LoginChallenge",
    "RevocationReason",
    "SealCertificate",
    "SealedDocument",
    "UnitCertificate",
    "UnitSeal",
]


class PinFailure(models.Model):
    """Wrong PINs typed for a soft token on our pages, per operator: after too many the
    pages refuse every PIN for a while, like a U-key locks (the PIN解锁 order reissues)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    failures = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
