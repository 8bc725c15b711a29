"""Unemployment benefit parameters (issue #16 §1): the entitlement table and the standard.

The entitlement table is national (失业保险条例 第十七条), so it carries no region; the
monthly amount is set by each province (第十八条: 低于最低工资标准、高于城市居民最低生活
保障标准), so the standard is regional. Each row says where it comes from (``source``).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UnemploymentEntitlementRule(models.Model):
    """The longest benefit period for cumulative contributions of at least
    ``min_contribution_months`` (failing the next row's threshold), from ``effective_from``.

    The 1999 table is three rows: 12 months of contributions -> up to 12 months of benefit,
    60 -> 18, 120 -> 24; ``combined_cap_months`` caps the period together with earlier
    entitlement not drawn (第十七条第二款: 合并计算，但最长不得超过24个月).
    """

    effective_from = models.DateField(_("生效日期"))
    min_contribution_months = models.PositiveSmallIntegerField(_("累计缴费满（月）"))
    benefit_months = models.PositiveSmallIntegerField(_("最长领取期限（月）"))
    combined_cap_months = models.PositiveSmallIntegerField(_("合并计算最长期限（月）"))
    source = models.CharField(
        _("依据"), max_length=300, help_text=_("文件名称和文号；不确定的数值须在此注明")
    )

    class Meta:
        ordering = ["-effective_from", "min_contribution_months"]
        constraints = [
            models.UniqueConstraint(
                fields=["effective_from", "min_contribution_months"],
                name="unemployment_entitlement_once",
            ),
            models.CheckConstraint(
                condition=Q(combined_cap_months__gte=models.F("benefit_months")),
                name="unemployment_entitlement_sane",
            ),
        ]
        verbose_name = _("失业保险金领取期限")
        verbose_name_plural = _("失业保险金领取期限")

    def __str__(self) -> str:
        return f"{self.min_contribution_months}->{self.benefit_months} ({self.effective_from})"


class UnemploymentBenefitStandard(models.Model):
    """失业保险金标准 of a region from a date: ``ratio`` of the minimum wage
    (``minimum_wage``, the region's 最低工资标准 in force), rounded to the fen."""

    region = models.ForeignKey(
        "policy.Region",
        on_delete=models.CASCADE,
        related_name="unemployment_standards",
        verbose_name=_("参保所属机构"),
    )
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    minimum_wage = models.DecimalField(_("最低工资标准（月）"), max_digits=10, decimal_places=2)
    ratio = models.DecimalField(_("占最低工资标准比例"), max_digits=5, decimal_places=4)
    source = models.CharField(
        _("依据"), max_length=400, help_text=_("文件名称和文号；不确定的数值须在此注明")
    )

    class Meta:
        ordering = ["region", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "effective_from"], name="unemployment_standard_once"
            ),
            models.CheckConstraint(
                condition=Q(ratio__gt=0) & Q(ratio__lte=1), name="unemployment_standard_ratio"
            ),
        ]
        verbose_name = _("失业保险金标准")
        verbose_name_plural = _("失业保险金标准")

    def __str__(self) -> str:
        return f"{self.region} {self.monthly_amount} ({self.effective_from})"

    @property
    def monthly_amount(self) -> Decimal:
        """The monthly benefit, half-up to the fen."""
        return (self.minimum_wage * self.ratio).quantize(Decimal("0.01"), "ROUND_HALF_UP")
