"""Code lists the policy tables are keyed by; the registry uses them too, policy needs no registry."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InsuranceType(models.TextChoices):
    """险种类型, with the national codes (110 / 210 / 410)."""

    PENSION = "110", _("城镇职工基本养老保险")
    UNEMPLOYMENT = "210", _("失业保险")
    WORK_INJURY = "410", _("工伤保险")
