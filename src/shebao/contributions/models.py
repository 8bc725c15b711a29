"""Declared wages and bases, monthly declarations and their person-month details."""

from decimal import Decimal

from django.conf import settings
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


# -- bills (征集通知单 / 应缴认定单), arrivals -------------------------------------------------


class BillKind(models.TextChoices):
    PAYMENT = "payment", _("应缴")
    REFUND = "refund", _("退费")


class CollectionType(models.TextChoices):
    """征集类型: where a bill's amounts come from (R-REF-06)."""

    NORMAL = "normal", _("正常应缴")
    BACK_PAYMENT = "back_payment", _("补缴")
    PROJECT = "project", _("项目工伤")


class BillStatus(models.TextChoices):
    VALID = "valid", _("有效")
    PARTIAL = "partial", _("未足额到账")
    PAID = "paid", _("已足额到账")
    REVOKED = "revoked", _("已作废")
    EXPIRED = "expired", _("已过期")


#: A bill money can still arrive for.
PAYABLE = (BillStatus.VALID, BillStatus.PARTIAL)


class Bill(models.Model):
    """单据: a 应缴认定单 / 征集通知单 (or a 退费单据) of a unit, numbered from a counter.

    Issued by §3.3.26 from declarations, or by §3.3.24 / §3.3.25 for a project's work-injury
    premium; revoked by §3.3.27 (or cancelled by §3.3.28 / §3.3.29); paid by arrivals.
    """

    document_no = models.CharField(_("征集通知单号"), max_length=16, unique=True)
    unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, related_name="bills")
    region = models.ForeignKey(
        "registry.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("经办机构")
    )
    kind = models.CharField(
        _("收支类型"), max_length=10, choices=BillKind.choices, default=BillKind.PAYMENT
    )
    collection_type = models.CharField(_("征集类型"), max_length=15, choices=CollectionType.choices)
    #: Blank when the bill covers several insurance types.
    insurance_type = models.CharField(
        _("险种类型"), max_length=3, choices=InsuranceType.choices, blank=True
    )
    project = models.ForeignKey(
        "registry.Project", on_delete=models.PROTECT, null=True, blank=True, related_name="bills"
    )
    period_from = models.CharField(_("单据所属期起"), max_length=6)
    period_to = models.CharField(_("单据所属期止"), max_length=6)
    unit_amount = models.DecimalField(_("单位缴费金额"), max_digits=16, decimal_places=2)
    individual_amount = models.DecimalField(_("人员缴费金额"), max_digits=16, decimal_places=2)
    total_amount = models.DecimalField(_("应处理金额"), max_digits=16, decimal_places=2)
    received_amount = models.DecimalField(
        _("已到账金额"), max_digits=16, decimal_places=2, default=0
    )
    status = models.CharField(
        _("单据状态"), max_length=10, choices=BillStatus.choices, default=BillStatus.VALID
    )
    due_date = models.DateField(_("缴费截止日期"))
    tax_invoiced = models.BooleanField(_("税务已开票"), default=False)
    serial_no = models.CharField(_("业务流水号"), max_length=15, blank=True)
    issued_at = models.DateTimeField(_("经办时间"), auto_now_add=True)
    revoked_by = models.CharField(_("撤销业务流水号"), max_length=15, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-document_no"]
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["region", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_amount__gte=0) & Q(received_amount__gte=0),
                name="bill_amounts_positive",
            ),
            models.CheckConstraint(
                condition=Q(received_amount__lte=models.F("total_amount")),
                name="bill_not_overpaid",
            ),
        ]
        verbose_name = _("缴费单据")
        verbose_name_plural = _("缴费单据")

    def __str__(self) -> str:
        return f"{self.document_no} {self.total_amount} {self.status}"

    @property
    def outstanding(self) -> Decimal:
        """未到账金额."""
        return self.total_amount - self.received_amount


class BillLine(models.Model):
    """What a bill covers: a monthly declaration, or a project's premium (and its basis)."""

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="lines")
    declaration = models.ForeignKey(
        MonthlyDeclaration, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    insurance_type = models.CharField(_("险种类型"), max_length=3, choices=InsuranceType.choices)
    period = models.CharField(_("费款所属期"), max_length=6)
    headcount = models.PositiveIntegerField(_("缴费人数"), default=0)
    base_total = models.DecimalField(_("缴费基数总额"), max_digits=16, decimal_places=2, default=0)
    unit_amount = models.DecimalField(_("单位缴费金额"), max_digits=16, decimal_places=2)
    individual_amount = models.DecimalField(
        _("人员缴费金额"), max_digits=16, decimal_places=2, default=0
    )
    #: project premiums: the cost in yuan or the 产能数量, and the rate applied to it
    basis = models.DecimalField(_("计费依据"), max_digits=18, decimal_places=2, null=True)
    rate = models.DecimalField(_("费率或单价"), max_digits=12, decimal_places=6, null=True)

    class Meta:
        ordering = ["bill_id", "period", "insurance_type"]

    @property
    def total(self) -> Decimal:
        return self.unit_amount + self.individual_amount


class BillEvent(models.Model):
    """Audit of bill changes outside a case (arrivals) and inside one (serial number kept)."""

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ip = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class ArrivalImport(models.Model):
    """到账文件 imported by an agency reviewer, with the outcome of every line."""

    region = models.ForeignKey("registry.Region", on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(_("文件名"), max_length=200)
    sha256 = models.CharField(max_length=64)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(_("导入时间"), auto_now_add=True)
    accepted = models.PositiveIntegerField(_("入账行数"), default=0)
    refused = models.PositiveIntegerField(_("未入账行数"), default=0)
    accepted_amount = models.DecimalField(_("入账金额"), max_digits=18, decimal_places=2, default=0)
    lines = models.JSONField(_("逐行结果"), default=list)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("到账文件")
        verbose_name_plural = _("到账文件")


class Payment(models.Model):
    """One arrival of money for a bill (到账), unique by the bank's serial number."""

    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="payments")
    bank_serial_no = models.CharField(_("银行流水号"), max_length=64, unique=True)
    amount = models.DecimalField(_("到账金额"), max_digits=16, decimal_places=2)
    arrived_on = models.DateField(_("到账日期"))
    arrival_import = models.ForeignKey(
        ArrivalImport, on_delete=models.PROTECT, related_name="payments"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["arrived_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_positive")]
