"""The demo unit's certificate: the CA is set up and the unit gets one software token.

The PKCS#12 is written once, when the certificate is issued (the platform never keeps the
private key); loading the demo again finds the valid certificate and changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

from shebao.registry.models import Unit

from .models import UnitCertificate
from .services import certificate_issue, pki_init

#: The demo token's PIN. It is printed by ``load_demo`` and passes the PIN rules.
DEMO_PIN = "Shebao-2026"


def demo_p12_path(unit: Unit) -> Path:
    return Path(settings.VAR_DIR) / "demo" / f"unit-{unit.unit_no}.p12"


def demo_certificate(*, unit: Unit, actor: Any, path: Path | None = None) -> UnitCertificate:
    pki_init(actor=actor)
    existing = unit.certificates.filter(status=UnitCertificate.Status.VALID).first()
    if existing is not None:
        return existing
    record, p12 = certificate_issue(unit=unit, public_key=None, pin=DEMO_PIN, actor=actor)
    assert p12 is not None
    target = path or demo_p12_path(unit)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(p12)
    return record
