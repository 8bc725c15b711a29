"""Audit event types, one constant per thing that happens, grouped by domain.

After Zulip's ``RealmAuditLog``: one table, and the event type says what happened; the
domain prefix keeps the values unique (a case's ``approve`` is not an order's), and
``AuditEvent.action`` gives the old short name back for the pages that print it.
"""

from __future__ import annotations


class EventType:
    # Cases (办件): drafting, the roster, materials, submission and review, effects.
    CASE_CREATE = "case.create"
    CASE_ACCEPT = "case.accept"
    CASE_ROWS_REPLACE = "case.rows_replace"
    CASE_ROW_ADD = "case.row_add"
    CASE_ROW_UPDATE = "case.row_update"
    CASE_ROW_DELETE = "case.row_delete"
    CASE_IMPORT = "case.import"
    CASE_IMPORT_RETRY = "case.import_retry"
    CASE_IMPORT_ABANDON = "case.import_abandon"
    CASE_MATERIAL_UPLOAD = "case.material_upload"
    CASE_MATERIAL_DELETE = "case.material_delete"
    CASE_SUBMIT = "case.submit"
    CASE_WITHDRAW = "case.withdraw"
    CASE_APPROVE = "case.approve"
    CASE_REJECT = "case.reject"
    CASE_ROLLBACK = "case.rollback"
    CASE_SEAL = "case.seal"
    CASE_RESUBMIT = "case.resubmit"
    CASE_DISCARD = "case.discard"
    CASE_INTEREST_RECOMPUTE = "case.interest_recompute"
    CASE_INTEREST_DIFFERENCE = "case.interest_difference"

    # Bills (核定单) and their payments.
    BILL_ISSUE = "bill.issue"
    BILL_REVOKE = "bill.revoke"
    BILL_CANCEL = "bill.cancel"
    BILL_EXPIRE = "bill.expire"
    BILL_ARRIVAL = "bill.arrival"
    BILL_TAX_INVOICE = "bill.tax_invoice"
    BILL_PAYOUT = "bill.payout"
    BILL_PAYOUT_CANCEL = "bill.payout_cancel"

    # Pensions (养老保险待遇): retirees, their awards, the individual accounts.
    PENSION_RETIREE_REGISTER = "pension.retiree_register"
    PENSION_AWARD_COMPUTE = "pension.award_compute"
    PENSION_AWARD_RECALCULATE = "pension.award_recalculate"
    PENSION_ACCOUNT_REBUILD = "pension.account_rebuild"

    # 参保证明 (§3.3.47): issued by its AUTO case, sealed once at the first print.
    PARTICIPATION_CERTIFICATE_ISSUE = "participation_certificate.issue"
    PARTICIPATION_CERTIFICATE_SEAL = "participation_certificate.seal"
    # Unemployment (失业保险待遇): registrations, benefits granted and stopped.
    UNEMPLOYMENT_REGISTER = "unemployment.register"
    UNEMPLOYMENT_BENEFIT_GRANT = "unemployment.benefit_grant"
    UNEMPLOYMENT_BENEFIT_STOP = "unemployment.benefit_stop"

    # Certificate orders (数字证书申领).
    ORDER_START = "order.start"
    ORDER_INFO = "order.info"
    ORDER_AGREE = "order.agree"
    ORDER_MATERIAL_UPLOAD = "order.material_upload"
    ORDER_SUBMIT = "order.submit"
    ORDER_RENEW_PROVEN = "order.renew_proven"
    ORDER_APPROVE = "order.approve"
    ORDER_REJECT = "order.reject"
    ORDER_ISSUE = "order.issue"

    # The certificate authority and unit certificates.
    PKI_CA_CREATE = "pki.ca_create"
    PKI_CA_ROTATE = "pki.ca_rotate"
    PKI_ISSUE = "pki.issue"
    PKI_RENEW = "pki.renew"
    PKI_REVOKE = "pki.revoke"
    PKI_CRL = "pki.crl"
    PKI_LOGIN = "pki.login"
    PKI_LOGIN_REFUSED = "pki.login_refused"
    PKI_PIN_CHANGE = "pki.pin_change"
    PKI_SEAL_ISSUE = "pki.seal_issue"

    # Access: who may act online, and reads of personal data (PIPL).
    ACCESS_REGISTER = "access.register"
    ACCESS_OPERATOR_JOIN = "access.operator_join"
    ACCESS_GRANT = "access.grant"
    ACCESS_REVOKE = "access.revoke"
    ACCESS_API_LOGIN = "access.api_login"
    ACCESS_EXPORT = "access.export"
    ACCESS_PERSON_PICK = "access.person_pick"
    ACCESS_PDF = "access.pdf_download"
    ACCESS_REVEAL = "access.reveal"
    ACCESS_PURGE = "access.purge"
    ACCESS_BULK_LOOKUP = "access.bulk_lookup"

    # The registry's own facts about a person (issue #13 §6).
    PERSON_POST_TYPE_SET = "person.post_type_set"

    @classmethod
    def all(cls) -> frozenset[str]:
        return frozenset(
            value for name, value in vars(cls).items() if name.isupper() and isinstance(value, str)
        )
