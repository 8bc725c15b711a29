"""失业保险金核定通知书: the decision of an approved §3.3.66 claim, one person a page.

It states what was granted and why: the paid months counted, the period from 失业保险条例
第十七条, the monthly amount and its standard's source (暂按 shown when it is), the months
and how a re-employment stops it. ID numbers and bank cards are masked.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_noop

from shebao.cases.models import Case
from shebao.core.masking import Sensitive, mask
from shebao.policy.unemployment import ENTITLEMENT_SOURCE
from shebao.unemployment.models import UnemploymentBenefit

from .pdf import render_pdf

DECISION_TITLE = gettext_noop("失业保险金核定通知书")
DECISION_TEMPLATE = "documents/unemployment_decision.html"
BASE_URL = "http://shebao.invalid/"


def decision_benefits(case: Case) -> list[UnemploymentBenefit]:
    return list(
        UnemploymentBenefit.objects.filter(unit_id=case.unit_id, opened_by=case.serial_no)
        .select_related("person", "unit", "registration")
        .order_by("person__person_no")
    )


def benefit_decision_html(case: Case) -> str:
    pages = [
        {
            "benefit": b,
            "id_number": mask(b.person.id_number, Sensitive.ID),
            "bank_card": mask(b.registration.bank_card, Sensitive.ACCOUNT),
            "monthly": f"{b.monthly_amount:,.2f}",
            "total": f"{b.total_amount:,.2f}",
        }
        for b in decision_benefits(case)
    ]
    return render_to_string(
        DECISION_TEMPLATE,
        {
            "title": DECISION_TITLE,
            "case": case,
            "pages": pages,
            "entitlement_source": ENTITLEMENT_SOURCE,
            "printed_on": timezone.localdate(),
        },
    )


def benefit_decision_pdf(case: Case) -> bytes:
    """The decision of the benefits ``case`` (§3.3.66) granted."""
    return render_pdf(benefit_decision_html(case), base_url=BASE_URL)
