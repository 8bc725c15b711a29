"""The manual's modules (业务模块), which the home page groups the services under.

Hubei's manual (seed 003 §2) sorts its online services into ten modules, numbered as here;
``spec/services.yaml`` assigns each §3.3 service to one (the manual never states the mapping,
so it is inferred from the module descriptions and the order of §3.3). Services of the other
manuals get the modules after them: construction-project work injury (Chongqing 八) and the
online qualification and operator accounts (Chongqing 工作规程, Nanjing 二).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Module(models.TextChoices):
    """Declaration order is the order of the home page's headings."""

    REGISTRATION = "social_insurance_registration", _("社会保险登记")
    INFO_MAINTENANCE = "insurance_info_maintenance", _("社会保险参保信息维护")
    CONTRIBUTION = "contribution_declaration", _("社会保险缴费申报")
    PENSION_SERVICES = "pension_services", _("养老保险服务")
    PENSION_CLAIMS = "pension_benefit_claims", _("养老保险待遇申领")
    CONTRIBUTION_RECORDS = "contribution_record_query", _("社会保险参保缴费记录查询")
    TRANSFER = "relationship_transfer", _("社会保险关系转移接续")
    APPROVAL = "administrative_approval", _("行政审批")
    UNEMPLOYMENT = "unemployment_benefits", _("失业保险待遇")
    QUERY = "query_statistics", _("查询统计服务")
    CONSTRUCTION_WORK_INJURY = "construction_work_injury", _("建设项目工伤参保")
    ACCOUNT = "account", _("网上业务开通与经办人")
