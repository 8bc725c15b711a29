"""Content-Security-Policy: pages allow only our own scripts and styles, and no template relies
on an inline script, event handler or style attribute the policy would block."""

import re
from pathlib import Path

import pytest
from django.test import Client

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "shebao" / "templates"
#: rendered to PDF by WeasyPrint only, never sent to a browser
PDF_ONLY = {
    "documents/bill.html",
    "documents/report_pdf.html",
    "documents/account_statement.html",
    "documents/pension_sheet.html",
    "documents/certificate.html",
    "documents/unemployment_decision.html",
    "pki/application_form_pdf.html",
}
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style(?![^>]*\bnonce=)[^>]*>|\son[a-z]+\s*=|\sstyle\s*=", re.I
)


def _directives(header: str) -> dict[str, list[str]]:
    return {p.split()[0]: p.split()[1:] for p in header.split(";") if p.strip()}


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy():
    response = Client().get("/login/")
    assert response.status_code == 200
    policy = _directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_api_docs_keep_scripts_strict_and_allow_their_inline_styles():
    for url in ("/api/v1/docs", "/api/v1/redoc"):
        policy = _directives(Client().get(url)["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"], url
        assert "'unsafe-inline'" in policy["style-src"], url
    html = Client().get("/api/v1/docs").content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # Swagger's init is a file too


def test_no_template_has_inline_script_handler_or_style():
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {m.group(0).strip()}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        if str(path.relative_to(TEMPLATES)) not in PDF_ONLY
        for m in INLINE.finditer(path.read_text())
    ]
    assert offenders == []
