"""补缴 (arrears), 缓缴认定 and 视同缴费年限认定."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shebao.contributions.models.declarations import DeclarationStatus
from shebao.policy.models import ClampFlag
from shebao.policy.selectors import PROVISIONAL_INTEREST
from shebao.registry.choices import InsuranceType


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
        "policy.Region", on_delete=models.PROTECT, verbose_name=_("经办机构")
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
