"""The demo unit gets one certificate and a PKCS#12 file that logs the demo operator in."""

import ast
import inspect

from shebao.pki import client
from shebao.pki.demo import DEMO_PIN, demo_certificate
from shebao.pki.models import CertificateAuthority, UnitCertificate

from .conftest import login


def test_demo_certificate_is_issued_once_and_logs_in(db, unit, operator, tmp_path):
    path = tmp_path / "demo.p12"
    record = demo_certificate(unit=unit, actor=None, path=path)
    again = demo_certificate(unit=unit, actor=None, path=tmp_path / "other.p12")
    assert again == record
    assert UnitCertificate.objects.filter(unit=unit).count() == 1
    assert CertificateAuthority.objects.count() == 2
    assert not (tmp_path / "other.p12").exists()
    token = client.token_open(path.read_bytes(), DEMO_PIN)
    assert login(token.certificate_pem, token).status_code == 200


def test_client_needs_only_the_standard_library_and_cryptography():
    tree = ast.parse(inspect.getsource(client))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            roots.add(node.module.split(".")[0])
    assert "django" not in roots and "shebao" not in roots
    assert roots - {"__future__", "argparse", "base64", "getpass", "json", "os", "sys"} - {
        "urllib",
        "dataclasses",
        "typing",
    } == {"cryptography"}
