"""多缴退费 (refunds) and the unit's receiving bank account."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from shebao.contributions.models.declarations import DeclarationStatus
from shebao.core.fields import EncryptedCharField
from shebao.registry.choices import InsuranceType


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
