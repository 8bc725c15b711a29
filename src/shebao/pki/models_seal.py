"""Electronic seals (电子签章): the unit's seal image and the platform-held seal certificate.

Why the platform holds a key for the unit: the unit's own certificate key stays in the
operator's browser or PKCS#12 and never reaches us, so the server cannot sign a 申报表 with it.
Like the hosted-seal platforms (托管电子签章) common in China, we issue each unit a separate
*seal certificate* from our CA whose key the platform keeps, encrypted at rest like the CA keys.
It is no login credential: its EKU has no clientAuth and its SAN is not the unit URN the login
reads. Which certificate sealed which case is written to the case's events.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shebao.registry.models import Unit


class SealCertificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("有效")
        REVOKED = "revoked", _("已吊销")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="seal_certificates", verbose_name=_("单位")
    )
    authority = models.ForeignKey(
        "pki.CertificateAuthority", on_delete=models.PROTECT, related_name="seal_certificates"
    )
    serial_number = models.CharField(_("证书序列号"), max_length=40)
    subject = models.CharField(_("证书主题"), max_length=500)
    not_before = models.DateTimeField(_("生效时间"))
    not_after = models.DateTimeField(_("失效时间"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default="valid")
    certificate_pem = models.TextField(_("证书"))
    private_key_pem = models.TextField(_("私钥（加密）"))
    fingerprint = models.CharField(_("SHA-256 指纹"), max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("单位签章证书")
        verbose_name_plural = _("单位签章证书")

    def __str__(self) -> str:
        return f"{self.unit.unit_no} {self.serial_number}"


class UnitSeal(models.Model):
    """The unit's seal image (印模). Until certificate orders carry the 电子签章取样表, an
    administrator uploads it here; without one a placeholder is drawn, marked as such."""

    unit = models.OneToOneField(
        Unit, on_delete=models.CASCADE, related_name="seal", verbose_name=_("单位")
    )
    image = models.ImageField(
        _("印章图片"), upload_to="seals/", help_text=_("PNG，透明背景，正方形，至少 300×300 像素")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("单位印章图片")
        verbose_name_plural = _("单位印章图片")

    def __str__(self) -> str:
        return str(self.unit)


class SealedDocument(models.Model):
    """A sealed PDF kept so the same document is sealed (and audited) once, not per download.

    ``key`` names the unsigned content (e.g. case id + SHA-256 of the 申报表 HTML): a change of
    status or content makes a new key and a new seal."""

    key = models.CharField(max_length=120, unique=True)
    pdf = models.BinaryField()
    certificate = models.ForeignKey(SealCertificate, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
