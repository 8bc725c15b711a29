"""电子签章 on the 申报表: a submitted case's PDF is PAdES-signed with the unit's seal
certificate and shows the seal; pdfsig (NSS, trusting our root) and pyHanko both validate it;
one changed byte breaks it; drafts stay unsigned and say 草稿."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from PIL import Image
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from shebao.audit.models import AuditEvent
from shebao.documents.sealing import case_report_pdf_served
from shebao.pki.models import CertificateAuthority, SealCertificate, UnitCertificate
from shebao.pki.seal import DOCUMENT_SIGNING, placeholder_seal_image, seal_pdf
from shebao.pki.services import pki_init
from tests.documents import builders

needs_tools = pytest.mark.skipif(
    not (shutil.which("pdfsig") and shutil.which("certutil") and shutil.which("pdftoppm")),
    reason="poppler-utils (pdfsig, pdftoppm) and libnss3-tools (certutil) are needed",
)


@pytest.fixture
def ca(db):
    return pki_init()


def nss_trusting(root_pem: str, directory: Path) -> Path:
    """An NSS database that trusts our root CA, as a reader's PDF software would."""
    directory.mkdir()
    (directory / "root.pem").write_text(root_pem)
    subprocess.run(
        ["certutil", "-N", "-d", f"sql:{directory}", "--empty-password"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        ["certutil", "-A", "-d", f"sql:{directory}", "-n", "shebao-root", "-t", "CT,C,C"]
        + ["-i", str(directory / "root.pem")],
        check=True,
        capture_output=True,
    )
    return directory


def pdfsig(pdf: bytes, tmp_path: Path, nss: Path | None) -> str:
    path = tmp_path / "sealed.pdf"
    path.write_bytes(pdf)
    args = ["pdfsig", *(["-nssdir", f"sql:{nss}"] if nss else []), str(path)]
    # pdfsig exits 0 whatever it found: the verdict is in its text
    return subprocess.run(args, capture_output=True, text=True).stdout


def root_pem() -> str:
    return CertificateAuthority.objects.get(kind=CertificateAuthority.Kind.ROOT).certificate_pem


@needs_tools
def test_submitted_case_pdf_is_sealed_valid_and_trusted(ca, unit, operator, tmp_path):
    case = builders.enrolment_case(unit, operator, people=["张伟"])
    pdf = case_report_pdf_served(case, actor=operator)
    report = pdfsig(pdf, tmp_path, nss_trusting(root_pem(), tmp_path / "nss"))
    assert "Signature is Valid" in report
    assert "Certificate is Trusted" in report
    assert f"Signer Certificate Common Name: {unit.name}" in report
    assert "ETSI.CAdES.detached" in report  # PAdES, not the legacy adbe.pkcs7 subfilter
    assert "Total document signed" in report


@needs_tools
def test_untrusted_reader_says_so(ca, unit, operator, tmp_path):
    """Without our root in the reader's store the signature is intact but not trusted."""
    pdf = case_report_pdf_served(
        builders.enrolment_case(unit, operator, people=["张伟"]), actor=operator
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    subprocess.run(["certutil", "-N", "-d", f"sql:{empty}", "--empty-password"], check=True)
    report = pdfsig(pdf, tmp_path, empty)
    assert "Signature is Valid" in report
    assert "Certificate is Trusted" not in report


@needs_tools
def test_one_changed_byte_gives_digest_mismatch(ca, unit, operator, tmp_path):
    pdf = bytearray(
        case_report_pdf_served(
            builders.enrolment_case(unit, operator, people=["张伟"]), actor=operator
        )
    )
    # change one byte of the page content stream (well inside the first signed range)
    at = pdf.index(b"stream\n") + 200
    pdf[at] = (pdf[at] + 1) % 256
    report = pdfsig(bytes(pdf), tmp_path, nss_trusting(root_pem(), tmp_path / "nss"))
    assert "Digest Mismatch" in report
    assert "Signature is Valid" not in report


def test_pyhanko_validator_agrees(ca, unit, operator):
    pdf = case_report_pdf_served(
        builders.enrolment_case(unit, operator, people=["张伟"]), actor=operator
    )
    root = x509.load_pem_x509_certificate(root_pem().encode())
    from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1

    context = ValidationContext(
        trust_roots=[translate_pyca_cryptography_cert_to_asn1(root)],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    reader = PdfFileReader(io.BytesIO(pdf))
    (embedded,) = reader.embedded_signatures
    status = validate_pdf_signature(embedded, context)
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line
    assert unit.name in status.signing_cert.subject.human_friendly
    assert "PAdES" in str(embedded.sig_object["/SubFilter"]) or "ETSI" in str(
        embedded.sig_object["/SubFilter"]
    )


@needs_tools
def test_seal_image_is_on_the_last_page(ca, unit, operator, tmp_path):
    pdf = case_report_pdf_served(
        builders.enrolment_case(unit, operator, people=["张伟"]), actor=operator
    )
    reader = PdfFileReader(io.BytesIO(pdf))
    (embedded,) = reader.embedded_signatures
    widget = embedded.sig_field
    rect = [float(v) for v in widget["/Rect"]]
    assert rect[2] - rect[0] > 100 and rect[3] - rect[1] > 100  # a visible seal, not 0x0
    appearance = widget["/AP"]["/N"]
    assert any(
        str(x.get_object().get("/Subtype")) == "/Image"
        for x in appearance["/Resources"]["/XObject"].values()
    )
    # and it is really drawn: the seal's corner of the rendered page holds red pixels
    path = tmp_path / "s.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(path), str(tmp_path / "p")], check=True)
    page = Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")
    width, height = page.size
    corner = page.crop((width * 2 // 3, height * 2 // 3, width, height))
    red = sum(1 for r, g, b in corner.get_flattened_data() if r > 180 and g < 90 and b < 90)
    assert red > 200


def test_seal_certificate_is_the_units_and_cannot_log_in(ca, unit, operator):
    pdf = case_report_pdf_served(
        builders.enrolment_case(unit, operator, people=["张伟"]), actor=operator
    )
    assert pdf.startswith(b"%PDF")
    record = SealCertificate.objects.get(unit=unit)
    cert = x509.load_pem_x509_certificate(record.certificate_pem.encode())
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment
    ekus = list(cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)
    assert DOCUMENT_SIGNING in ekus
    assert x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH not in ekus
    assert "BEGIN ENCRYPTED PRIVATE KEY" in record.private_key_pem  # encrypted at rest
    assert not UnitCertificate.objects.filter(fingerprint=record.fingerprint).exists()
    assert AuditEvent.objects.filter(event_type="pki.seal_issue", acting_unit=unit).count() == 1


def test_case_event_names_the_certificate_and_the_seal_is_kept(ca, unit, operator):
    case = builders.enrolment_case(unit, operator, people=["张伟"])
    first = case_report_pdf_served(case, actor=operator)
    again = case_report_pdf_served(case, actor=operator)
    assert first == again  # the same document is sealed once
    events = AuditEvent.objects.filter(case=case, event_type="case.seal")
    assert events.count() == 1
    record = SealCertificate.objects.get(unit=unit)
    assert events[0].detail["serial"] == record.serial_number
    assert events[0].detail["fingerprint"] == record.fingerprint
    assert events[0].actor == operator


def test_status_change_seals_a_new_document(ca, unit, operator, reviewer):
    from shebao.cases import services as cases

    case = builders.enrolment_case(unit, operator, people=["张伟"])
    before = case_report_pdf_served(case, actor=operator)
    case = cases.case_approve(case=case, reviewer=reviewer)
    after = case_report_pdf_served(case, actor=operator)
    assert before != after
    assert AuditEvent.objects.filter(case=case, event_type="case.seal").count() == 2
    assert SealCertificate.objects.filter(unit=unit).count() == 1  # same seal certificate


@needs_tools
def test_draft_is_unsigned_and_marked(ca, unit, operator, tmp_path):
    case = builders.enrolment_case(unit, operator, people=["张伟"], submit=False)
    pdf = case_report_pdf_served(case, actor=operator)
    assert b"/ByteRange" not in pdf
    assert "does not contain any signatures" in pdfsig(pdf, tmp_path, None)
    path = tmp_path / "draft.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "草" in text and "稿" in text  # the big slanted 草稿 across the page
    assert not SealCertificate.objects.exists()


def test_renamed_unit_gets_a_new_seal_certificate(ca, unit, operator):
    first = seal_pdf(pdf_bytes=_blank_pdf(), unit=unit, reason="测试", location="武汉")
    unit.name = "武汉改名后有限公司"
    unit.save(update_fields=["name"])
    second = seal_pdf(pdf_bytes=_blank_pdf(), unit=unit, reason="测试", location="武汉")
    assert first != second
    subjects = list(SealCertificate.objects.filter(unit=unit).values_list("subject", flat=True))
    assert len(subjects) == 2 and any("武汉改名后有限公司" in s for s in subjects)


def test_placeholder_seal_is_red_round_and_marked():
    image = placeholder_seal_image("武汉测试有限公司")
    assert image.size[0] == image.size[1]
    assert image.getpixel((0, 0))[3] == 0  # transparent outside the ring
    centre = image.getpixel((image.size[0] // 2, image.size[1] // 2))
    assert centre[0] > 180 and centre[1] < 90  # the red star


def test_uploaded_seal_image_is_used(ca, unit, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from shebao.pki.models import UnitSeal
    from shebao.pki.seal import seal_image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGBA", (300, 300), (0, 0, 255, 255)).save(buffer, "PNG")
    UnitSeal.objects.create(unit=unit, image=SimpleUploadedFile("s.png", buffer.getvalue()))
    image, placeholder = seal_image(unit)
    assert not placeholder
    assert image.getpixel((150, 150))[:3] == (0, 0, 255)


def _blank_pdf() -> bytes:
    from shebao.documents.pdf import render_pdf

    return render_pdf("<html><body><p>测试</p></body></html>", base_url="http://shebao.invalid/")
