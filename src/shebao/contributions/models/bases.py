"""What a person's contributions are computed on: declared wages and bases (§3.3.20),
the audit department's bases and wage changes with their adjustments (§3.3.21)."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shebao.contributions.models.declarations import DeclarationStatus
from shebao.policy.models import ClampFlag
from shebao.registry.choices import InsuranceType

#: ``ContributionBase.insurance_type`` for a base that applies to every type (§3.3.20).
ALL_TYPES = ""


class ContributionBase(models.Model):
    """缴费基数: a person's declared wage at a unit for one contribution year, and its base.

    §3.3.20 declares one wage for all types (``insurance_type`` blank); a later per-type
    base (e.g. a wage change for one type) takes precedence in the monthly calculation.
    """

    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="contribution_bases"
    )
    unit = models.ForeignKey(
        "registry.Unit", on_delete=models.PROTECT, related_name="contribution_bases"
    )
    insurance_type = models.CharField(
        _("险种类型"), max_length=3, choices=InsuranceType.choices, blank=True, default=ALL_TYPES
    )
    year = models.PositiveSmallIntegerField(_("申报年度"))
    declared_wage = models.DecimalField(_("上年月均工资"), max_digits=12, decimal_places=2)
    base = models.DecimalField(_("缴费基数"), max_digits=12, decimal_places=2)
    clamp = models.CharField(_("保底封顶标志"), max_length=5, choices=ClampFlag.choices, blank=True)
    start_period = models.CharField(_("开始年月"), max_length=6)
    end_period = models.CharField(_("结束年月"), max_length=6)
    serial_no = models.CharField(_("业务流水号"), max_length=15, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit_id", "year", "person_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "unit", "insurance_type", "year"],
                name="contribution_base_once_a_year",
            ),
            models.CheckConstraint(
                condition=Q(declared_wage__gt=0) & Q(base__gt=0), name="contribution_base_positive"
            ),
        ]
        indexes = [models.Index(fields=["unit", "year"])]
        verbose_name = _("缴费基数")
        verbose_name_plural = _("缴费基数")

    def __str__(self) -> str:
        return f"{self.person_id} {self.year} {self.base}"


class AuditedBase(models.Model):
    """稽核部门认定的缴费基数: the base the audit department fixed for a person-month.

    Entered by agency staff in the admin from the audit decision (稽核结论). A wage change
    (§3.3.21) whose interval contains such a month must give exactly this base (R-BASE-06).
    """

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("费款所属期"), max_length=6)
    base = models.DecimalField(_("稽核认定缴费基数"), max_digits=12, decimal_places=2)
    decision_no = models.CharField(_("稽核文书号"), max_length=40, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit_id", "person_id", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "unit", "period"], name="audited_base_once_a_month"
            ),
            models.CheckConstraint(condition=Q(base__gt=0), name="audited_base_positive"),
        ]
        verbose_name = _("稽核认定缴费基数")
        verbose_name_plural = _("稽核认定缴费基数")

    def __str__(self) -> str:
        return f"{self.person_id} {self.period} {self.base}"


class WageChange(models.Model):
    """An approved 缴费工资变更 (§3.3.21): one person's new wage for an interval of months.

    Kept so later changes of the same person cannot overlap it (R-BASE-07).
    """

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, related_name="+")
    start_period = models.CharField(_("开始年月"), max_length=6)
    end_period = models.CharField(_("结束年月"), max_length=6)
    wage = models.DecimalField(_("变更后月平均工资"), max_digits=12, decimal_places=2)
    serial_no = models.CharField(_("业务流水号"), max_length=15, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit_id", "person_id", "start_period"]
        indexes = [models.Index(fields=["unit", "person"])]
        verbose_name = _("缴费工资变更")
        verbose_name_plural = _("缴费工资变更")

    def __str__(self) -> str:
        return f"{self.person_id} {self.start_period}-{self.end_period} {self.wage}"


class BaseAdjustment(models.Model):
    """差额补退记录: a person-month-type difference between the new base of a wage change
    and what was declared (``ContributionDetail``). Positive amounts are 补差 (owed, billed
    as 差额补缴), negative ones 退差 (to refund, on a 差额退费 document). ``declared`` until a
    document picks the line up (``bill_lines``), ``billed`` while one covers it."""

    period = models.CharField(_("费款所属期"), max_length=6)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, related_name="+")
    insurance_type = models.CharField(_("险种类型"), max_length=3, choices=InsuranceType.choices)
    old_base = models.DecimalField(_("原缴费基数"), max_digits=12, decimal_places=2)
    new_base = models.DecimalField(_("新缴费基数"), max_digits=12, decimal_places=2)
    unit_diff = models.DecimalField(_("单位差额"), max_digits=12, decimal_places=2)
    individual_diff = models.DecimalField(_("个人差额"), max_digits=12, decimal_places=2)
    wage_change = models.ForeignKey(
        WageChange, on_delete=models.CASCADE, related_name="adjustments"
    )
    serial_no = models.CharField(_("业务流水号"), max_length=15, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=DeclarationStatus.choices,
        default=DeclarationStatus.DECLARED,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period", "unit_id", "person_id", "insurance_type"]
        indexes = [
            models.Index(fields=["unit", "status", "period"], name="adjustment_unit_status"),
        ]
        verbose_name = _("差额补退记录")
        verbose_name_plural = _("差额补退记录")

    def __str__(self) -> str:
        return f"{self.period} {self.person_id} {self.insurance_type} {self.unit_diff}"

    @property
    def total_diff(self) -> Decimal:
        return self.unit_diff + self.individual_diff

    @property
    def is_refund(self) -> bool:
        """退差 (refund) rather than 补差 (back-pay)."""
        return self.total_diff < 0
