"""The system of record: units, persons and who is insured where."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shebao.core.crypto import person_hash
from shebao.core.fields import EncryptedCharField, IdNumberHashField
from shebao.core.id_documents import IdType
from shebao.policy.models import Region
from shebao.policy.retirement_models import PostType

from .choices import (
    CONSTRUCTION_INDUSTRY_CATEGORIES,
    MINING_PROJECT_TYPES,
    EnrolmentStatus,
    Gender,
    InsuranceType,
    ProjectKind,
    ProjectStatus,
    ProjectWorkerStatus,
    UnitInsuranceStatus,
)


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


class PersonQuerySet(models.QuerySet["Person"]):
    def by_id_numbers(self, id_numbers: Iterable[str]) -> PersonQuerySet:
        """The persons with these ID numbers (as typed: blanks and a lower-case x are fine)."""
        return self.filter(id_number_hash__in=[person_hash(i) for i in id_numbers])

    def by_id_number(self, id_number: str) -> PersonQuerySet:
        return self.filter(id_number_hash=person_hash(id_number))


class Person(models.Model):
    """证件号码 is encrypted at rest; ``id_number_hash`` (keyed HMAC) carries uniqueness and
    look-ups: ``Person.objects.by_id_numbers([...])``."""

    person_no = models.CharField(_("个人编号"), max_length=12, unique=True)
    id_number = EncryptedCharField(_("证件号码"), max_length=18)
    id_number_hash = IdNumberHashField(_("证件号码摘要"), source="id_number", unique=True)
    id_type = models.CharField(
        _("证件类型"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"))
    ethnicity = models.CharField(_("民族"), max_length=10, blank=True)
    mobile = EncryptedCharField(_("手机号码"), max_length=11, blank=True)
    first_insured_date = models.DateField(_("首次参保日期"), null=True, blank=True)
    #: Decides a woman's statutory retirement age (女干部 55 / 女工人 50 before the 2024 law);
    #: unknown until the unit or the agency says (``person_post_type_set``).
    post_type = models.CharField(
        _("岗位类别"), max_length=8, choices=PostType.choices, default=PostType.UNKNOWN, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

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


class Project(models.Model):
    """A construction or mining project of a unit, insured for work injury per project.

    One table for both kinds: they share the manager, dates, status and bank; the
    construction-only (contract, price, 行业类别) and mining-only (类型, 产能) fields are blank
    for the other kind.
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="projects")
    project_no = models.CharField(_("项目编号"), max_length=8, unique=True)
    kind = models.CharField(_("项目类别"), max_length=12, choices=ProjectKind.choices)
    name = models.CharField(_("项目名称"), max_length=100)
    status = models.CharField(
        _("项目状态"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE
    )
    start_date = models.DateField(_("项目开始日期"))
    end_date = models.DateField(_("项目结束日期"))
    address = models.CharField(_("项目地址"), max_length=200, blank=True)
    expected_headcount = models.PositiveIntegerField(_("预计用工人数"), null=True, blank=True)
    manager_name = models.CharField(_("负责人姓名"), max_length=50)
    manager_id_type = models.CharField(_("负责人证件类型"), max_length=20)
    manager_id_number = EncryptedCharField(_("负责人证件号码"), max_length=30)
    manager_phone = EncryptedCharField(_("负责人联系电话"), max_length=20)
    # construction (§3.3.1 / §3.3.13)
    is_decoration_or_landscaping = models.BooleanField(
        _("装饰装修工程或园林绿化项目"), default=False
    )
    contract_no = models.CharField(_("合同编号"), max_length=50, blank=True)
    contract_start_date = models.DateField(_("合同开始时间"), null=True, blank=True)
    contract_end_date = models.DateField(_("合同结束时间"), null=True, blank=True)
    total_price_10k_cny = models.DecimalField(
        _("项目总价/工程安装费(万元)"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    industry_category = models.CharField(
        _("行业类别"),
        max_length=10,
        blank=True,
        choices=[(c, c) for c in CONSTRUCTION_INDUSTRY_CATEGORIES],
    )
    # mining (§3.3.2 / §3.3.14 / §3.3.25)
    mining_type = models.CharField(
        _("矿山项目类型"), max_length=10, blank=True, choices=[(t, t) for t in MINING_PROJECT_TYPES]
    )
    capacity_quantity = models.DecimalField(
        _("产能数量"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # 支付银行信息
    payment_bank_type = models.CharField(_("支付银行类别"), max_length=50, blank=True)
    bank_branch_name = models.CharField(_("银行网点名称"), max_length=100, blank=True)
    bank_account_name = models.CharField(_("户名"), max_length=100, blank=True)
    bank_account_no = EncryptedCharField(_("银行账号"), max_length=40, blank=True)
    opened_by = models.CharField(_("登记业务流水号"), max_length=15, blank=True)
    changed_by = models.CharField(_("变更业务流水号"), max_length=15, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["project_no"]
        indexes = [models.Index(fields=["unit", "kind", "status"])]
        verbose_name = _("工程项目")
        verbose_name_plural = _("工程项目")

    def __str__(self) -> str:
        return f"{self.project_no} {self.name}"


class ProjectWorker(models.Model):
    """One line of a project's roster (参保名册): a person on the project for a period.

    A person may have several lines on one project, never overlapping; 减少 ends a line.
    """

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="workers")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="project_lines")
    line_no = models.CharField(_("项目个人编号"), max_length=12, unique=True)
    start_date = models.DateField(_("进入项目开始时间"))
    end_date = models.DateField(_("进入项目终止时间"), null=True, blank=True)
    mobile = EncryptedCharField(_("手机号码"), max_length=11, blank=True)
    hukou_type = models.CharField(_("户口性质"), max_length=20, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=ProjectWorkerStatus.choices,
        default=ProjectWorkerStatus.ACTIVE,
    )
    opened_by = models.CharField(_("备案业务流水号"), max_length=15, blank=True)
    changed_by = models.CharField(_("维护业务流水号"), max_length=15, blank=True)
    closed_by = models.CharField(_("减少业务流水号"), max_length=15, blank=True)

    class Meta:
        ordering = ["project_id", "start_date", "pk"]
        indexes = [models.Index(fields=["project", "person"])]
        verbose_name = _("项目参保人员")
        verbose_name_plural = _("项目参保人员")

    def __str__(self) -> str:
        return f"{self.project_id} {self.person_id} {self.start_date}"
