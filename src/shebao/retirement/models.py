"""The centre's decision on a retirement application (审批结论), one per approved case.

The retiree and the pension award are ``pensions``' records; this one says who was approved
to retire when, in which category, and through which case (and which earlier case a
re-approval revisited), so the next application of the same person can be refused. An
approval is not rolled back (回退): the retiree and the award exist from it on; a wrong
decision is corrected through the pensions services (recalculation), not by undoing it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shebao.registry.models import Person, Unit

from .choices import CATEGORIES


class RetirementApproval(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="retirement_approvals"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="retirement_approvals")
    service_code = models.CharField(_("业务"), max_length=80)
    category = models.CharField(
        _("离退休类别"), max_length=20, choices=[(c, c) for c in CATEGORIES]
    )
    retirement_month = models.CharField(_("离退休年月"), max_length=6)
    file_birth_month = models.CharField(_("档案出生年月"), max_length=6)
    case_id = models.PositiveBigIntegerField(_("办件"), unique=True)
    serial_no = models.CharField(_("业务流水号"), max_length=15)
    earlier_serial_no = models.CharField(_("原申请业务流水号"), max_length=15, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("审批时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("离退休审批结论")
        verbose_name_plural = _("离退休审批结论")
        constraints = [models.UniqueConstraint(fields=["person"], name="retirement_approved_once")]

    def __str__(self) -> str:
        return f"{self.serial_no} {self.category} {self.retirement_month}"


class QualificationDetermination(models.Model):
    """退休人员资格认定 (§3.3.57): the unit declared that its retiree still qualifies for the
    pension (alive, not re-employed as insured), by one of R-BIZ-10's methods, on a date."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("认定方式"), max_length=30)
    determined_on = models.DateField(_("认定日期"))
    case_id = models.PositiveBigIntegerField(_("办件"), db_index=True)
    serial_no = models.CharField(_("业务流水号"), max_length=15)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("退休人员资格认定")
        verbose_name_plural = _("退休人员资格认定")
        indexes = [models.Index(fields=["person", "-determined_on"])]
