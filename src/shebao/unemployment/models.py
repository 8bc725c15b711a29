"""Unemployment registrations and the benefits granted on them."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shebao.core.period import Period

from .choices import BenefitStatus, RegistrationStatus


class UnemploymentRegistration(models.Model):
    """A person's 失业登记 reported by the unit that employed them (§3.3.67).

    ``enrolment`` is the suspended unemployment-insurance enrolment whose involuntary
    ending made the person unemployed; one open registration per person at a time.
    """

    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="unemployment_registrations"
    )
    unit = models.ForeignKey(
        "registry.Unit", on_delete=models.PROTECT, related_name="unemployment_registrations"
    )
    enrolment = models.ForeignKey(
        "registry.Enrolment", on_delete=models.PROTECT, related_name="+", null=True
    )
    unemployed_on = models.DateField(_("失业时间"))
    registered_on = models.DateField(_("失业登记日期"))
    reason = models.CharField(_("失业原因"), max_length=30)
    hukou_type = models.CharField(_("户口性质"), max_length=10, blank=True)
    wuhan_flag = models.CharField(_("汉内(外)标志"), max_length=4)
    medical_place = models.CharField(_("医疗保险参保地"), max_length=50)
    address = models.CharField(_("联系地址"), max_length=200, blank=True)
    bank_account_name = models.CharField(_("发放银行户名"), max_length=50)
    bank_card = models.CharField(_("工商银行卡号"), max_length=30)
    contact_name = models.CharField(_("联系人姓名"), max_length=50)
    contact_phone = models.CharField(_("联系电话"), max_length=20)
    status = models.CharField(
        _("登记状态"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    opened_by = models.CharField(_("登记业务流水号"), max_length=15, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-registered_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=~Q(status=RegistrationStatus.CLOSED),
                name="unemployment_registration_one_open",
            )
        ]
        verbose_name = _("失业登记")
        verbose_name_plural = _("失业登记")

    def __str__(self) -> str:
        return f"{self.person} {self.unemployed_on}"


class UnemploymentBenefit(models.Model):
    """失业保险金 granted on a registration (§3.3.66): ``total_months`` from
    ``start_period`` at ``monthly_amount``; stopped early when the person is enrolled again
    (``stopped_period`` is the first month not paid)."""

    registration = models.OneToOneField(
        UnemploymentRegistration, on_delete=models.PROTECT, related_name="benefit"
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="unemployment_benefits"
    )
    unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, related_name="+")
    contribution_months = models.PositiveSmallIntegerField(_("累计缴费月数"))
    benefit_months = models.PositiveSmallIntegerField(_("本次核定领取月数"))
    carried_months = models.PositiveSmallIntegerField(_("前次未领取月数"), default=0)
    total_months = models.PositiveSmallIntegerField(_("领取期限（月）"))
    monthly_amount = models.DecimalField(_("月失业保险金"), max_digits=10, decimal_places=2)
    standard_source = models.CharField(_("标准依据"), max_length=400)
    start_period = models.CharField(_("享受开始年月"), max_length=6)
    end_period = models.CharField(_("享受结束年月"), max_length=6)
    status = models.CharField(
        _("发放状态"), max_length=10, choices=BenefitStatus.choices, default=BenefitStatus.PAYING
    )
    stopped_period = models.CharField(_("停发年月"), max_length=6, blank=True)
    stopped_by = models.CharField(_("停发业务流水号"), max_length=15, blank=True)
    opened_by = models.CharField(_("核定业务流水号"), max_length=15)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_period", "-pk"]
        verbose_name = _("失业保险金")
        verbose_name_plural = _("失业保险金")

    def __str__(self) -> str:
        return f"{self.person} {self.start_period}+{self.total_months}"

    @property
    def months_drawn(self) -> int:
        """Months paid or due: all of them unless stopped before the end."""
        if self.status != BenefitStatus.STOPPED or not self.stopped_period:
            return self.total_months
        drawn = Period.parse(self.start_period).months_until(Period.parse(self.stopped_period))
        return max(0, min(self.total_months, drawn - 1))

    @property
    def months_unused(self) -> int:
        return self.total_months - self.months_drawn

    @property
    def total_amount(self) -> Decimal:
        return self.monthly_amount * self.total_months
