"""电子签章: PAdES signatures with a visible seal on the PDFs the platform produces.

Whose key signs: the unit's own certificate key never leaves the operator's browser (or the
PKCS#12 handed over once), so the server cannot sign with it. Instead the platform signs with a
per-unit *seal certificate* (签章证书) that our issuing CA gives the unit for server-side
sealing; its key is kept by the platform, encrypted at rest like the CA keys. This is how the
hosted e-seal platforms (托管电子签章) work in China. The certificate names the unit as its
subject, has keyUsage digitalSignature + nonRepudiation and the documentSigning EKU (RFC 9336;
plus emailProtection, the usage NSS-based checkers such as ``pdfsig`` verify signers for), and
no clientAuth: it can never log in. See docs/electronic-seals.md.

The signature is PAdES B-B (ETSI.CAdES.detached, SHA-256, signing certificate and chain
embedded). B-T needs a timestamp authority, which an offline deployment does not have.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID, ObjectIdentifier
from django.conf import settings
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont
from pyhanko.keys import load_private_key_from_pemder_data
from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from shebao.audit.types import EventType
from shebao.registry.models import Unit

from . import x509 as build
from .authority import audit, ca_certificate, ca_key, crl_url, issuing_active
from .models import CertificateAuthority
from .models_seal import SealCertificate, UnitSeal

#: RFC 9336 id-kp-documentSigning.
DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")
SEAL_URN_PREFIX = "urn:shebao:seal:"
SEAL_VALIDITY_DAYS = 365
#: A seal certificate this close to its end is replaced before it seals again.
RENEW_BEFORE = dt.timedelta(days=7)
FIELD_NAME = "UnitSeal"
#: Seal size on the page (points; 42 mm is the usual diameter of a 公章).
SEAL_POINTS = 119
SEAL_MARGIN = 48
IMAGE_PIXELS = 480
SEAL_RED = (220, 20, 30, 255)
FONT_FILE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
FONT_INDEX = 2  # Noto Sans CJK SC inside the collection
PLACEHOLDER_NOTE = "系统生成样章"
AUDIT_SEAL_ISSUE = EventType.PKI_SEAL_ISSUE


def seal_build(
    *,
    public_key: build.PublicKey,
    identity: build.UnitIdentity,
    issuer: x509.Certificate,
    issuer_key: build.PrivateKey,
    not_before: dt.datetime,
    not_after: dt.datetime,
    crl_url: str,
) -> x509.Certificate:
    """A unit's seal certificate: same subject as its login certificate, signing only."""
    issuer_ski = issuer.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    return (
        x509.CertificateBuilder()
        .subject_name(build.unit_name(identity))
        .issuer_name(issuer.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([DOCUMENT_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION]),
            critical=False,
        )
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.UniformResourceIdentifier(SEAL_URN_PREFIX + identity.unit_no)]
            ),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(issuer_ski),
            critical=False,
        )
        .add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        full_name=[x509.UniformResourceIdentifier(crl_url)],
                        relative_name=None,
                        reasons=None,
                        crl_issuer=None,
                    )
                ]
            ),
            critical=False,
        )
        .sign(issuer_key, build.CA_HASH)
    )


def _identity(unit: Unit) -> build.UnitIdentity:
    return build.UnitIdentity(name=unit.name, credit_code=unit.credit_code, unit_no=unit.unit_no)


@transaction.atomic
def seal_certificate_current(*, unit: Unit, actor: Any = None) -> SealCertificate:
    """The unit's valid seal certificate, issued now if it has none (or its name changed, or
    it expires within a week, or its CA was retired)."""
    Unit.objects.select_for_update().filter(pk=unit.pk).first()  # one issuance at a time
    now = timezone.now()
    subject = build.unit_name(_identity(unit)).rfc4514_string()[:500]
    authority = issuing_active()
    current = (
        SealCertificate.objects.filter(
            unit=unit,
            status=SealCertificate.Status.VALID,
            authority=authority,
            subject=subject,
            not_after__gt=now + RENEW_BEFORE,
        )
        .select_related("authority")
        .first()
    )
    if current is not None:
        return current
    issuer = ca_certificate(authority)
    key = build.unit_key_new()
    end = min(now + dt.timedelta(days=SEAL_VALIDITY_DAYS), issuer.not_valid_after_utc)
    cert = seal_build(
        public_key=key.public_key(),
        identity=_identity(unit),
        issuer=issuer,
        issuer_key=ca_key(authority),
        not_before=now,
        not_after=end,
        crl_url=crl_url(authority),
    )
    record = SealCertificate.objects.create(
        unit=unit,
        authority=authority,
        serial_number=f"{cert.serial_number:x}",
        subject=subject,
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        certificate_pem=build.pem(cert),
        private_key_pem=build.key_encrypt(key, settings.CA_KEY_PASSPHRASE),
        fingerprint=build.fingerprint(cert),
    )
    audit(
        AUDIT_SEAL_ISSUE,
        actor=actor,
        unit=unit,
        authority=authority,
        serial=record.serial_number,
        not_after=record.not_after.isoformat(),
    )
    return record


# --- the seal image ----------------------------------------------------------------------


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if Path(FONT_FILE).exists():
        return ImageFont.truetype(FONT_FILE, size=size, index=FONT_INDEX)
    return ImageFont.load_default(size=size)


def placeholder_seal_image(unit_name: str) -> Image.Image:
    """A red round seal drawn from the unit name: the name around the top, a star in the
    middle and 系统生成样章 beneath it, so nobody takes it for the unit's registered seal."""
    size = IMAGE_PIXELS
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    centre = size / 2
    ring = size * 0.03
    draw.ellipse((ring, ring, size - ring, size - ring), outline=SEAL_RED, width=int(ring))
    _star(draw, centre, centre, size * 0.15)
    name = unit_name[:24] or "?"
    char_size = int(size * (0.11 if len(name) <= 14 else 0.085))
    font = _font(char_size)
    radius = centre - ring * 2 - char_size * 0.75
    sweep = min(240.0, 16.0 * len(name) * (char_size / (size * 0.085)))
    step = sweep / max(len(name) - 1, 1)
    start = -90 - sweep / 2  # degrees; -90 is straight up
    for n, char in enumerate(name):
        angle = start + step * n if len(name) > 1 else -90
        tile = Image.new("RGBA", (char_size * 2, char_size * 2), (255, 255, 255, 0))
        ImageDraw.Draw(tile).text(
            (char_size, char_size), char, font=font, fill=SEAL_RED, anchor="mm"
        )
        tile = tile.rotate(-(angle + 90), resample=Image.Resampling.BICUBIC)
        x = centre + radius * math.cos(math.radians(angle)) - char_size
        y = centre + radius * math.sin(math.radians(angle)) - char_size
        image.alpha_composite(tile, (int(x), int(y)))
    draw.text(
        (centre, centre + size * 0.27),
        PLACEHOLDER_NOTE,
        font=_font(int(size * 0.06)),
        fill=SEAL_RED,
        anchor="mm",
    )
    return image


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    points = []
    for n in range(10):
        radius = r if n % 2 == 0 else r * 0.382
        angle = math.radians(-90 + 36 * n)
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    draw.polygon(points, fill=SEAL_RED)


def seal_image(unit: Unit) -> tuple[Image.Image, bool]:
    """The unit's seal image and whether it is a generated placeholder.

    The 印模 an administrator uploaded wins; then the 电子签章取样表 of the unit's latest
    approved certificate order; else a generated placeholder."""
    from .selfservice.selectors import seal_sample

    record = UnitSeal.objects.filter(unit=unit).first()
    stored: FieldFile | None = record.image if record is not None and record.image else None
    if stored is None:
        sample = seal_sample(unit=unit)
        stored = sample.file if sample is not None else None
    if stored:
        with stored.open("rb") as handle:
            image = Image.open(io.BytesIO(handle.read()))
            image.load()
        return image.convert("RGBA"), False
    return placeholder_seal_image(unit.name), True


# --- signing -------------------------------------------------------------------------------


def _signer(record: SealCertificate) -> signers.SimpleSigner:
    cert = x509.load_pem_x509_certificate(record.certificate_pem.encode())
    key = build.key_decrypt(record.private_key_pem, settings.CA_KEY_PASSPHRASE)
    key_der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    authority: CertificateAuthority = record.authority
    chain = [ca_certificate(authority)]
    if authority.parent is not None:
        chain.append(ca_certificate(authority.parent))
    return signers.SimpleSigner(
        signing_cert=translate_pyca_cryptography_cert_to_asn1(cert),
        signing_key=load_private_key_from_pemder_data(key_der, passphrase=None),
        cert_registry=SimpleCertificateStore.from_certs(
            [translate_pyca_cryptography_cert_to_asn1(c) for c in chain]
        ),
    )


def _seal_box(pdf_bytes: bytes) -> tuple[int, tuple[int, int, int, int]]:
    """Last page, lower right, above the bottom margin: where a 公章 goes on the paper form."""
    reader = PdfFileReader(io.BytesIO(pdf_bytes))
    last = reader.root["/Pages"]["/Count"] - 1
    page = reader.find_page_for_modification(last)[0].get_object()
    box = [float(v) for v in page["/MediaBox"]]
    right = int(box[2] - SEAL_MARGIN)
    bottom = int(box[1] + SEAL_MARGIN)
    return last, (right - SEAL_POINTS, bottom, right, bottom + SEAL_POINTS)


def seal_pdf(
    *, pdf_bytes: bytes, unit: Unit, reason: str, location: str, actor: Any = None
) -> bytes:
    """``pdf_bytes`` signed (PAdES B-B) with the unit's seal certificate, the seal image shown
    on the last page. Any later change to the signed bytes breaks the signature."""
    sealed, _record = seal_pdf_with(
        pdf_bytes=pdf_bytes, unit=unit, reason=reason, location=location, actor=actor
    )
    return sealed


def seal_pdf_with(
    *, pdf_bytes: bytes, unit: Unit, reason: str, location: str, actor: Any = None
) -> tuple[bytes, SealCertificate]:
    """As :func:`seal_pdf`, also returning the certificate that signed (for the audit)."""
    record = seal_certificate_current(unit=unit, actor=actor)
    image, _placeholder = seal_image(unit)
    page, box = _seal_box(pdf_bytes)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        name=unit.name,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
    )
    style = StaticStampStyle(background=PdfImage(image), border_width=0, background_opacity=1)
    pdf_signer = signers.PdfSigner(
        meta,
        signer=_signer(record),
        stamp_style=style,
        new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=page, box=box),
    )
    out = pdf_signer.sign_pdf(writer)
    return out.getvalue(), record
