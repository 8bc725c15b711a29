"""Monthly declarations (§3.3.23), their person-month details and the region-wide runs."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shebao.registry.choices import InsuranceType


class DeclarationStatus(models.TextChoices):
    DECLARED = "declared", _("已申报")
    BILLED = "billed", _("已开具应缴认定单")
    CANCELLED = "cancelled", _("已撤销")


#: What ``billed`` means on a row a 退费单据 covers (a refund, a 退差 line).
REFUND_BILLED = _("已开具退费单据")
#: A refund row whose 退费单据 the agency paid out (``RefundPayout``).
REFUND_PAID_OUT = _("已退付")


def refund_status_label(status: str, paid_out: bool = False) -> str:
    """The status of a refund-type row as a unit reads it: the shared choices say
    已开具应缴认定单 for ``billed``, which is wrong for money going back to the unit."""
    if paid_out:
        return str(REFUND_PAID_OUT)
    if status == DeclarationStatus.BILLED:
        return str(REFUND_BILLED)
    return str(DeclarationStatus(status).label)


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
        "policy.Region", on_delete=models.PROTECT, verbose_name=_("经办机构")
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

    Written only by the set-based INSERT ... SELECT (``calculation``) from enrolments and the
    declarations created in the same transaction, so the foreign keys are not DB constraints
    (``db_constraint=False``): their per-row triggers cost more than the insert itself
    (bench/monthly_declaration.py). Django still applies PROTECT and CASCADE on delete. On
    PostgreSQL ``period`` uses the "C" collation (migration 0003): periods are digits, so
    the order is the same, and every index on this table leads with it. Each index costs
    about a tenth of the insert, so there are only the two that queries need: by unit
    (also how a declaration's lines are found, with its unit and type) and by person.
    """

    period = models.CharField(_("费款所属期"), max_length=6)
    # No per-column FK indexes: every index leads with the partition key (period).
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    unit = models.ForeignKey(
        "registry.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    insurance_type = models.CharField(_("险种类型"), max_length=3, choices=InsuranceType.choices)
    wage = models.DecimalField(_("月缴费工资"), max_digits=12, decimal_places=2)
    base = models.DecimalField(_("缴费基数"), max_digits=12, decimal_places=2)
    unit_amount = models.DecimalField(_("单位缴费金额"), max_digits=12, decimal_places=2)
    individual_amount = models.DecimalField(_("个人缴费金额"), max_digits=12, decimal_places=2)
    declaration = models.ForeignKey(
        MonthlyDeclaration,
        on_delete=models.CASCADE,
        related_name="details",
        db_index=False,
        db_constraint=False,
    )

    class Meta:
        ordering = ["period", "unit_id", "person_id", "insurance_type"]
        indexes = [
            models.Index(fields=["period", "unit", "insurance_type"], name="detail_period_unit"),
            models.Index(fields=["period", "person"], name="detail_period_person"),
        ]
        verbose_name = _("缴费明细")
        verbose_name_plural = _("缴费明细")

    def __str__(self) -> str:
        return f"{self.period} {self.person_id} {self.insurance_type} {self.base}"


class RegionDeclarationRun(models.Model):
    """批量申报: the agency declared one period for every unit of a region at once.

    The audit row of ``declarations_for_region``; its declarations carry its ``serial_no``.
    """

    region = models.ForeignKey(
        "policy.Region", on_delete=models.PROTECT, verbose_name=_("经办机构")
    )
    period = models.CharField(_("费款所属期"), max_length=6)
    serial_no = models.CharField(_("业务流水号"), max_length=15, unique=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    units = models.PositiveIntegerField(_("申报单位数"))
    declarations = models.PositiveIntegerField(_("申报记录数"))
    details = models.PositiveBigIntegerField(_("缴费明细数"))
    skipped = models.JSONField(_("未申报单位"), default=dict, blank=True)
    at = models.DateTimeField(_("经办时间"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("批量缴费申报")
        verbose_name_plural = _("批量缴费申报")

    def __str__(self) -> str:
        return f"{self.region_id} {self.period} {self.serial_no}"
