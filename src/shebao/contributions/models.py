"""Declared wages and bases, monthly declarations and their person-month details."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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


class DeclarationStatus(models.TextChoices):
    DECLARED = "declared", _("已申报")
    BILLED = "billed", _("已开具应缴认定单")
    CANCELLED = "cancelled", _("已撤销")


#: Declarations that hold their period: a cancelled one frees it for a new declaration.
HOLDING = (DeclarationStatus.DECLARED, DeclarationStatus.BILLED)


class MonthlyDeclaration(models.Model):
    """单位社会保险缴费申报 of one period and insurance type: the 正常应缴 row of §3.3.23.

    Bills (§3.3.26) move it to ``billed``; from then on it cannot be cancelled (R-REF-03).
    """

    unit = models.ForeignKey(
        "registry.Unit", on_delete=models.PROTECT, related_name="monthly_declarations"
    )
    region = models.ForeignKey(
        "registry.Region", on_delete=models.PROTECT, verbose_name=_("经办机构")
    )
    period = models.CharField(_("费款所属期"), max_length=6)
    insurance_type = models.CharField(_("险种类型"), max_length=3, choices=InsuranceType.choices)
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=DeclarationStatus.choices,
        default=DeclarationStatus.DECLARED,
    )
    headcount = models.PositiveIntegerField(_("缴费人数"), default=0)
    wage_total = models.DecimalField(_("职工工资总额"), max_digits=16, decimal_places=2, default=0)
    base_total = models.DecimalField(_("缴费基数总额"), max_digits=16, decimal_places=2, default=0)
    unit_amount = models.DecimalField(_("单位缴费金额"), max_digits=16, decimal_places=2, default=0)
    individual_amount = models.DecimalField(
        _("人员缴费金额"), max_digits=16, decimal_places=2, default=0
    )
    serial_no = models.CharField(_("业务流水号"), max_length=15, blank=True)
    declared_at = models.DateTimeField(_("经办时间"), auto_now_add=True)
    cancelled_by = models.CharField(_("撤销业务流水号"), max_length=15, blank=True)
    cancelled_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        ordering = ["unit_id", "period", "insurance_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period", "insurance_type"],
                condition=Q(status__in=HOLDING),
                name="monthly_declaration_once",
            )
        ]
        indexes = [models.Index(fields=["unit", "period"])]
        verbose_name = _("单位缴费申报")
        verbose_name_plural = _("单位缴费申报")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period} {self.insurance_type} {self.status}"

    @property
    def total(self) -> Decimal:
        """缴费总额."""
        return self.unit_amount + self.individual_amount


class ContributionDetail(models.Model):
    """One person-month-type line of a monthly declaration (应缴明细).

    Grows to billions of rows at province scale, so everything starts with ``period``:
    the ordering and every index lead with it, and queries always name a period range.
    On PostgreSQL the table is meant to be declaratively partitioned
    ``PARTITION BY RANGE (period)``, one partition per contribution year (e.g.
    ``FOR VALUES FROM ('202007') TO ('202107')``), with the primary key ``(period, id)``
    since a partitioned table's unique keys must contain the partition key; old years can
    then be detached and archived. The migration creates a plain table so SQLite works;
    converting it is a PostgreSQL-only migration for the production rollout.
    """

    period = models.CharField(_("费款所属期"), max_length=6)
    # No per-column FK indexes: every index leads with the partition key (period).
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    unit = models.ForeignKey(
        "registry.Unit", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    insurance_type = models.CharField(_("险种类型"), max_length=3, choices=InsuranceType.choices)
    wage = models.DecimalField(_("月缴费工资"), max_digits=12, decimal_places=2)
    base = models.DecimalField(_("缴费基数"), max_digits=12, decimal_places=2)
    unit_amount = models.DecimalField(_("单位缴费金额"), max_digits=12, decimal_places=2)
    individual_amount = models.DecimalField(_("个人缴费金额"), max_digits=12, decimal_places=2)
    declaration = models.ForeignKey(
        MonthlyDeclaration, on_delete=models.CASCADE, related_name="details", db_index=False
    )

    class Meta:
        ordering = ["period", "unit_id", "person_id", "insurance_type"]
        indexes = [
            models.Index(fields=["period", "unit", "insurance_type"], name="detail_period_unit"),
            models.Index(fields=["period", "person"], name="detail_period_person"),
            models.Index(fields=["period", "declaration"], name="detail_period_declaration"),
        ]
        verbose_name = _("缴费明细")
        verbose_name_plural = _("缴费明细")

    def __str__(self) -> str:
        return f"{self.period} {self.person_id} {self.insurance_type} {self.base}"


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
    and what was declared (``ContributionDetail``). Positive amounts are 补差 (owed),
    negative ones 退差 (to refund). ``declared`` until a bill picks the line up."""

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
