import base64
from dataclasses import dataclass

import pytest
from cryptography.hazmat.primitives import serialization
from rest_framework.test import APIClient

from shebao.pki.client import SoftToken, token_open
from shebao.pki.models import UnitCertificate
from shebao.pki.services import certificate_issue, pki_init

PIN = "Ka7-93xQ"


@dataclass
class Issued:
    record: UnitCertificate
    p12: bytes
    token: SoftToken

    @property
    def pem(self) -> str:
        return self.record.certificate_pem


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Operators' passwords play no part here; hash them quickly."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def ca(db):
    return pki_init()


def issue(unit, **kw) -> Issued:
    record, p12 = certificate_issue(unit=unit, public_key=None, pin=PIN, actor=None, **kw)
    return Issued(record=record, p12=p12, token=token_open(p12, PIN))


@pytest.fixture
def issued(ca, unit, operator) -> Issued:
    return issue(unit)


def challenge(client: APIClient | None = None) -> str:
    response = (client or APIClient()).post("/api/v1/auth/challenge")
    assert response.status_code == 201, response.content
    return response.json()["challenge"]


def signed(token: SoftToken, nonce: str) -> str:
    return base64.b64encode(token.sign(base64.b64decode(nonce))).decode()


def login(pem: str, token: SoftToken, *, nonce: str | None = None, **extra):
    nonce = nonce or challenge()
    payload = {"certificate": pem, "challenge": nonce, "signature": signed(token, nonce), **extra}
    return APIClient().post("/api/v1/auth/certificate", payload, format="json")


def write_pem(path, obj) -> str:
    if hasattr(obj, "public_bytes"):
        data = obj.public_bytes(serialization.Encoding.PEM)
    else:
        data = obj.encode()
    path.write_bytes(data)
    return str(path)
