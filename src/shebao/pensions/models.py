"""Individual account years, retirees and their award versions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shebao.policy.selectors import PROVISIONAL_INTEREST

from .choices import RetireeStatus, RetirementCategory


def _money(label: Any) -> models.DecimalField:
    return models.DecimalField(label, max_digits=14, decimal_places=2, default=Decimal(0))


class AccountYear(models.Model):
    """One calendar year of a person's 个人账户 (individual pension account).

    Rebuilt set-based from the paid months (``accounts.accounts_build``), never edited by
    hand: opening + credits + interest = closing, and a year's opening is the previous
    year's closing. ``rate_year`` differs from ``year`` when the year's 记账利率 was not
    published yet and the last published one was used (暂按); publishing the real rate
    rebuilds the accounts that stood on it.
    """

    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="account_years"
    )
    region = models.ForeignKey(
        "policy.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("参保所属机构")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    opening = _money(_("上年末累计储存额"))
    credits = _money(_("本年记账额"))
    credit_months = models.PositiveSmallIntegerField(_("本年记账月数"), default=0)
    interest = _money(_("本年记账利息"))
    closing = _money(_("本年末累计储存额"))
    rate = models.DecimalField(_("记账利率"), max_digits=8, decimal_places=6, default=0)
    rate_year = models.PositiveSmallIntegerField(_("利率年度"), null=True, blank=True)
    built_at = models.DateTimeField(_("计算时间"), auto_now=True)

    class Meta:
        ordering = ["person_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="account_year_once"),
        ]
        verbose_name = _("个人账户年度")
        verbose_name_plural = _("个人账户年度")

    def __str__(self) -> str:
        return f"{self.person_id} {self.year} {self.closing}"

    @property
    def provisional(self) -> bool:
        return self.rate_year is not None and self.rate_year != self.year

    @property
    def rate_note(self) -> str:
        """ "暂按2024年利率" while the interest stands on a provisional rate."""
        if not self.provisional:
            return ""
        return gettext(PROVISIONAL_INTEREST) % {"y": self.rate_year}


class Retiree(models.Model):
    """离退休人员: a person whose retirement was approved, paid a pension from the month
    after ``retirement_month``. One per person; the unit is the one that applied."""

    person = models.OneToOneField(
        "registry.Person", on_delete=models.PROTECT, related_name="retiree"
    )
    unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, related_name="retirees")
    retirement_month = models.CharField(_("退休年月"), max_length=6)
    category = models.CharField(_("离退休类别"), max_length=20, choices=RetirementCategory.choices)
    status = models.CharField(
        _("人员状态"), max_length=10, choices=RetireeStatus.choices, default=RetireeStatus.NORMAL
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: a reviewer corrected an input: the unit may run §3.3.42 for this retiree again
    recalculation_allowed = models.BooleanField(_("允许重新计算"), default=False)
    created_at = models.DateTimeField(_("认定时间"), auto_now_add=True)

    class Meta:
        ordering = ["unit_id", "retirement_month", "pk"]
        indexes = [models.Index(fields=["unit", "retirement_month"])]
        verbose_name = _("离退休人员")
        verbose_name_plural = _("离退休人员")

    def __str__(self) -> str:
        return f"{self.person_id} {self.retirement_month}"


class PensionAward(models.Model):
    """One version of a retiree's 基本养老金 (国发〔2005〕38号), with every input and step.

    A recalculation adds a version and clears ``current`` on the earlier one, which stays
    as history. ``inputs`` and ``steps`` hold what the 待遇计算表 prints (the parameters,
    their sources, each formula with its figures); the typed columns are what payment and
    reports read.
    """

    retiree = models.ForeignKey(Retiree, on_delete=models.PROTECT, related_name="awards")
    version = models.PositiveSmallIntegerField(_("版本"))
    current = models.BooleanField(_("当前有效"), default=True)
    reason = models.CharField(_("计算原因"), max_length=200)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    computed_at = models.DateTimeField(_("计算时间"), auto_now_add=True)
    average_wage = models.DecimalField(
        _("上年度在岗职工月平均工资"), max_digits=12, decimal_places=2
    )
    average_index = models.DecimalField(_("平均缴费指数"), max_digits=8, decimal_places=4)
    actual_months = models.PositiveSmallIntegerField(_("实际缴费月数"))
    deemed_months = models.PositiveSmallIntegerField(_("视同缴费月数"))
    total_months = models.PositiveSmallIntegerField(_("累计缴费月数"))
    account_balance = _money(_("个人账户储存额"))
    retirement_age = models.PositiveSmallIntegerField(_("退休年龄"))
    payout_months = models.PositiveSmallIntegerField(_("计发月数"))
    transition_coefficient = models.DecimalField(
        _("过渡系数"), max_digits=6, decimal_places=4, default=0
    )
    basic_pension = _money(_("基础养老金"))
    account_pension = _money(_("个人账户养老金"))
    transitional_pension = _money(_("过渡性养老金"))
    total = _money(_("基本养老金"))
    inputs = models.JSONField(_("计算参数"), default=dict)
    steps = models.JSONField(_("计算过程"), default=list)

    class Meta:
        ordering = ["retiree_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["retiree", "version"], name="pension_award_version"),
            models.UniqueConstraint(
                fields=["retiree"], condition=Q(current=True), name="pension_award_one_current"
            ),
        ]
        verbose_name = _("基本养老金核定")
        verbose_name_plural = _("基本养老金核定")

    def __str__(self) -> str:
        return f"{self.retiree_id} v{self.version} {self.total}"
