"""《基本养老金计算表》(待遇计算表) and the 个人账户对账单: the printed documents of the
pensions app, one presenter each, rendered by ``core.pdf``.

The 计算表 prints every input and step of each award a case computed (one retiree a
page): the paid months by 申报年度 with their average wage, the account years with their
rates (暂按 marked), the parameters with their sources and each formula with its figures,
so a retiree can redo the arithmetic by hand. ID numbers are masked.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_noop

from shebao.cases.models import Case
from shebao.core.masking import Sensitive, mask
from shebao.pensions.models import AccountYear, PensionAward
from shebao.registry.models import Person, Unit

from .pdf import render_pdf

SHEET_TITLE = gettext_noop("基本养老金计算表")
STATEMENT_TITLE = gettext_noop("职工基本养老保险个人账户对账单")
SHEET_TEMPLATE = "documents/pension_sheet.html"
STATEMENT_TEMPLATE = "documents/account_statement.html"
BASE_URL = "http://shebao.invalid/"


def _money(value: Any) -> str:
    return f"{Decimal(value):,.2f}"


@dataclass(frozen=True)
class SheetPage:
    award: PensionAward
    id_number: str
    unit: Unit
    index_years: list[dict[str, str]]
    account_years: list[dict[str, str]]
    steps: list[dict[str, str]]
    money: dict[str, str]
    coefficient: str


def _page(award: PensionAward) -> SheetPage:
    person = award.retiree.person
    inputs = award.inputs
    index_years = [
        {
            "year": str(y["year"]),
            "months": str(y["months"]),
            "base": _money(y["base"]),
            "wage": _money(y["wage"]),
            "ratio": f"{Decimal(y['base']) / Decimal(y['wage']):.6f}",
        }
        for y in inputs.get("index_years", [])
    ]
    account_years = [
        {
            "year": y[0],
            "opening": _money(y[1]),
            "credits": _money(y[2]),
            "months": y[3],
            "rate": f"{Decimal(y[4]) * 100:.2f}%",
            "interest": _money(y[5]),
            "closing": _money(y[6]),
            "note": y[7],
        }
        for y in inputs.get("account_years", [])
    ]
    return SheetPage(
        award=award,
        id_number=mask(person.id_number, Sensitive.ID),
        unit=award.retiree.unit,
        index_years=index_years,
        account_years=account_years,
        steps=list(award.steps),
        money={
            "average_wage": _money(award.average_wage),
            "account_balance": _money(award.account_balance),
        },
        coefficient=f"{(award.transition_coefficient * 100).normalize():f}%",
    )


def pension_sheet_html(case: Case) -> str:
    awards = (
        PensionAward.objects.filter(case=case)
        .select_related("retiree__person", "retiree__unit__region")
        .order_by("retiree__person__person_no")
    )
    return render_to_string(
        SHEET_TEMPLATE,
        {
            "title": SHEET_TITLE,
            "case": case,
            "pages": [_page(a) for a in awards],
            "printed_on": timezone.localdate(),
        },
    )


def pension_sheet_pdf(case: Case) -> bytes:
    """The 待遇计算表 of the awards ``case`` (§3.3.42) computed."""
    return render_pdf(pension_sheet_html(case), base_url=BASE_URL)


def account_statement_html(*, unit: Unit, person: Person, years: list[AccountYear]) -> str:
    return render_to_string(
        STATEMENT_TEMPLATE,
        {
            "title": STATEMENT_TITLE,
            "unit": unit,
            "person": person,
            "id_number": mask(person.id_number, Sensitive.ID),
            "years": [
                {
                    "year": str(y.year),
                    "opening": _money(y.opening),
                    "credits": _money(y.credits),
                    "months": str(y.credit_months),
                    "rate": f"{y.rate * 100:.2f}%" if y.rate_year else "",
                    "interest": _money(y.interest),
                    "closing": _money(y.closing),
                    "note": y.rate_note,
                }
                for y in years
            ],
            "balance": _money(years[-1].closing if years else 0),
            "printed_on": timezone.localdate(),
        },
    )


def account_statement_pdf(*, unit: Unit, person: Person, years: list[AccountYear]) -> bytes:
    """The person's 个人账户对账单: every account year with its rate and interest."""
    return render_pdf(
        account_statement_html(unit=unit, person=person, years=years), base_url=BASE_URL
    )
