"""数字证书申请表 (R-CERT-11, CQ-CERT 附件一) pre-filled from the order, as HTML and PDF.

The printed form is signed by hand and stamped, then scanned and uploaded as the first
material; so the signature and seal boxes stay empty, as do 办公电话 / 邮箱 / 邮寄地址, which the
operator writes in.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from shebao.core.language import official_language
from shebao.core.pdf import render_pdf
from shebao.policy.areas import Area

from .models import CertificateOrder, CertProject, OrderKind

TEMPLATE = "pki/application_form_pdf.html"
#: 操作类型 boxes in the form's order; 变更 is the online form's extra line.
OPERATION_TYPES = (
    (OrderKind.NEW, "证书申请"),
    (OrderKind.RENEW, "证书更新"),
    (OrderKind.REISSUE, "证书补办"),
    (OrderKind.UNLOCK, "PIN码解锁"),
)


@official_language
def application_form_html(order: CertificateOrder) -> str:
    project = order.project_title
    if order.project == CertProject.ONLINE:
        project = f"{project}-{order.region.name}"
    area = Area.of(order.region)
    return render_to_string(
        TEMPLATE,
        {
            "order": order,
            "project": project,
            "area": area.short if area is not None else order.region.name,  # 区域：湖北
            "operations": [(label, order.kind == kind) for kind, label in OPERATION_TYPES],
            "is_change": order.kind == OrderKind.CHANGE,
            "printed_at": timezone.localtime(),
        },
    )


@official_language
def application_form_pdf(order: CertificateOrder) -> bytes:
    return render_pdf(application_form_html(order), base_url="http://shebao.invalid/")
