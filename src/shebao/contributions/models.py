"""Declared wages and bases, monthly declarations and their person-month details."""

import hashlib
from decimal import Decimal
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shebao.core.fields import EncryptedCharField
from shebao.policy.models import ClampFlag
from shebao.policy.selectors import PROVISIONAL_INTEREST
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


# -- bills (征集通知单 / 应缴认定单), arrivals -------------------------------------------------


class BillKind(models.TextChoices):
    """收支类型. Amounts on every document are non-negative; the kind gives the direction:
    a 应缴 document is paid by the unit (收入), a 退费 document is paid out to the unit's
    receiving account (支出) and is never matched by an arrival as a payment."""

    PAYMENT = "payment", _("应缴")
    REFUND = "refund", _("退费")


class CollectionType(models.TextChoices):
    """征集类型: where a document's amounts come from (R-REF-06)."""

    NORMAL = "normal", _("正常应缴")
    BACK_PAYMENT = "back_payment", _("补缴")
    DIFFERENCE = "difference", _("差额补缴")
    PROJECT = "project", _("项目工伤")
    DIFFERENCE_REFUND = "difference_refund", _("差额退费")
    OVERPAYMENT_REFUND = "overpayment_refund", _("多缴退费")


#: The 征集类型 of 退费 documents; every other one is a 应缴 document.
REFUND_COLLECTION_TYPES = (CollectionType.DIFFERENCE_REFUND, CollectionType.OVERPAYMENT_REFUND)


class BillStatus(models.TextChoices):
    """单据状态. A 应缴 document is paid in (未足额到账 / 已足额到账); a 退费 document is
    paid out to the unit's account (已退付, registered by the agency: ``RefundPayout``)."""

    VALID = "valid", _("有效")
    PARTIAL = "partial", _("未足额到账")
    PAID = "paid", _("已足额到账")
    REVOKED = "revoked", _("已作废")
    EXPIRED = "expired", _("已过期")
    PAID_OUT = "paid_out", _("已退付")


#: A bill money can still arrive for.
PAYABLE = (BillStatus.VALID, BillStatus.PARTIAL)


class Bill(models.Model):
    """单据: a 应缴认定单 / 征集通知单 (or a 退费单据) of a unit, numbered from a counter.

    Issued by §3.3.26 from declarations, back-payments, wage-change differences and
    overpayment refunds, or by §3.3.24 / §3.3.25 for a project's work-injury premium;
    revoked by §3.3.27 (or cancelled by §3.3.28 / §3.3.29). A 应缴 document is paid by
    arrivals; a 退费 document (``kind`` refund, amounts positive) names the receiving
    account it is paid out to and never receives money.
    """

    document_no = models.CharField(_("征集通知单号"), max_length=16, unique=True)
    unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, related_name="bills")
    region = models.ForeignKey(
        "registry.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("经办机构")
    )
    kind = models.CharField(
        _("收支类型"), max_length=10, choices=BillKind.choices, default=BillKind.PAYMENT
    )
    collection_type = models.CharField(_("征集类型"), max_length=20, choices=CollectionType.choices)
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
    interest = models.DecimalField(_("利息"), max_digits=16, decimal_places=2, default=0)
    late_fee = models.DecimalField(_("滞纳金"), max_digits=16, decimal_places=2, default=0)
    total_amount = models.DecimalField(_("应处理金额"), max_digits=16, decimal_places=2)
    #: 退费 documents: the unit's receiving account the money is paid to (R-REF-01).
    bank_account = models.ForeignKey(
        "UnitBankAccount",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("退款账户"),
    )
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
            models.CheckConstraint(
                condition=Q(kind=BillKind.PAYMENT)
                | Q(bank_account__isnull=False, received_amount=0),
                name="bill_refund_paid_out_to_account",
            ),
            models.CheckConstraint(
                condition=~Q(status=BillStatus.PAID_OUT) | Q(kind=BillKind.REFUND),
                name="bill_paid_out_is_refund",
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


class RefundPayout(models.Model):
    """退付登记: the agency paid a 退费单据 out to the unit's receiving account (R-REF-01).

    One per document, for its whole amount; the bank's serial number is unique. The bill
    becomes 已退付 and can no longer be revoked or expire; what it covers shows as 已退付.
    """

    bill = models.OneToOneField(Bill, on_delete=models.PROTECT, related_name="payout")
    bank_serial_no = models.CharField(_("银行流水号"), max_length=64, unique=True)
    paid_on = models.DateField(_("退付日期"))
    amount = models.DecimalField(_("退付金额"), max_digits=16, decimal_places=2)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        ordering = ["-paid_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_payout_positive")
        ]
        verbose_name = _("退付登记")
        verbose_name_plural = _("退付登记")

    def __str__(self) -> str:
        return f"{self.bill_id} {self.paid_on} {self.amount}"


class BillLineSource(models.TextChoices):
    """What a bill line was made from."""

    DECLARATION = "declaration", _("正常应缴")
    ARREARS = "arrears", _("补缴")
    ADJUSTMENT = "adjustment", _("差额补退")
    REFUND = "refund", _("多缴退费")
    PROJECT = "project", _("项目工伤")


class BillLine(models.Model):
    """What a bill covers: a monthly declaration, a back-payment's amounts of one type, a
    period-type group of wage-change differences, a refund's amounts of one type, or a
    project's premium (and its basis). ``source`` names which; the check constraint keeps
    exactly the matching reference set (differences through ``adjustments``, many per line).
    Kept after a revocation, so a voided document still shows what it covered.
    """

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="lines")
    source = models.CharField(_("数据来源"), max_length=12, choices=BillLineSource.choices)
    declaration = models.ForeignKey(
        MonthlyDeclaration, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    arrears = models.ForeignKey(
        "Arrears", on_delete=models.PROTECT, null=True, blank=True, related_name="bill_lines"
    )
    refund = models.ForeignKey(
        "Refund", on_delete=models.PROTECT, null=True, blank=True, related_name="bill_lines"
    )
    adjustments: "models.ManyToManyField[BaseAdjustment, Any]" = models.ManyToManyField(
        "BaseAdjustment", blank=True, related_name="bill_lines", verbose_name=_("差额补退记录")
    )
    insurance_type = models.CharField(_("险种类型"), max_length=3, choices=InsuranceType.choices)
    period = models.CharField(_("费款所属期"), max_length=6)
    #: The last period of a line covering a span (back-payments, refunds); blank otherwise.
    period_to = models.CharField(_("费款所属期止"), max_length=6, blank=True)
    headcount = models.PositiveIntegerField(_("缴费人数"), default=0)
    base_total = models.DecimalField(_("缴费基数总额"), max_digits=16, decimal_places=2, default=0)
    unit_amount = models.DecimalField(_("单位缴费金额"), max_digits=16, decimal_places=2)
    individual_amount = models.DecimalField(
        _("人员缴费金额"), max_digits=16, decimal_places=2, default=0
    )
    interest = models.DecimalField(_("利息"), max_digits=16, decimal_places=2, default=0)
    late_fee = models.DecimalField(_("滞纳金"), max_digits=16, decimal_places=2, default=0)
    #: The day this bill worked out a back-payment's interest and late fees (R-BP-09), so a
    #: revocation hands them back to be worked out again by the next bill.
    fees_assessed_on = models.DateField(_("利息滞纳金计算日期"), null=True, blank=True)
    #: project premiums: the cost in yuan or the 产能数量, and the rate applied to it
    basis = models.DecimalField(_("计费依据"), max_digits=18, decimal_places=2, null=True)
    rate = models.DecimalField(_("费率或单价"), max_digits=12, decimal_places=6, null=True)

    class Meta:
        ordering = ["bill_id", "period", "insurance_type"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        source=BillLineSource.DECLARATION,
                        declaration__isnull=False,
                        arrears__isnull=True,
                        refund__isnull=True,
                    )
                    | Q(
                        source=BillLineSource.ARREARS,
                        declaration__isnull=True,
                        arrears__isnull=False,
                        refund__isnull=True,
                    )
                    | Q(
                        source=BillLineSource.REFUND,
                        declaration__isnull=True,
                        arrears__isnull=True,
                        refund__isnull=False,
                    )
                    | Q(
                        source__in=[BillLineSource.ADJUSTMENT, BillLineSource.PROJECT],
                        declaration__isnull=True,
                        arrears__isnull=True,
                        refund__isnull=True,
                    )
                ),
                name="bill_line_one_source",
            ),
        ]

    @property
    def total(self) -> Decimal:
        return self.unit_amount + self.individual_amount + self.interest + self.late_fee


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


class AgencyFileImport(models.Model):
    """A file an agency reviewer imported for the region's bills; ``lines`` keeps the
    outcome of every line, so nothing in the file is dropped unseen."""

    region = models.ForeignKey("registry.Region", on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(_("文件名"), max_length=200)
    sha256 = models.CharField(max_length=64)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(_("导入时间"), auto_now_add=True)
    lines = models.JSONField(_("逐行结果"), default=list)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    @classmethod
    def begin(cls, *, region: Any, actor: Any, data: bytes, filename: str, ip: str | None) -> Self:
        """The record of a file about to be read, with the file's SHA-256 for the audit."""
        return cls._default_manager.create(
            region=region,
            uploaded_by=actor,
            filename=filename[:200],
            sha256=hashlib.sha256(data).hexdigest(),
            ip=ip,
        )


class ArrivalImport(AgencyFileImport):
    """到账文件: the collecting agency's payments, booked on the bills."""

    accepted = models.PositiveIntegerField(_("入账行数"), default=0)
    refused = models.PositiveIntegerField(_("未入账行数"), default=0)
    accepted_amount = models.DecimalField(_("入账金额"), max_digits=18, decimal_places=2, default=0)

    class Meta(AgencyFileImport.Meta):
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


# --- 补缴 (arrears), 缓缴认定, 视同缴费年限认定, 多缴退费 and the unit's receiving account ---


class ArrearsKind(models.TextChoices):
    """补缴类型: which service declared the arrears."""

    LABOUR_CONTRACT = "labour_contract", _("劳动合同补缴")
    COMMUNITY = "community", _("社区类补缴")
    DEEMED = "deemed", _("视同缴费年限补缴")
    UNIT_WIDE = "unit_wide", _("单位整体补缴")
    DEFERRAL = "deferral", _("缓缴单位补缴")


class Arrears(models.Model):
    """补缴申报: one declared row (a person's span, or a unit-wide span) and its totals.

    ``status`` follows the monthly declarations: ``declared`` until a bill (应缴认定单)
    moves it to ``billed``; a rollback of the case moves it to ``cancelled``. For a
    unit-wide back-payment the interest and late fees stay 0 until the bill assesses them
    (R-BP-09, ``shebao.contributions.arrears.arrears_fees_assess``).
    """

    unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, related_name="arrears")
    region = models.ForeignKey(
        "registry.Region", on_delete=models.PROTECT, verbose_name=_("经办机构")
    )
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="arrears",
        null=True,
        blank=True,
        help_text=_("单位整体补缴时为空，人员见明细"),
    )
    kind = models.CharField(_("补缴类型"), max_length=20, choices=ArrearsKind.choices)
    reason = models.CharField(_("补缴原因"), max_length=30, blank=True)
    start_period = models.CharField(_("补缴开始年月"), max_length=6)
    end_period = models.CharField(_("补缴结束年月"), max_length=6)
    months = models.PositiveIntegerField(_("补缴月数"))
    declared_wage = models.DecimalField(
        _("申报月平均工资"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=DeclarationStatus.choices,
        default=DeclarationStatus.DECLARED,
    )
    fees_on_billing = models.BooleanField(_("开具应缴认定表时生成利息和滞纳金"), default=False)
    calculated_on = models.DateField(_("计算日期"))
    unit_amount = models.DecimalField(_("单位补缴金额"), max_digits=16, decimal_places=2)
    individual_amount = models.DecimalField(_("个人补缴金额"), max_digits=16, decimal_places=2)
    interest = models.DecimalField(_("个人账户利息"), max_digits=16, decimal_places=2)
    late_fee = models.DecimalField(_("滞纳金"), max_digits=16, decimal_places=2)
    serial_no = models.CharField(_("业务流水号"), max_length=15, blank=True)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="arrears", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit_id", "start_period", "pk"]
        indexes = [
            models.Index(fields=["person", "kind", "status"]),
            models.Index(fields=["unit", "status"]),
        ]
        verbose_name = _("补缴申报")
        verbose_name_plural = _("补缴申报")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.kind} {self.start_period}-{self.end_period}"

    @property
    def total(self) -> Decimal:
        return self.unit_amount + self.individual_amount + self.interest + self.late_fee


class ArrearsLine(models.Model):
    """One person-month-type line of a back-payment, with the arithmetic spelled out."""

    arrears = models.ForeignKey(Arrears, on_delete=models.CASCADE, related_name="lines")
    period = models.CharField(_("费款所属期"), max_length=6)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    insurance_type = models.CharField(_("险种类型"), max_length=3, choices=InsuranceType.choices)
    wage = models.DecimalField(_("申报工资"), max_digits=12, decimal_places=2)
    base = models.DecimalField(_("缴费基数"), max_digits=12, decimal_places=2)
    clamp = models.CharField(_("保底封顶标志"), max_length=5, choices=ClampFlag.choices, blank=True)
    unit_amount = models.DecimalField(_("单位缴费金额"), max_digits=12, decimal_places=2)
    individual_amount = models.DecimalField(_("个人缴费金额"), max_digits=12, decimal_places=2)
    interest = models.DecimalField(_("个人账户利息"), max_digits=12, decimal_places=2)
    late_fee = models.DecimalField(_("滞纳金"), max_digits=12, decimal_places=2)
    late_days = models.PositiveIntegerField(_("滞纳天数"), default=0)
    explanation = models.TextField(_("计算说明"))
    #: The interest used a year whose 记账利率 is not published yet at the rate of this
    #: published year (暂按); worked out again when the rate is entered. Null: all published.
    interest_provisional = models.PositiveSmallIntegerField(
        _("利息暂按利率年度"), null=True, blank=True
    )

    class Meta:
        ordering = ["arrears_id", "period", "person_id", "insurance_type"]
        indexes = [models.Index(fields=["period", "person"], name="arrears_line_period_person")]
        verbose_name = _("补缴明细")
        verbose_name_plural = _("补缴明细")

    def __str__(self) -> str:
        return f"{self.period} {self.person_id} {self.insurance_type} {self.base}"

    @property
    def interest_note(self) -> str:
        """ "暂按2024年利率" while the interest stands on a provisional rate."""
        if self.interest_provisional is None:
            return ""
        return gettext(PROVISIONAL_INTEREST) % {"y": self.interest_provisional}


class UnitDeferral(models.Model):
    """缓缴认定: the agency allowed the unit to defer its contributions for a span (§3.3.34)."""

    unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, related_name="deferrals")
    start_period = models.CharField(_("缓缴开始年月"), max_length=6)
    end_period = models.CharField(_("缓缴结束年月"), max_length=6)
    document_no = models.CharField(_("认定文书编号"), max_length=50)
    decided_on = models.DateField(_("认定日期"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        ordering = ["unit_id", "start_period"]
        verbose_name = _("缓缴认定")
        verbose_name_plural = _("缓缴认定")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.start_period}-{self.end_period}"


class DeemedYearsRecognition(models.Model):
    """视同缴费年限认定: the recognition department's assessment that §3.3.32 declares
    (R-BP-08). Entered by the agency; a declaration uses it once (``arrears``)."""

    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="deemed_recognitions"
    )
    unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, related_name="+")
    start_period = models.CharField(_("认定开始年月"), max_length=6)
    end_period = models.CharField(_("认定结束年月"), max_length=6)
    monthly_wage = models.DecimalField(_("核定月缴费工资"), max_digits=12, decimal_places=2)
    document_no = models.CharField(_("认定文书编号"), max_length=50)
    recognised_on = models.DateField(_("认定日期"))
    arrears = models.OneToOneField(
        Arrears, on_delete=models.SET_NULL, null=True, blank=True, related_name="recognition"
    )

    class Meta:
        ordering = ["person_id", "start_period"]
        verbose_name = _("视同缴费年限认定")
        verbose_name_plural = _("视同缴费年限认定")

    def __str__(self) -> str:
        return f"{self.person_id} {self.start_period}-{self.end_period}"


class UnitBankAccount(models.Model):
    """单位收款账户: where refunds are paid (R-REF-01). Entered by the agency."""

    unit = models.ForeignKey(
        "registry.Unit", on_delete=models.PROTECT, related_name="bank_accounts"
    )
    bank_name = models.CharField(_("开户银行"), max_length=100)
    account_name = models.CharField(_("户名"), max_length=100)
    account_no = EncryptedCharField(_("银行账号"), max_length=40)
    is_receiving = models.BooleanField(_("收款账户"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit_id", "-created_at"]
        verbose_name = _("单位银行账户")
        verbose_name_plural = _("单位银行账户")

    def __str__(self) -> str:
        from shebao.core.masking import Sensitive, mask

        return f"{self.bank_name} {mask(self.account_no, Sensitive.ACCOUNT)}"


class Refund(models.Model):
    """多缴退费申报 (§3.3.35): one row's contribution lines to give back (退收), paid to the
    unit's receiving account; the individual-account part is reversed (退账)."""

    unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, related_name="refunds")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="refunds")
    reason = models.CharField(_("退收/退账原因"), max_length=30)
    start_period = models.CharField(_("退收/退账开始年月"), max_length=6)
    end_period = models.CharField(_("退收/退账结束年月"), max_length=6)
    bank_account = models.ForeignKey(
        UnitBankAccount, on_delete=models.PROTECT, verbose_name=_("退款账户")
    )
    unit_amount = models.DecimalField(_("单位退款金额"), max_digits=16, decimal_places=2)
    individual_amount = models.DecimalField(_("个人退款金额"), max_digits=16, decimal_places=2)
    account_amount = models.DecimalField(_("退账金额"), max_digits=16, decimal_places=2)
    #: ``declared`` once approved, ``billed`` while a 退费单据 (§3.3.26) covers it.
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=DeclarationStatus.choices,
        default=DeclarationStatus.DECLARED,
    )
    serial_no = models.CharField(_("业务流水号"), max_length=15, blank=True)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="refunds")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit_id", "start_period", "pk"]
        indexes = [models.Index(fields=["unit", "status"], name="refund_unit_status")]
        verbose_name = _("多缴退费")
        verbose_name_plural = _("多缴退费")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.person_id} {self.start_period}-{self.end_period}"

    @property
    def total(self) -> Decimal:
        return self.unit_amount + self.individual_amount


class RefundLine(models.Model):
    """A refunded person-month-type contribution (a row of 待退收列表, WE-04)."""

    refund = models.ForeignKey(Refund, on_delete=models.CASCADE, related_name="lines")
    detail_id = models.BigIntegerField(_("缴费明细"), unique=True)  # no FK: details are partitioned
    period = models.CharField(_("费款所属期"), max_length=6)
    insurance_type = models.CharField(_("险种类型"), max_length=3, choices=InsuranceType.choices)
    base = models.DecimalField(_("缴费基数"), max_digits=12, decimal_places=2)
    individual_to_account = models.DecimalField(_("个人划入账户"), max_digits=12, decimal_places=2)
    individual_to_pooling = models.DecimalField(_("个人划入统筹"), max_digits=12, decimal_places=2)
    unit_to_account = models.DecimalField(_("单位划入账户"), max_digits=12, decimal_places=2)
    unit_to_pooling = models.DecimalField(_("单位划入统筹"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["refund_id", "-period", "insurance_type"]
        verbose_name = _("退费明细")
        verbose_name_plural = _("退费明细")

    def __str__(self) -> str:
        return f"{self.period} {self.insurance_type} {self.base}"


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


class RegionDeclarationRun(models.Model):
    """批量申报: the agency declared one period for every unit of a region at once.

    The audit row of ``declarations_for_region``; its declarations carry its ``serial_no``.
    """

    region = models.ForeignKey(
        "registry.Region", on_delete=models.PROTECT, verbose_name=_("经办机构")
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


# --- 税务开票信息: which bills the tax authority invoiced (Bill.tax_invoiced, R-REF-05) ---


class TaxInvoiceImport(AgencyFileImport):
    """税务开票信息文件: which bills the tax authority invoiced."""

    accepted = models.PositiveIntegerField(_("登记行数"), default=0)
    unchanged = models.PositiveIntegerField(_("已登记过的行数"), default=0)
    refused = models.PositiveIntegerField(_("未登记行数"), default=0)

    class Meta(AgencyFileImport.Meta):
        verbose_name = _("税务开票信息文件")
        verbose_name_plural = _("税务开票信息文件")


class TaxInvoice(models.Model):
    """The tax authority's invoice (发票) for one bill; its presence is ``bill.tax_invoiced``.

    One invoice per bill for the bill's whole amount; the invoice number is unique (数电发票
    numbers are; a paper invoice is written 发票代码 + 发票号码).
    """

    bill = models.OneToOneField(Bill, on_delete=models.PROTECT, related_name="tax_invoice")
    invoice_no = models.CharField(_("发票号码"), max_length=40, unique=True)
    invoiced_on = models.DateField(_("开票日期"))
    amount = models.DecimalField(_("开票金额"), max_digits=16, decimal_places=2)
    tax_import = models.ForeignKey(
        TaxInvoiceImport, on_delete=models.PROTECT, related_name="invoices"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        ordering = ["invoiced_on", "pk"]
        verbose_name = _("税务开票信息")
        verbose_name_plural = _("税务开票信息")

    def __str__(self) -> str:
        return f"{self.invoice_no} {self.invoiced_on} {self.amount}"
