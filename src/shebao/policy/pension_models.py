"""Pension award parameters (国发〔2005〕38号): the 计发月数 table and the province's
过渡系数. Imported by ``policy.models`` so they belong to the policy app."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PayoutMonths(models.Model):
    """计发月数: the divisor of the 个人账户养老金 by age at retirement (whole years).

    National, not per region: the table annexed to 国发〔2005〕38号, effective 2006-01-01.
    """

    age = models.PositiveSmallIntegerField(_("退休年龄"))
    months = models.PositiveSmallIntegerField(_("计发月数"))
    effective_from = models.DateField(_("生效日期"))
    source = models.CharField(_("依据"), max_length=300, blank=True)

    class Meta:
        ordering = ["-effective_from", "age"]
        constraints = [
            models.UniqueConstraint(fields=["age", "effective_from"], name="payout_months_once"),
            models.CheckConstraint(condition=Q(months__gt=0), name="payout_months_positive"),
        ]
        verbose_name = _("个人账户养老金计发月数")
        verbose_name_plural = _("个人账户养老金计发月数")

    def __str__(self) -> str:
        return f"{self.age}岁 {self.months}个月 ({self.effective_from})"


class TransitionCoefficient(models.Model):
    """过渡系数 of the 过渡性养老金, set by each province, from a date."""

    region = models.ForeignKey(
        "policy.Region",
        on_delete=models.CASCADE,
        related_name="transition_coefficients",
        verbose_name=_("参保所属机构"),
    )
    rate = models.DecimalField(
        _("过渡系数"), max_digits=6, decimal_places=4, help_text=_("小数，例如 0.013 表示 1.3%")
    )
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    source = models.CharField(_("依据"), max_length=300, blank=True)

    class Meta:
        ordering = ["region", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "effective_from"], name="transition_coefficient_once"
            ),
            models.CheckConstraint(
                condition=Q(rate__gte=0) & Q(rate__lt=1), name="transition_coefficient_0_1"
            ),
        ]
        verbose_name = _("过渡性养老金过渡系数")
        verbose_name_plural = _("过渡性养老金过渡系数")

    def __str__(self) -> str:
        return f"{self.region} {self.rate} ({self.effective_from})"
