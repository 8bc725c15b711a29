from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .areas import Area
from .choices import InsuranceType


class Region(models.Model):
    """参保所属机构: the agency a unit is insured with; reviewers are scoped to one."""

    code = models.CharField(_("机构编码"), max_length=12, unique=True)
    name = models.CharField(_("参保所属机构"), max_length=50)
    is_provincial_level = models.BooleanField(_("省本级"), default=False)

    class Meta:
        db_table = "registry_region"  # moved from registry (issue #11 §3); the table stays
        ordering = ["code"]
        verbose_name = _("参保所属机构")
        verbose_name_plural = _("参保所属机构")

    def __str__(self) -> str:
        return self.name

    @property
    def area(self) -> Area | None:
        """The area whose services the region offers (``policy.areas``), from its code."""
        return Area.of(self)


class CalendarDay(models.Model):
    """An administrator's statement that a date is (not) a working day.

    It overrides the chinese-calendar package and covers the years the package does not
    know yet (the State Council publishes the next year's holidays each autumn).
    """

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"))
    name = models.CharField(
        _("说明"), max_length=50, blank=True, help_text=_("例如：春节、国庆节调休上班")
    )
    source = models.CharField(
        _("依据"),
        max_length=200,
        blank=True,
        help_text=_("例如：国务院办公厅关于2027年部分节假日安排的通知"),
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("工作日日历")
        verbose_name_plural = _("工作日日历")

    def __str__(self) -> str:
        return f"{self.date} {'班' if self.is_workday else '休'} {self.name}"


class Payer(models.TextChoices):
    UNIT = "unit", _("单位")
    INDIVIDUAL = "individual", _("个人")


class ClampOrder(models.TextChoices):
    """Whether the declared wage is rounded to 10 yuan before or after the floor / cap."""

    ROUND_THEN_CLAMP = "round_then_clamp", _("先四舍五入到十元，再保底封顶")
    CLAMP_THEN_ROUND = "clamp_then_round", _("先保底封顶，再四舍五入到十元")


class ClampFlag(models.TextChoices):
    """保底 / 封顶 / neither: how the base came out of the declared wage."""

    NONE = "", _("无")
    FLOOR = "floor", _("保底")
    CAP = "cap", _("封顶")


def _source_field() -> models.CharField:
    return models.CharField(
        _("依据"),
        max_length=200,
        blank=True,
        help_text=_("文件名称和文号，或注明“示例参数，非正式费率表”"),
    )


class ContributionRate(models.Model):
    """缴费比例 of one insurance type and payer in a region, effective from a date.

    Work injury is unit-only and differs by the industry risk class (行业风险类别).
    """

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        related_name="contribution_rates",
        verbose_name=_("参保所属机构"),
    )
    insurance_type = models.CharField(_("险种类型"), max_length=3, choices=InsuranceType.choices)
    payer = models.CharField(_("缴费主体"), max_length=10, choices=Payer.choices)
    risk_class = models.PositiveSmallIntegerField(
        _("行业风险类别"), null=True, blank=True, help_text=_("仅工伤保险填写：1-8 类")
    )
    rate = models.DecimalField(
        _("缴费比例"), max_digits=8, decimal_places=6, help_text=_("小数，例如 0.16 表示 16%")
    )
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    source = _source_field()

    class Meta:
        ordering = ["region", "insurance_type", "payer", "risk_class", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "insurance_type", "payer", "risk_class", "effective_from"],
                name="contribution_rate_once",
            ),
            # NULLs are distinct in the constraint above: the same once more without a class.
            models.UniqueConstraint(
                fields=["region", "insurance_type", "payer", "effective_from"],
                condition=Q(risk_class__isnull=True),
                name="contribution_rate_once_without_class",
            ),
            models.CheckConstraint(
                condition=Q(rate__gte=0) & Q(rate__lte=1), name="contribution_rate_0_1"
            ),
        ]
        verbose_name = _("缴费比例")
        verbose_name_plural = _("缴费比例")

    def __str__(self) -> str:
        cls = f" {self.risk_class}类" if self.risk_class else ""
        return (
            f"{self.region} {self.get_insurance_type_display()}{cls} "
            f"{self.get_payer_display()} {self.rate:%} ({self.effective_from})"
        )


class BaseStandard(models.Model):
    """缴费基数标准 (社平工资) of a region for one contribution year, with the base rule.

    The floor, cap, rounding and the order of rounding and clamping travel with the year:
    R-BASE-03 says back-payments use each historical year's floor and cap.
    """

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        related_name="base_standards",
        verbose_name=_("参保所属机构"),
    )
    year = models.PositiveSmallIntegerField(_("申报年度"))
    average_wage = models.DecimalField(_("缴费基数标准（月）"), max_digits=12, decimal_places=2)
    floor_ratio = models.DecimalField(
        _("保底比例"), max_digits=5, decimal_places=4, default=Decimal("0.6")
    )
    cap_ratio = models.DecimalField(
        _("封顶比例"), max_digits=5, decimal_places=4, default=Decimal("3")
    )
    rounding_unit = models.DecimalField(
        _("基数取整单位（元）"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("10"),
        help_text=_("四舍五入到十元填 10"),
    )
    clamp_order = models.CharField(
        _("取整与保底封顶顺序"),
        max_length=20,
        choices=ClampOrder.choices,
        default=ClampOrder.ROUND_THEN_CLAMP,
    )
    round_limits = models.BooleanField(_("保底数、封顶数本身取整"), default=True)
    source = _source_field()

    class Meta:
        ordering = ["region", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="base_standard_once"),
            models.CheckConstraint(
                condition=Q(average_wage__gt=0)
                & Q(floor_ratio__gt=0)
                & Q(cap_ratio__gte=models.F("floor_ratio"))
                & Q(rounding_unit__gt=0),
                name="base_standard_sane",
            ),
        ]
        verbose_name = _("缴费基数标准")
        verbose_name_plural = _("缴费基数标准")

    def __str__(self) -> str:
        return f"{self.region} {self.year}年度 {self.average_wage}"


class ContributionYearRule(models.Model):
    """The month a region's contribution year (申报年度) starts, from a year on.

    Hubei: 申报年度 2020 covers 202007-202106 (R-TIME-11), so July.
    """

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        related_name="contribution_year_rules",
        verbose_name=_("参保所属机构"),
    )
    from_year = models.PositiveSmallIntegerField(_("自申报年度"))
    start_month = models.PositiveSmallIntegerField(
        _("年度起始月份"), default=7, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    source = _source_field()

    class Meta:
        ordering = ["region", "-from_year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "from_year"], name="contribution_year_once"),
            models.CheckConstraint(
                condition=Q(start_month__gte=1) & Q(start_month__lte=12),
                name="contribution_year_month",
            ),
        ]
        verbose_name = _("缴费年度")
        verbose_name_plural = _("缴费年度")

    def __str__(self) -> str:
        return f"{self.region} {self.from_year}起 {self.start_month}月"


class LateFeeRate(models.Model):
    """滞纳金: a daily rate on arrears (Social Insurance Law art. 86: 万分之五 a day)."""

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        related_name="late_fee_rates",
        verbose_name=_("参保所属机构"),
    )
    daily_rate = models.DecimalField(_("日滞纳金比例"), max_digits=8, decimal_places=6)
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    source = _source_field()

    class Meta:
        ordering = ["region", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["region", "effective_from"], name="late_fee_once")
        ]
        verbose_name = _("滞纳金比例")
        verbose_name_plural = _("滞纳金比例")

    def __str__(self) -> str:
        return f"{self.region} {self.daily_rate} ({self.effective_from})"


class CertificateValidity(models.Model):
    """How long a printed 参保证明 (§3.3.47) can be verified online from its 开具日期.

    The manual gives no period; the seeded value is an example, said so in ``source``.
    """

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        related_name="certificate_validities",
        verbose_name=_("参保所属机构"),
    )
    days = models.PositiveSmallIntegerField(_("核验有效天数"))
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    source = _source_field()

    class Meta:
        ordering = ["region", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "effective_from"], name="certificate_validity_once"
            )
        ]
        verbose_name = _("参保证明核验有效期")
        verbose_name_plural = _("参保证明核验有效期")

    def __str__(self) -> str:
        return f"{self.region} {self.days} ({self.effective_from})"


class AccountInterestRate(models.Model):
    """记账利率 of individual pension accounts for one calendar year."""

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        related_name="account_interest_rates",
        verbose_name=_("参保所属机构"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    rate = models.DecimalField(_("记账利率"), max_digits=8, decimal_places=6)
    source = _source_field()

    class Meta:
        ordering = ["region", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="account_interest_once")
        ]
        verbose_name = _("个人账户记账利率")
        verbose_name_plural = _("个人账户记账利率")

    def __str__(self) -> str:
        return f"{self.region} {self.year} {self.rate}"


class UnitRiskClass(models.Model):
    """A unit's industry risk class for work injury (行业风险类别), set by the agency."""

    unit = models.ForeignKey(
        "registry.Unit",
        on_delete=models.CASCADE,
        related_name="risk_classes",
        verbose_name=_("参保单位"),
    )
    risk_class = models.PositiveSmallIntegerField(
        _("行业风险类别"), validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    effective_from = models.DateField(_("生效日期"))
    source = _source_field()

    class Meta:
        ordering = ["unit", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "effective_from"], name="unit_risk_class_once")
        ]
        verbose_name = _("单位工伤风险类别")
        verbose_name_plural = _("单位工伤风险类别")

    def __str__(self) -> str:
        return f"{self.unit} {self.risk_class}类 ({self.effective_from})"


class ProjectPremiumRate(models.Model):
    """项目工伤保险费 of a construction or mining project (§3.3.24, §3.3.25), from a date.

    The manual gives no formula (R-INS-04). Construction projects pay ``rate`` times the
    project cost (项目总价/工程安装费 in yuan), the usual 按工程造价一定比例 scheme; mining
    projects pay ``rate`` yuan per unit of 产能数量. Each region sets its own values.
    """

    class Kind(models.TextChoices):
        CONSTRUCTION = "construction", _("建筑工程项目：占项目总价/工程安装费的比例")
        MINING = "mining", _("矿山项目：每单位产能数量的金额（元）")

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        related_name="project_premium_rates",
        verbose_name=_("参保所属机构"),
    )
    project_kind = models.CharField(_("项目类别"), max_length=12, choices=Kind.choices)
    rate = models.DecimalField(
        _("费率或单价"),
        max_digits=12,
        decimal_places=6,
        help_text=_("建筑工程项目填比例，例如 0.001 表示千分之一；矿山项目填每单位产能的元数"),
    )
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    source = _source_field()

    class Meta:
        ordering = ["region", "project_kind", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "project_kind", "effective_from"], name="project_premium_once"
            ),
            models.CheckConstraint(condition=Q(rate__gt=0), name="project_premium_positive"),
        ]
        verbose_name = _("项目工伤保险费率")
        verbose_name_plural = _("项目工伤保险费率")

    def __str__(self) -> str:
        return (
            f"{self.region} {self.get_project_kind_display()} {self.rate} ({self.effective_from})"
        )


# The retirement law's tables live in their own module (issue #13 §2); imported here so
# Django registers them with this app.
# The pension award's parameters live in their own module (the file stays short).
from .pension_models import PayoutMonths as PayoutMonths  # noqa: E402
from .pension_models import TransitionCoefficient as TransitionCoefficient  # noqa: E402
from .retirement_models import EarlyRetirementParameter as EarlyRetirementParameter  # noqa: E402
from .retirement_models import MinimumContributionRule as MinimumContributionRule  # noqa: E402
from .retirement_models import RetirementAgeRule as RetirementAgeRule  # noqa: E402

# The unemployment benefit's parameters (issue #16 §1).
from .unemployment_models import UnemploymentBenefitStandard as UnemploymentBenefitStandard  # noqa: E402
from .unemployment_models import UnemploymentEntitlementRule as UnemploymentEntitlementRule  # noqa: E402
