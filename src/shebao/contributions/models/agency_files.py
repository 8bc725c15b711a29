"""Files the agency imports for the region's bills: arrivals (到账) and tax invoices."""

import hashlib
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shebao.contributions.models.bills import Bill


class AgencyFileImport(models.Model):
    """A file an agency reviewer imported for the region's bills; ``lines`` keeps the
    outcome of every line, so nothing in the file is dropped unseen."""

    region = models.ForeignKey("policy.Region", on_delete=models.PROTECT, related_name="+")
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
