"""Code tables of the pensions app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RetirementCategory(models.TextChoices):
    """离退休类别: which approval made the person a retiree (issue #13 §1)."""

    NORMAL = "normal", _("正常退休")
    SPECIAL_JOB = "special_job", _("特殊工种提前退休")
    ILLNESS = "illness", _("因病或非因工完全丧失劳动能力提前退休")
    MILITARY_CADRE = "military_cadre", _("国有困难企业军转干部提前退休")


class RetireeStatus(models.TextChoices):
    """离退休人员状态; 正常 on approval, the payment issue (#14) suspends and ends it."""

    NORMAL = "normal", _("正常")
    SUSPENDED = "suspended", _("暂停")
    ENDED = "ended", _("终止")
