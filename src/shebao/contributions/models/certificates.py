"""湖北省社会保险参保证明(单位) (§3.3.47): one issued certificate and what it states.

The certificate is the record of an AUTO case (提交即办结): its 查询流水号 is the case's
业务流水号. What it lists is read from the contribution records when it is printed, up to
the moment it was issued (``issued_at``): later arrivals never change a certificate, so
the sealed PDF, rendered once, and the verification page tell the same story. The counts
and the rates table are kept here at issue, so the public page needs no person's data.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ParticipationCertificate(models.Model):
    serial_no = models.CharField(_("查询流水号"), max_length=15, unique=True)
    #: 6 characters A-Z/0-9, random, printed under the QR code (WE-09: YXL2YF)
    check_code = models.CharField(_("校验码"), max_length=6)
    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="participation_certificate"
    )
    unit = models.ForeignKey(
        "registry.Unit", on_delete=models.PROTECT, related_name="participation_certificates"
    )
    region = models.ForeignKey(
        "policy.Region", on_delete=models.PROTECT, verbose_name=_("经办机构"), related_name="+"
    )
    #: the individual version (one employee); null for 全部人员
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    period_from = models.CharField(_("缴费起始期号"), max_length=6)
    period_to = models.CharField(_("缴费结束期号"), max_length=6)
    issued_at = models.DateTimeField(_("开具时间"))
    valid_until = models.DateField(_("核验有效期至"))
    validity_source = models.CharField(_("有效期依据"), max_length=200, blank=True)
    #: unit name and number as printed (a later name change keeps the old on this one)
    unit_name = models.CharField(_("单位名称"), max_length=100)
    persons = models.PositiveIntegerField(_("人数"))
    lines = models.PositiveIntegerField(_("明细条数"))
    #: the 参保缴费比例情况 rows as printed: [type label, unit rate, person rate, last/count]
    rates = models.JSONField(_("参保缴费比例情况"), default=list)
    #: SHA-256 of the sealed PDF once rendered: the verification page shows it
    pdf_sha256 = models.CharField(_("PDF摘要"), max_length=64, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["unit", "issued_at"])]
        verbose_name = _("参保证明")
        verbose_name_plural = _("参保证明")

    def __str__(self) -> str:
        return f"{self.serial_no} {self.unit_id} {self.period_from}-{self.period_to}"
