"""Who may act for which unit, and which agency staff review which region."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shebao.registry.models import Region, Unit


class OperatorUnit(models.Model):
    """An operator (经办人) may act for this unit; one operator can serve several units."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="operator_units"
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="operators")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="operator_unit_once")]
        verbose_name = _("单位经办人")
        verbose_name_plural = _("单位经办人")

    def __str__(self) -> str:
        return f"{self.user} @ {self.unit}"


class Reviewer(models.Model):
    """Agency staff who review cases of one region (经办机构审核人员)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="reviewers")

    class Meta:
        verbose_name = _("审核人员")
        verbose_name_plural = _("审核人员")

    def __str__(self) -> str:
        return f"{self.user} @ {self.region}"
