"""Bills (征集通知单 / 应缴认定单) and refund documents (退费单据): issue, revoke, cancel, expire.

A document is issued from declared data that has no document yet (R-REF-06, 待征集信息),
one 征集类型 at a time:

========== ========================= ======= ==========================================
征集类型    source                    收支类型 lines
========== ========================= ======= ==========================================
正常应缴    ``MonthlyDeclaration``     应缴     one per declaration (period, type)
补缴        ``Arrears``                应缴     one per record and type, its period span
差额补缴    ``BaseAdjustment`` (> 0)   应缴     one per period and type (补差 of §3.3.21)
差额退费    ``BaseAdjustment`` (< 0)   退费     one per period and type (退差 of §3.3.21)
多缴退费    ``Refund``                 退费     one per refund and type (§3.3.35)
========== ========================= ======= ==========================================

Amounts on a document are never negative: ``kind`` says the direction. A 退费 document
(退差 amounts turned positive) names the receiving account it is paid out to (R-REF-01)
and never takes an arrival. Issuing moves the sources to ``billed`` — which is what stops
the cancellation of a declaration (R-REF-03) or the rollback of its case — and revoking the
document gives them back (R-REF-04). A unit-wide back-payment's interest and late fees are
worked out when its bill is issued (R-BP-09) and again by the next bill after a revocation.
Project premium bills (§3.3.24 / §3.3.25) are cancelled only while valid, unpaid and not
invoiced by the tax authority (R-REF-05). Every change writes a bill audit event in the
caller's transaction. The sources are locked (``select_for_update``) and re-checked, so two
cases never bill the same row; callers lock the bill they change.

The package: ``common`` (validity, messages, the audit event), ``reads`` (documents and
待征集信息), ``core`` (the one issue path and the project premium bill), ``kinds`` (the
征集类型 of §3.3.26 over that core) and ``void`` (revoke, cancel, expire).
"""

from .common import (
    ACCOUNTS_DIFFER,
    BILL_VALIDITY_DAYS,
    CODE_PREFIX,
    DECLARATIONS_CHANGED,
    DOCUMENT_NO_COUNTER,
    ISSUED_BY_3_3_26,
    NO_RECEIVING_ACCOUNT,
    NOT_A_PROJECT_BILL,
    NOT_CANCELLABLE,
    NOT_ISSUED_HERE,
    NOT_REVOCABLE,
    NOTHING_TO_BILL,
    PAID_OUT,
    PARTLY_PAID,
    TAX_INVOICED,
    ZERO,
    bill_event,
)
from .core import (
    bill_issue_for_project,
)
from .kinds import (
    bill_issue,
    bill_issue_for_adjustments,
    bill_issue_for_arrears,
    bill_issue_for_declarations,
    bill_issue_for_refunds,
    pending_items,
)
from .reads import (
    PendingItem,
    bill_get,
    bill_list,
    bill_period,
    bill_subject,
    item_codes,
    ledger_name,
    outstanding_total,
    pending_declarations,
)
from .void import (
    bill_cancel,
    bill_expire_overdue,
    bill_revoke,
    cancel_refusal,
    revoke_refusal,
)

__all__ = [
    "ACCOUNTS_DIFFER",
    "BILL_VALIDITY_DAYS",
    "CODE_PREFIX",
    "DECLARATIONS_CHANGED",
    "DOCUMENT_NO_COUNTER",
    "ISSUED_BY_3_3_26",
    "NOTHING_TO_BILL",
    "NOT_A_PROJECT_BILL",
    "NOT_CANCELLABLE",
    "NOT_ISSUED_HERE",
    "NOT_REVOCABLE",
    "NO_RECEIVING_ACCOUNT",
    "PAID_OUT",
    "PARTLY_PAID",
    "PendingItem",
    "TAX_INVOICED",
    "ZERO",
    "bill_cancel",
    "bill_event",
    "bill_expire_overdue",
    "bill_get",
    "bill_issue",
    "bill_issue_for_adjustments",
    "bill_issue_for_arrears",
    "bill_issue_for_declarations",
    "bill_issue_for_project",
    "bill_issue_for_refunds",
    "bill_list",
    "bill_period",
    "bill_revoke",
    "bill_subject",
    "cancel_refusal",
    "item_codes",
    "ledger_name",
    "outstanding_total",
    "pending_declarations",
    "pending_items",
    "revoke_refusal",
]
