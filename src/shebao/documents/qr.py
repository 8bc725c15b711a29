"""QR codes printed on documents: what they encode and how they are drawn (inline SVG)."""

from __future__ import annotations

import segno

VERIFY_PATH = "/verify/{serial}"


def verify_path(serial_no: str) -> str:
    """The public verification path of a case; the view behind it comes later."""
    return VERIFY_PATH.format(serial=serial_no)


def qr_payload(serial_no: str, *, base_url: str = "") -> str:
    """What the code holds: the verification URL, whose last segment is the serial number.

    A bare path today; pass the site's ``base_url`` once the verification page is public,
    so a phone camera opens it directly.
    """
    return base_url.rstrip("/") + verify_path(serial_no)


def qr_svg(data: str, *, css_class: str = "qr") -> str:
    """An inline ``<svg>`` that scales with CSS (viewBox, no fixed size), error level M."""
    code = segno.make(data, error="m", micro=False)
    return str(code.svg_inline(omitsize=True, border=2, svgclass=css_class))
