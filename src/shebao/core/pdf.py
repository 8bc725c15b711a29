"""HTML to PDF by WeasyPrint, for every app that prints (申报表, bills, CA application forms).

Only our own static files (and ``data:`` URIs) can be loaded while rendering: a value a
user typed can never make the renderer read a local file or call another server.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]  # weasyprint ships no type hints
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
