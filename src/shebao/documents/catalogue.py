"""Every document a case produced, for every channel: the one list the result page, the
case page, the queries' links and the API's ``documents`` read.

A submitted case always has its 申报表; a case whose effect issued bills
(``case.effect["bills"]``: §3.3.26 应缴认定单 and 退费单, the project premium
declarations) has those too, in the order they were issued. A §3.3.47 case has its
参保证明 (``effect["certificate"]``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.cases.models import Case, CaseStatus
from shebao.contributions.models import Bill, BillKind
from shebao.services.registry import registry

from .bill import PAYMENT_TITLE, REFUND_TITLE
from .certificate import TITLE as CERTIFICATE_TITLE
from .pension_sheet import SHEET_TITLE
from .unemployment_decision import DECISION_TITLE

REPORT_TITLE = gettext_noop("申报表")


class DocumentKind(StrEnum):
    REPORT = "report"  # 申报表 (the case's confirmation report)
    BILL = "bill"  # 社会保险费应缴认定单
    REFUND = "refund"  # 社会保险费退费单
    PENSION_SHEET = "pension_sheet"  # 基本养老金计算表 (§3.3.42), by the case's 业务流水号
    ACCOUNT_STATEMENT = "account_statement"  # 个人账户对账单, by 个人编号
    CERTIFICATE = "certificate"  # 参保证明 (§3.3.47), by its 查询流水号 (the case's)
    UNEMPLOYMENT_DECISION = "unemployment_decision"  # 失业保险金核定通知书 (§3.3.66)
    CASE = "case"  # not a document: a 业务流水号 links to its case page


@dataclass(frozen=True)
class CaseDocument:
    kind: str
    #: the 业务流水号 of a 申报表, the 征集通知单号 of a bill
    number: str
    title: str
    #: the unit's PDF (portal session)
    url: str
    status: str = ""


def document_url(kind: str, number: str) -> str:
    """Where the unit opens the document (or, for ``CASE``, the case) of that number."""
    if kind in (DocumentKind.BILL, DocumentKind.REFUND):
        return reverse("bill_pdf", args=[number])
    if kind == DocumentKind.CASE:
        return reverse("case_by_serial", args=[number])
    if kind == DocumentKind.PENSION_SHEET:
        return reverse("pension_sheet_by_serial", args=[number])
    if kind == DocumentKind.ACCOUNT_STATEMENT:
        return reverse("account_statement_pdf", args=[number])
    raise ValueError(f"no URL by number for {kind!r}")


def case_documents(case: Case) -> list[CaseDocument]:
    """The documents ``case`` produced, 申报表 first; none for a draft."""
    if not case.serial_no or case.status == CaseStatus.DRAFT:
        return []
    documents = [
        CaseDocument(
            kind=DocumentKind.REPORT,
            number=case.serial_no,
            title=_report_title(case),
            url=reverse("case_pdf", args=[case.pk]),
            status=str(case.get_status_display()),
        )
    ]
    numbers = [str(n) for n in (case.effect or {}).get("bills") or []]
    if numbers:
        bills = {
            b.document_no: b
            for b in Bill.objects.filter(unit_id=case.unit_id, document_no__in=numbers)
        }
        documents += [_bill_document(bills[n]) for n in numbers if n in bills]
    if (case.effect or {}).get("pension_sheet"):
        documents.append(
            CaseDocument(
                kind=DocumentKind.PENSION_SHEET,
                number=case.serial_no,
                title=_(SHEET_TITLE),
                url=reverse("pension_sheet_pdf", args=[case.pk]),
            )
        )
    if (case.effect or {}).get("certificate"):
        documents.append(
            CaseDocument(
                kind=DocumentKind.CERTIFICATE,
                number=case.serial_no,
                title=_(CERTIFICATE_TITLE),
                url=reverse("certificate_pdf", args=[case.pk]),
            )
        )
    if (case.effect or {}).get("benefits"):
        documents.append(
            CaseDocument(
                kind=DocumentKind.UNEMPLOYMENT_DECISION,
                number=case.serial_no,
                title=_(DECISION_TITLE),
                url=reverse("unemployment_decision_pdf", args=[case.pk]),
            )
        )
    return documents


def _report_title(case: Case) -> str:
    if case.service_code not in registry:
        return _(REPORT_TITLE)
    spec = registry[case.service_code]
    return str(spec.report_title or (spec.template.title if spec.template else spec.title))


def _bill_document(bill: Bill) -> CaseDocument:
    refund = bill.kind == BillKind.REFUND
    return CaseDocument(
        kind=DocumentKind.REFUND if refund else DocumentKind.BILL,
        number=bill.document_no,
        title=_(REFUND_TITLE) if refund else _(PAYMENT_TITLE),
        url=document_url(DocumentKind.BILL, bill.document_no),
        status=str(bill.get_status_display()),
    )
