"""The retirement law as effective-dated parameters (issue #13 §2).

National, not regional: the statutory ages, the minimum contribution years and the early
retirement conditions are set by the State Council and the NPC Standing Committee, so
these tables carry no region. Each row says where it comes from (``source``); a row whose
figure is not certain says so there. ``shebao.policy.retirement`` reads them.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RetirementPost(models.TextChoices):
    """Whose statutory age: men, women in cadre posts, women workers (原法定退休年龄 60/55/50)."""

    MALE = "male", _("男职工")
    FEMALE_CADRE = "female_cadre", _("女干部")
    FEMALE_WORKER = "female_worker", _("女工人")


class PostType(models.TextChoices):
    """岗位类别 of an insured person: it decides a woman's statutory age; "" = not known yet."""

    UNKNOWN = "", _("未确定")
    CADRE = "cadre", _("管理岗位（干部）")
    WORKER = "worker", _("生产岗位（工人）")


class EarlyRetirementKind(models.TextChoices):
    """The early retirements the Hubei manual has services for (§3.3.59, §3.3.62, §3.3.63)."""

    UNDERGROUND_HIGH_TEMPERATURE = "underground_heat", _("特殊工种：井下、高温作业")
    HEIGHT_HEAVY_LABOUR = "height_heavy", _("特殊工种：高空、特别繁重体力劳动")
    OTHER_HARMFUL = "other_harmful", _("特殊工种：其他有害身体健康的工作")
    ILLNESS = "illness", _("因病或非因工致残完全丧失劳动能力")
    MILITARY_CADRE = "military_cadre", _("国有困难企业军转干部")


def _source() -> models.CharField:
    return models.CharField(
        _("依据"),
        max_length=300,
        help_text=_("文件名称和文号；不确定的数值须在此注明"),
    )


class RetirementAgeRule(models.Model):
    """法定退休年龄 of one post, from a date: the old age, then one ``increment_months``
    more for every ``step_birth_months`` of birth from ``first_birth_month`` on, up to
    ``target_age_months``. Someone born before the first cohort keeps the old age.

    The 2024 law is three rows (男 60->63 每4个月延迟1个月 from 1965-01; 女干部 55->58 from
    1970-01; 女工人 50->55 每2个月 from 1975-01). A rule governs the people whose
    retirement month falls on or after ``effective_from``; a later law is a new row.
    """

    post = models.CharField(_("人员类别"), max_length=16, choices=RetirementPost.choices)
    effective_from = models.DateField(_("生效日期"))
    old_age_months = models.PositiveSmallIntegerField(_("原法定退休年龄（月）"))
    first_birth_month = models.DateField(
        _("首个延迟出生年月"), null=True, blank=True, help_text=_("每月1日，例如 1965-01-01")
    )
    step_birth_months = models.PositiveSmallIntegerField(
        _("出生月数步长"), default=4, help_text=_("每出生几个月延迟一次")
    )
    increment_months = models.PositiveSmallIntegerField(_("每次延迟月数"), default=1)
    target_age_months = models.PositiveSmallIntegerField(_("延迟后法定退休年龄（月）"))
    flexible_earlier_months = models.PositiveSmallIntegerField(
        _("弹性提前最长月数"), default=0, help_text=_("不得早于原法定退休年龄")
    )
    flexible_later_months = models.PositiveSmallIntegerField(
        _("弹性延迟最长月数"), default=0, help_text=_("须经单位与职工协商一致")
    )
    source = _source()

    class Meta:
        ordering = ["post", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["post", "effective_from"], name="retirement_age_once"),
            models.CheckConstraint(
                condition=Q(target_age_months__gte=models.F("old_age_months"))
                & Q(step_birth_months__gt=0),
                name="retirement_age_sane",
            ),
        ]
        verbose_name = _("法定退休年龄")
        verbose_name_plural = _("法定退休年龄")

    def __str__(self) -> str:
        return f"{self.get_post_display()} {self.effective_from}"


class MinimumContributionRule(models.Model):
    """最低缴费年限 for a monthly pension: ``base_months`` until ``from_year - 1``, then
    ``step_months`` more each calendar year of retirement from ``from_year`` up to
    ``cap_months`` (2024 law: 180 until 2029, 2030 -> 186 ... 2039 -> 240)."""

    effective_from = models.DateField(_("生效日期"), unique=True)
    base_months = models.PositiveSmallIntegerField(_("最低缴费月数"))
    from_year = models.PositiveSmallIntegerField(_("自退休年度起逐年提高"))
    step_months = models.PositiveSmallIntegerField(_("每年提高月数"))
    cap_months = models.PositiveSmallIntegerField(_("提高至月数"))
    source = _source()

    class Meta:
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cap_months__gte=models.F("base_months")), name="minimum_years_sane"
            )
        ]
        verbose_name = _("最低缴费年限")
        verbose_name_plural = _("最低缴费年限")

    def __str__(self) -> str:
        return f"{self.base_months}->{self.cap_months} ({self.effective_from})"


class EarlyRetirementParameter(models.Model):
    """The age and conditions of one kind of early retirement for one post, from a date."""

    kind = models.CharField(_("提前退休类别"), max_length=20, choices=EarlyRetirementKind.choices)
    post = models.CharField(_("人员类别"), max_length=16, choices=RetirementPost.choices)
    effective_from = models.DateField(_("生效日期"))
    age_months = models.PositiveSmallIntegerField(_("提前退休年龄（月）"))
    special_work_months = models.PositiveSmallIntegerField(
        _("特殊工种累计月数"), null=True, blank=True, help_text=_("仅特殊工种填写，例如 9 年填 108")
    )
    requires_capacity_assessment = models.BooleanField(
        _("须劳动能力鉴定为完全丧失劳动能力"), default=False
    )
    source = _source()

    class Meta:
        ordering = ["kind", "post", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "post", "effective_from"], name="early_retirement_once"
            )
        ]
        verbose_name = _("提前退休条件")
        verbose_name_plural = _("提前退休条件")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_post_display()} ({self.effective_from})"
