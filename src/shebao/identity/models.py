"""Who may act for which unit, and which agency staff review which region."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shebao.core.fields import EncryptedCharField, IdNumberHashField
from shebao.policy.models import Region
from shebao.registry.models import Unit


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


class OnlineAccess(models.Model):
    """网上业务经办资格 of a unit (CQ 第六条, 第十五条).

    Granted when the district office approves the unit's application, revoked by it when
    the unit will not correct what its paper materials contradict. A unit with no row was
    put online before this record existed and may keep declaring.
    """

    class Status(models.TextChoices):
        GRANTED = "granted", _("已开通")
        REVOKED = "revoked", _("已取消")

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="online_access")
    status = models.CharField(_("资格状态"), max_length=10, choices=Status.choices)
    granted_at = models.DateTimeField(_("开通时间"), null=True, blank=True)
    granted_by = models.CharField(_("开通业务流水号"), max_length=15, blank=True)
    revoked_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("取消人"),
    )
    revoke_reason = models.CharField(_("取消原因"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("网上业务经办资格")
        verbose_name_plural = _("网上业务经办资格")

    def __str__(self) -> str:
        return f"{self.unit.unit_no} {self.get_status_display()}"


class OperatorProfile(models.Model):
    """Who an operator is (Nanjing: the trained operator's 社会保障卡号 identifies them), so a
    unit can name an existing operator by ID number when it confirms them for itself.

    The ID number is encrypted at rest; ``id_number_hash`` (keyed HMAC) is unique and is what
    look-ups filter on (``id_number_hash=person_hash(number)``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="operator_profile"
    )
    name = models.CharField(_("经办人姓名"), max_length=50)
    id_number = EncryptedCharField(_("身份证号码"), max_length=18)
    id_number_hash = IdNumberHashField(_("证件号码摘要"), source="id_number", unique=True)
    mobile = EncryptedCharField(_("手机号码"), max_length=11, blank=True)

    class Meta:
        verbose_name = _("经办人信息")
        verbose_name_plural = _("经办人信息")

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"


class OperatorTraining(models.Model):
    """CA培训申请 of one operator for one unit; approval is the training notice, after which
    the operator holds the personal qualification for online business (Nanjing 二、2 ②③).
    Once per unit and ID number, kept by the keyed hash (the number is encrypted at rest)."""

    class Status(models.TextChoices):
        QUALIFIED = "qualified", _("审核通过")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="trainings")
    id_number = EncryptedCharField(_("身份证号码"), max_length=18)
    id_number_hash = IdNumberHashField(_("证件号码摘要"), source="id_number")
    name = models.CharField(_("经办人姓名"), max_length=50)
    mobile = EncryptedCharField(_("手机号码"), max_length=11)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices)
    serial_no = models.CharField(_("业务流水号"), max_length=15)
    approved_at = models.DateTimeField(_("审核时间"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "id_number_hash"], name="training_once_per_unit"
            )
        ]
        verbose_name = _("经办人培训")
        verbose_name_plural = _("经办人培训")
