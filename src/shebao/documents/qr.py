"""QR codes printed on documents, drawn as inline SVG; what they encode is in ``verify``."""

from __future__ import annotations

import segno


def qr_svg(data: str, *, css_class: str = "qr") -> str:
    """An inline ``<svg>`` that scales with CSS (viewBox, no fixed size), error level M."""
    code = segno.make(data, error="m", micro=False)
    return str(code.svg_inline(omitsize=True, border=2, svgclass=css_class))
