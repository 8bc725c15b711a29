"""PDFs from the same HTML as the screen, rendered by WeasyPrint.

Only our own static files (and ``data:`` URIs) can be loaded while rendering: a value a
user typed can never make the renderer read a local file or call another server.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from shebao.services.registry import registry

from .reports import case_report

if TYPE_CHECKING:
    from shebao.cases.models import Case

logger = logging.getLogger(__name__)

PDF_TEMPLATE = "documents/report_pdf.html"


class StaticOnlyFetcher(URLFetcher):
    """Serve ``STATIC_URL`` paths from the staticfiles finders and ``data:`` URIs; refuse the rest."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = unquote(urlsplit(url).path)
        prefix = "/" + urlsplit(settings.STATIC_URL).path.strip("/") + "/"
        if path.startswith(prefix) and ".." not in path:
            relative = path[len(prefix) :]
            found = finders.find(relative)
            if isinstance(found, list):
                found = found[0] if found else None
            if found:
                with open(found, "rb") as handle:
                    body = handle.read()
                mime = "text/css" if relative.endswith(".css") else None
                return URLFetcherResponse(
                    url, body, {"Content-Type": mime} if mime else None, status=200
                )
        raise ValueError(f"not a static file: {url}")


def render_pdf(html: str, *, base_url: str) -> bytes:
    """Render a full HTML document to PDF bytes."""
    document = HTML(string=html, base_url=base_url, url_fetcher=StaticOnlyFetcher())
    pdf = document.write_pdf()
    if pdf is None:  # only when a target is given
        raise RuntimeError("WeasyPrint returned no PDF")
    return bytes(pdf)


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


def case_report_pdf(case: Case, *, verify_base_url: str = "") -> bytes:
    """The 申报表 of ``case`` as PDF bytes (A4, CJK fonts, page numbers, QR code when submitted)."""
    return render_pdf(
        case_report_html(case, verify_base_url=verify_base_url), base_url="http://shebao.invalid/"
    )


def _report_template(case: Case) -> str:
    return registry[case.service_code].report or "services/report.html"
