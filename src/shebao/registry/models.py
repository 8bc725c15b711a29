"""The system of record: units, persons and who is insured where."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import EnrolmentStatus, Gender, InsuranceType, UnitInsuranceStatus


class Region(models.Model):
    """参保所属机构: the agency a unit is insured with; reviewers are scoped to one."""

    code = models.CharField(_("机构编码"), max_length=12, unique=True)
    name = models.CharField(_("参保所属机构"), max_length=50)
    is_provincial_level = models.BooleanField(_("省本级"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("参保所属机构")
        verbose_name_plural = _("参保所属机构")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    unit_no = models.CharField(_("单位编号"), max_length=12, unique=True)
    name = models.CharField(_("单位名称"), max_length=100)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="units", verbose_name=_("参保所属机构")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit_no"]
        verbose_name = _("参保单位")
        verbose_name_plural = _("参保单位")

    def __str__(self) -> str:
        return f"{self.unit_no} {self.name}"


class UnitInsurance(models.Model):
    """The unit's participation in one insurance type (单位险种)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="insurances")
    insurance_type = models.CharField(_("险种类型"), max_length=3, choices=InsuranceType.choices)
    start_date = models.DateField(_("单位参保日期"))
    pooling_date = models.DateField(_("单位统账结合日期"), null=True, blank=True)
    status = models.CharField(
        _("单位参保状态"),
        max_length=10,
        choices=UnitInsuranceStatus.choices,
        default=UnitInsuranceStatus.ACTIVE,
    )
    status_date = models.DateField(_("变更日期"), null=True, blank=True)
    change_reason = models.CharField(_("变更原因"), max_length=100, blank=True)
    changed_by = models.CharField(_("变更业务流水号"), max_length=15, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "insurance_type"], name="unit_insurance_once")
        ]
        verbose_name = _("单位险种")
        verbose_name_plural = _("单位险种")

    def __str__(self) -> str:
        return f"{self.unit.unit_no} {self.get_insurance_type_display()}"


class Person(models.Model):
    person_no = models.CharField(_("个人编号"), max_length=12, unique=True)
    id_number = models.CharField(_("证件号码"), max_length=18, unique=True)
    id_type = models.CharField(_("证件类型"), max_length=20, default="居民身份证(户口簿)")
    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"))
    ethnicity = models.CharField(_("民族"), max_length=10, blank=True)
    mobile = models.CharField(_("手机号码"), max_length=11, blank=True)
    first_insured_date = models.DateField(_("首次参保日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["person_no"]
        verbose_name = _("人员")
        verbose_name_plural = _("人员")

    def __str__(self) -> str:
        return f"{self.person_no} {self.name}"


class Enrolment(models.Model):
    """A person insured by a unit in one insurance type for a span of periods."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="enrolments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="enrolments")
    insurance_type = models.CharField(_("险种类型"), max_length=3, choices=InsuranceType.choices)
    status = models.CharField(
        _("参保状态"),
        max_length=10,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.ACTIVE,
    )
    start_period = models.CharField(_("本次参保开始年月"), max_length=6)
    end_period = models.CharField(_("停保年月"), max_length=6, blank=True)
    start_date = models.DateField(_("本次申报参工时间"))
    end_date = models.DateField(_("停保时间"), null=True, blank=True)
    monthly_wage = models.DecimalField(
        _("月缴费工资"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    suspension_reason = models.CharField(_("停保原因"), max_length=30, blank=True)
    opened_by = models.CharField(_("参保业务流水号"), max_length=15, blank=True)
    closed_by = models.CharField(_("停保业务流水号"), max_length=15, blank=True)

    class Meta:
        ordering = ["person_id", "insurance_type", "start_period"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "insurance_type"],
                condition=Q(status=EnrolmentStatus.ACTIVE),
                name="one_active_enrolment_per_type",
            )
        ]
        indexes = [models.Index(fields=["unit", "status", "insurance_type"])]
        verbose_name = _("人员参保")
        verbose_name_plural = _("人员参保")

    def __str__(self) -> str:
        return f"{self.person_id} {self.insurance_type} {self.status}"
