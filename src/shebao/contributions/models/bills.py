"""Bills (征集通知单 / 应缴认定单, §3.3.26), their lines and events, and refund payouts."""

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shebao.contributions.models.declarations import MonthlyDeclaration
from shebao.registry.choices import InsuranceType

if TYPE_CHECKING:
    from shebao.contributions.models.bases import BaseAdjustment


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
        "policy.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("经办机构")
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
