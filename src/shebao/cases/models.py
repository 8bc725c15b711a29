"""Cases (办件): one declaration of one service by one unit, from draft to decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shebao.core.fields import EncryptedCharField, EncryptedJSONField
from shebao.policy.models import Region
from shebao.registry.models import Unit


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    UNDER_REVIEW = "under_review", _("待审核")
    COMPLETED = "completed", _("已办结")
    APPROVED = "approved", _("审核通过")
    REJECTED = "rejected", _("审核不通过")
    WITHDRAWN = "withdrawn", _("已撤销")
    ROLLED_BACK = "rolled_back", _("已回退")
    #: a draft the unit threw away (``cases.drafts``): kept, emptied, for its audit trail
    DISCARDED = "discarded", _("已删除")


OPEN_STATUSES = (CaseStatus.UNDER_REVIEW,)
DECIDED_STATUSES = (CaseStatus.COMPLETED, CaseStatus.APPROVED, CaseStatus.REJECTED)
IN_EFFECT_STATUSES = (CaseStatus.COMPLETED, CaseStatus.APPROVED)  # what a rollback may undo


class Case(models.Model):
    serial_no = models.CharField(_("业务流水号"), max_length=15, unique=True, null=True, blank=True)
    service_code = models.CharField(_("业务"), max_length=80, db_index=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="cases", verbose_name=_("单位")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="cases", verbose_name=_("参保所属机构")
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("经办人"),
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.DRAFT
    )
    step = models.PositiveSmallIntegerField(_("向导步骤"), default=1)
    mode = models.CharField(_("操作模式"), max_length=10, default="single")
    declarant = models.CharField(_("申报人"), max_length=50, blank=True)
    declarant_mobile = EncryptedCharField(_("手机号码"), max_length=11, blank=True)
    remarks = models.CharField(_("备注"), max_length=500, blank=True)
    agreement_accepted = models.BooleanField(_("已阅读并接受协议"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    received_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    due_date = models.DateField(_("办理时限"), null=True, blank=True)
    statistical_period = models.CharField(_("统计期"), max_length=6, blank=True)
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    rejection_reason = models.CharField(_("不通过原因"), max_length=500, blank=True)
    #: the row numbers the rejection is about, ticked by the reviewer; the unit sees them on
    #: the case page and in its resubmission, which keeps the row numbers
    rejection_rows = models.JSONField(_("不通过涉及行号"), default=list, blank=True)
    rollback_reason = models.CharField(_("回退原因"), max_length=500, blank=True)
    effect = models.JSONField(_("办理结果"), default=dict, blank=True)
    #: the rejected case this draft re-declares (修改后重新申报, ``cases.drafts``)
    resubmission_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resubmissions",
        verbose_name=_("原办件"),
    )
    #: bumped by every change of the draft's rows (``cases.rows``): an upload validated
    #: against one revision stores nothing if the rows changed meanwhile (another tab)
    rows_revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["unit", "status", "-created_at"]),
            models.Index(fields=["region", "status", "due_date"]),
        ]
        verbose_name = _("办件")
        verbose_name_plural = _("办件")

    def __str__(self) -> str:
        return self.serial_no or f"draft#{self.pk}"


class CaseRow(models.Model):
    """One declared row (a person), as typed and as validated; both encrypted at rest (they
    hold ID numbers and mobiles), read back as dicts, never queried inside."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="rows")
    row_no = models.PositiveIntegerField(_("行号"))
    raw = EncryptedJSONField(_("原始数据"), default=dict)
    cleaned = EncryptedJSONField(_("校验后数据"), null=True, blank=True)
    errors = models.JSONField(_("校验不通过原因"), default=list, blank=True)
    passed = models.BooleanField(_("校验通过"), default=False)

    class Meta:
        ordering = ["row_no"]
        constraints = [models.UniqueConstraint(fields=["case", "row_no"], name="case_row_once")]
        indexes = [models.Index(fields=["case", "passed", "row_no"])]


def material_path(instance: CaseMaterial, filename: str) -> str:
    return f"materials/{instance.case_id}/{instance.sha256[:16]}{instance.extension}"


class CaseMaterial(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="materials")
    material = models.CharField(_("材料名称"), max_length=100)
    file = models.FileField(upload_to=material_path)
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
        ordering = ["material", "uploaded_at"]


class RowImport(models.Model):
    """A roster upload moving create -> validating -> done/failed, with progress for the bar."""

    class Merge(models.TextChoices):
        """What an upload does to rows the draft already has; the user chooses (issue #12 §1)."""

        REPLACE = "replace", _("替换")
        APPEND = "append", _("追加")

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("校验中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")
        #: its worker stopped reporting (``cases.import_lease``): the user retries or abandons it
        STALLED = "stalled", _("已中断")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="imports")
    file = models.FileField(upload_to="imports/")
    original_name = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    passed = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    #: the lease of the worker running it: claimed with a new ``attempt``, renewed every chunk;
    #: a worker whose attempt is no longer current stores nothing
    attempt = models.PositiveIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    merge = models.CharField(max_length=10, choices=Merge.choices, default=Merge.REPLACE)
    #: rows of the file that updated a person already in the draft (追加)
    updated = models.PositiveIntegerField(default=0)
    #: the case's ``rows_revision`` when the user uploaded: the rows they chose to keep or replace
    basis_revision = models.PositiveIntegerField(default=0)

    @property
    def percent(self) -> int:
        return (
            int(self.processed * 100 / self.total)
            if self.total
            else (100 if self.status == self.Status.DONE else 0)
        )
