"""Certificate orders (订单) of the self-service platform, their materials and audit trail.

An order moves 待提交 -> 待审核 -> 审核通过 | 审核不通过, and 审核通过 -> 已发证 when the applicant
downloads the certificate: the key pair is made at that moment and leaves inside a PKCS#12
locked with the PIN the applicant types, so the platform never holds a unit's private key.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shebao.core.fields import EncryptedCharField
from shebao.pki.models import UnitCertificate
from shebao.policy.areas import CHONGQING_ONLY, EVERY_AREA, Area
from shebao.policy.models import Region
from shebao.registry.models import Unit


class CaStaff(models.Model):
    """Staff of the certificate authority (CA 工作人员): review certificate orders of all units."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ca_staff"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("认证机构工作人员")
        verbose_name_plural = _("认证机构工作人员")

    def __str__(self) -> str:
        return str(self.user)


class OrderKind(models.TextChoices):
    NEW = "new", _("证书新办")
    RENEW = "renew", _("证书更新续期")
    CHANGE = "change", _("证书变更")
    REISSUE = "reissue", _("证书补办")
    UNLOCK = "unlock", _("PIN码解锁")


class CertProject(models.TextChoices):
    """证书应用项目 (R-CERT-12): the unit's own 社保号, or a construction project's 项目社保号.

    The label is the project's kind; its name on screens and on the printed form is the area's
    (重庆市网上社保项目 for a Chongqing unit, 湖北省网上社保项目 for a Hubei one: ``title_in``),
    and each project declares the areas that offer it (issue #12 §7).
    """

    ONLINE = "online", _("网上社保项目")
    CONSTRUCTION = "construction", _("建设项目工伤参保")

    @property
    def areas(self) -> frozenset[Area]:
        return PROJECT_AREAS[self]

    def offered_in(self, region: Region) -> bool:
        return Area.of(region) in self.areas

    def title_in(self, region: Region) -> str:
        """The project's name for a unit of ``region``: the area's name, then the kind."""
        area = Area.of(region)
        if area is None:
            return str(self.label)
        return _("%(area)s%(project)s") % {"area": area.label, "project": self.label}


#: The areas whose units may order a certificate for each project: the unit's own 社保号
#: (网上社保) wherever the platform serves; a construction project's 项目社保号 only where
#: construction projects are insured on their own, Chongqing (CQ-WI 四, R-CERT-12).
PROJECT_AREAS = {
    CertProject.ONLINE: EVERY_AREA,
    CertProject.CONSTRUCTION: CHONGQING_ONLY,
}


def projects_offered(region: Region) -> list[CertProject]:
    return [p for p in CertProject if p.offered_in(region)]


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("待提交")
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("审核通过")
    REJECTED = "rejected", _("审核不通过")
    ISSUED = "issued", _("已发证")


OPEN_STATUSES = (OrderStatus.DRAFT, OrderStatus.SUBMITTED, OrderStatus.APPROVED)


class CertificateOrder(models.Model):
    order_no = models.CharField(_("订单号"), max_length=20, unique=True)
    kind = models.CharField(_("办理事项"), max_length=10, choices=OrderKind.choices)
    project = models.CharField(_("项目名称"), max_length=15, choices=CertProject.choices)
    social_security_no = models.CharField(_("社保号"), max_length=12)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("参保区域")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="certificate_orders", verbose_name=_("单位")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # 录入信息
    unit_name = models.CharField(_("单位名称"), max_length=100, blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    legal_person_name = models.CharField(_("法人姓名"), max_length=50, blank=True)
    legal_person_id_number = EncryptedCharField(_("法人身份证号码"), max_length=18, blank=True)
    operator_name = models.CharField(_("经办人"), max_length=50, blank=True)
    operator_id_number = EncryptedCharField(_("经办人身份证号码"), max_length=18, blank=True)
    operator_mobile = EncryptedCharField(_("手机号码"), max_length=11, blank=True)
    #: 已阅读并遵守《数字证书服务协议》, ticked on the 打印申请表 step.
    agreed_at = models.DateTimeField(_("同意服务协议时间"), null=True, blank=True)
    #: The certificate renewed, changed, replaced or unlocked (None for 新办).
    previous = models.ForeignKey(
        UnitCertificate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("原证书"),
    )
    possession_proven_at = models.DateTimeField(_("持有证书验证时间"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    due_date = models.DateField(_("办理时限"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reason = models.CharField(_("审核意见"), max_length=500, blank=True)
    certificate = models.OneToOneField(
        UnitCertificate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="order",
        verbose_name=_("签发证书"),
    )
    issued_at = models.DateTimeField(_("发证时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "-created_at"]),
            models.Index(fields=["status", "due_date"]),
        ]
        verbose_name = _("证书订单")
        verbose_name_plural = _("证书订单")

    def __str__(self) -> str:
        return f"{self.order_no} {self.get_kind_display()}"

    @property
    def project_title(self) -> str:
        """项目名称 as the unit's area names it (重庆市网上社保项目, 湖北省网上社保项目)."""
        return CertProject(self.project).title_in(self.region)


def order_material_path(instance: OrderMaterial, filename: str) -> str:
    return f"pki/orders/{instance.order_id}/{instance.sha256[:16]}{instance.extension}"


class OrderMaterial(models.Model):
    order = models.ForeignKey(CertificateOrder, on_delete=models.CASCADE, related_name="materials")
    material = models.CharField(_("材料"), max_length=30)
    file = models.FileField(upload_to=order_material_path)
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=50)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "material", "-uploaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["order", "material"], name="one_file_per_material")
        ]

    @property
    def label(self) -> str:
        from .materials import material_name

        return material_name(self.material)
