"""The CA hierarchy: one root, one active issuing CA (older ones retired but kept), their CRLs.

Retired issuing CAs keep signing their CRL, so certificates they issued stay verifiable and
revocable until they expire.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from shebao.audit.models import AuditEvent
from shebao.audit.services import audit_record
from shebao.audit.types import EventType

from . import x509 as build
from .models import CertificateAuthority, UnitCertificate

ROOT_YEARS = 20
ISSUING_YEARS = 10
#: A CRL says it is good for a day and is rebuilt after half of that (and on each revocation).
CRL_VALID = dt.timedelta(days=1)
CRL_REFRESH_AFTER = dt.timedelta(hours=12)

Kind = CertificateAuthority.Kind


def audit(
    event_type: str, *, actor: Any = None, ip: str | None = None, **fields: Any
) -> AuditEvent:
    """Write one audit event (a ``pki.*`` type); call inside the transaction of the change it
    records. ``certificate`` is the one the event is about; a login was made with it too."""
    refs = {k: fields.pop(k) for k in ("unit", "authority", "certificate") if k in fields}
    certificate = refs.get("certificate")
    return audit_record(
        event_type=event_type,
        actor=actor,
        ip=ip,
        acting_unit=refs.get("unit"),
        authority=refs.get("authority"),
        subject_certificate=certificate,
        certificate=certificate if event_type == EventType.PKI_LOGIN else None,
        detail=fields,
    )


def ca_certificate(ca: CertificateAuthority) -> x509.Certificate:
    return x509.load_pem_x509_certificate(ca.certificate_pem.encode())


def ca_key(ca: CertificateAuthority) -> build.PrivateKey:
    return build.key_decrypt(ca.private_key_pem, settings.CA_KEY_PASSPHRASE)


def crl_url(ca: CertificateAuthority) -> str:
    return settings.PKI_PUBLIC_URL.rstrip("/") + reverse("pki_crl", args=[ca.pk])


def _store(
    *,
    kind: str,
    name: str,
    cert: x509.Certificate,
    key: build.PrivateKey,
    parent: CertificateAuthority | None,
) -> CertificateAuthority:
    return CertificateAuthority.objects.create(
        kind=kind,
        name=name,
        parent=parent,
        certificate_pem=build.pem(cert),
        private_key_pem=build.key_encrypt(key, settings.CA_KEY_PASSPHRASE),
        serial_number=f"{cert.serial_number:x}",
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
    )


def _issuing_create(root: CertificateAuthority, *, actor: Any, now: dt.datetime) -> Any:
    number = CertificateAuthority.objects.filter(kind=Kind.ISSUING).count() + 1
    name = f"Shebao 单位证书签发 CA {number}"
    key = build.ca_key_new()
    cert = build.issuing_build(
        key=key,
        common_name=name,
        root=ca_certificate(root),
        root_key=ca_key(root),
        not_before=now,
        not_after=now + dt.timedelta(days=365 * ISSUING_YEARS),
    )
    ca = _store(kind=Kind.ISSUING, name=name, cert=cert, key=key, parent=root)
    audit(EventType.PKI_CA_CREATE, actor=actor, authority=ca, kind=ca.kind, name=name)
    _crl_rebuild(ca, now=now)
    return ca


@transaction.atomic
def pki_init(*, actor: Any = None) -> tuple[CertificateAuthority, CertificateAuthority]:
    """The root and the active issuing CA, created if missing. Safe to run again."""
    now = timezone.now()
    root = CertificateAuthority.objects.select_for_update().filter(kind=Kind.ROOT).first()
    if root is None:
        name = "Shebao 根 CA"
        key = build.ca_key_new()
        cert = build.root_build(
            key=key,
            common_name=name,
            not_before=now,
            not_after=now + dt.timedelta(days=365 * ROOT_YEARS),
        )
        root = _store(kind=Kind.ROOT, name=name, cert=cert, key=key, parent=None)
        audit(EventType.PKI_CA_CREATE, actor=actor, authority=root, kind=root.kind, name=name)
    issuing = CertificateAuthority.objects.filter(kind=Kind.ISSUING, is_active=True).first()
    if issuing is None:
        issuing = _issuing_create(root, actor=actor, now=now)
    return root, issuing


@transaction.atomic
def issuing_ca_rotate(*, actor: Any = None) -> CertificateAuthority:
    """A new active issuing CA; the old one is retired but still verifies and signs its CRL."""
    root, old = pki_init(actor=actor)
    old = CertificateAuthority.objects.select_for_update().get(pk=old.pk)
    now = timezone.now()
    old.is_active = False
    old.retired_at = now
    old.save(update_fields=["is_active", "retired_at"])
    new = _issuing_create(root, actor=actor, now=now)
    audit(EventType.PKI_CA_ROTATE, actor=actor, authority=new, retired=old.pk, active=new.pk)
    return new


def issuing_active() -> CertificateAuthority:
    """The issuing CA for new certificates (the hierarchy is created on first use)."""
    active = CertificateAuthority.objects.filter(kind=Kind.ISSUING, is_active=True).first()
    return active or pki_init()[1]


def trust_anchors() -> list[x509.Certificate]:
    return [ca_certificate(ca) for ca in CertificateAuthority.objects.filter(kind=Kind.ROOT)]


def issuing_all() -> list[CertificateAuthority]:
    return list(CertificateAuthority.objects.filter(kind=Kind.ISSUING))


def _crl_rebuild(ca: CertificateAuthority, *, now: dt.datetime) -> bytes:
    revoked = [
        build.Revoked(
            serial_number=int(c.serial_number, 16),
            revoked_at=c.revoked_at or now,
            reason=x509.ReasonFlags[c.revocation_reason or "unspecified"],
        )
        for c in UnitCertificate.objects.filter(
            authority=ca, status=UnitCertificate.Status.REVOKED
        ).order_by("pk")
    ]
    ca.crl_number += 1
    crl = build.crl_build(
        issuer=ca_certificate(ca),
        issuer_key=ca_key(ca),
        revoked=revoked,
        number=ca.crl_number,
        this_update=now,
        next_update=now + CRL_VALID,
    )
    der = crl.public_bytes(serialization.Encoding.DER)
    ca.crl_der = der
    ca.crl_this_update = now
    ca.crl_next_update = now + CRL_VALID
    ca.save(update_fields=["crl_number", "crl_der", "crl_this_update", "crl_next_update"])
    audit(EventType.PKI_CRL, authority=ca, number=ca.crl_number, revoked=len(revoked))
    return der


@transaction.atomic
def crl_refresh(*, authority: CertificateAuthority) -> bytes:
    """Sign a new CRL for the issuing CA now (after a revocation, or from a daily job)."""
    ca = CertificateAuthority.objects.select_for_update().get(pk=authority.pk)
    return _crl_rebuild(ca, now=timezone.now())


def crl_current(*, authority: CertificateAuthority) -> bytes:
    """The CA's CRL (DER), rebuilt first when it is half-way to its nextUpdate or missing."""
    now = timezone.now()
    ca = CertificateAuthority.objects.get(pk=authority.pk)
    if ca.crl_der and ca.crl_this_update and now < ca.crl_this_update + CRL_REFRESH_AFTER:
        return bytes(ca.crl_der)
    with transaction.atomic():
        ca = CertificateAuthority.objects.select_for_update().get(pk=authority.pk)
        if ca.crl_der and ca.crl_this_update and now < ca.crl_this_update + CRL_REFRESH_AFTER:
            return bytes(ca.crl_der)  # another request rebuilt it meanwhile
        return _crl_rebuild(ca, now=now)
