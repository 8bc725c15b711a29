"""Case PDFs from the same HTML as the screen, rendered by ``shebao.core.pdf`` (which loads
only our own static files, whatever a user typed)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.template.loader import render_to_string

from shebao.core.language import official_language
from shebao.core.pdf import StaticOnlyFetcher as StaticOnlyFetcher  # the tests' import
from shebao.core.pdf import render_pdf
from shebao.services.registry import registry

from .reports import case_report

if TYPE_CHECKING:
    from shebao.cases.models import Case

logger = logging.getLogger(__name__)

PDF_TEMPLATE = "documents/report_pdf.html"


@official_language
def case_report_html(case: Case, *, verify_base_url: str = "") -> str:
    """The 申报表 as a standalone HTML document: what the PDF is made of (dev preview, tests)."""
    spec_report = _report_template(case)
    return render_to_string(
        PDF_TEMPLATE,
        {
            "report": case_report(case, verify_base_url=verify_base_url),
            "report_template": spec_report,
        },
    )


@official_language
def case_report_pdf(case: Case, *, verify_base_url: str = "") -> bytes:
    """The 申报表 of ``case`` as PDF bytes (A4, CJK fonts, page numbers, QR code when submitted)."""
    return render_pdf(
        case_report_html(case, verify_base_url=verify_base_url), base_url="http://shebao.invalid/"
    )


def _report_template(case: Case) -> str:
    return registry[case.service_code].report or "services/report.html"
