"""What all bill handling shares: the validity, the 待征集编号 prefixes, the messages and
the audit event every change writes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.utils.translation import gettext_noop

from shebao.audit.services import audit_record

from ..models import Bill, CollectionType

#: 单据有效期. The manual says bills expire (§3.3.27 已过有效期) but not when: an
#: assumption of 30 days after issue, until the region states its own.
BILL_VALIDITY_DAYS = 30
DOCUMENT_NO_COUNTER = "bill_document_no"
ZERO = Decimal("0.00")

#: The 征集类型 §3.3.26 issues (project premiums come from §3.3.24 / §3.3.25).
ISSUED_BY_3_3_26 = (
    CollectionType.NORMAL,
    CollectionType.BACK_PAYMENT,
    CollectionType.DIFFERENCE,
    CollectionType.DIFFERENCE_REFUND,
    CollectionType.OVERPAYMENT_REFUND,
)
#: 待征集编号 prefix of each 征集类型: D12 a declaration, A3 a back-payment, B7 / T7 the
#: 补差 / 退差 lines of wage change 7, R5 a refund.
CODE_PREFIX = {
    CollectionType.NORMAL: "D",
    CollectionType.BACK_PAYMENT: "A",
    CollectionType.DIFFERENCE: "B",
    CollectionType.DIFFERENCE_REFUND: "T",
    CollectionType.OVERPAYMENT_REFUND: "R",
}

NOTHING_TO_BILL = gettext_noop("没有待征集的已申报数据")
PAID_OUT = gettext_noop("退费单据 %(n)s 已于 %(d)s 退付至单位收款账户，不能撤销")
NOT_REVOCABLE = gettext_noop("单据 %(n)s 当前状态为“%(s)s”，只有未缴费的有效或已过期单据可以撤销")
PARTLY_PAID = gettext_noop("单据 %(n)s 已到账 %(a)s 元，不能撤销")
TAX_INVOICED = gettext_noop("单据 %(n)s 税务已开票，不能撤销")
NOT_CANCELLABLE = gettext_noop("单据 %(n)s 当前状态为“%(s)s”，只能取消有效的未缴费单据")
NOT_A_PROJECT_BILL = gettext_noop("单据 %(n)s 不是项目工伤保险费单据")
DECLARATIONS_CHANGED = gettext_noop("待征集数据刚被其他办件修改，本办件未生效，请刷新后重新办理")
NO_RECEIVING_ACCOUNT = gettext_noop(
    "本单位没有登记收款账户，退费须退至单位收款账户，请先到经办机构登记"
)
ACCOUNTS_DIFFER = gettext_noop("所选多缴退费的退款账户不同，请按待征集编号分别开具退费单据")
NOT_ISSUED_HERE = gettext_noop("征集类型“%(t)s”的单据不在此开具")


def bill_event(
    bill: Bill,
    *,
    event_type: str,
    before: str,
    actor: User | None,
    ip: str | None = None,
    **detail: Any,
) -> None:
    audit_record(
        event_type=event_type,
        bill=bill,
        acting_unit=bill.unit,
        from_status=before,
        to_status=bill.status,
        actor=actor,
        ip=ip,
        detail=detail,
    )


def cents(value: Any) -> Decimal:
    """An aggregate in yuan (SQLite sums come back with float noise)."""
    return Decimal(value or 0).quantize(Decimal("0.01"))
