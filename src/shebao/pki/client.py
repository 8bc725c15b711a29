"""A tiny certificate-login client for HR software. Needs only ``cryptography`` and the standard
library (no Django), so it can be copied into another code base as it is.

    python -m shebao.pki.client --url https://shebao.example.cn --p12 unit.p12
    (the PIN is asked for, or read from the SHEBAO_PIN environment variable)

Steps: open the PKCS#12 with its PIN; POST /api/v1/auth/challenge; sign the challenge's
decoded bytes with ECDSA-SHA256 (RSA keys: PKCS#1 v1.5 SHA-256); POST /api/v1/auth/certificate
with the certificate (PEM), the challenge and the signature (base64); use the returned token as
``Authorization: Token <token>``.
"""

from __future__ import annotations

import argparse
import base64
import getpass
import json
import os
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12

WRONG_PIN = "PIN码不正确，或文件不是 PKCS#12 证书文件，无法打开"
NO_KEY = "证书文件中没有私钥或证书"


class TokenError(ValueError):
    """The PKCS#12 file does not open (wrong PIN, damaged file)."""


class LoginError(RuntimeError):
    """The server refused; ``str(exc)`` is its Chinese reason."""


@dataclass(frozen=True)
class SoftToken:
    """The opened software token: the unit's private key and certificate."""

    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
    certificate: x509.Certificate

    @property
    def certificate_pem(self) -> str:
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode()

    def sign(self, data: bytes) -> bytes:
        if isinstance(self.key, ec.EllipticCurvePrivateKey):
            return self.key.sign(data, ec.ECDSA(hashes.SHA256()))
        return self.key.sign(data, padding.PKCS1v15(), hashes.SHA256())


def token_open(p12_bytes: bytes, pin: str) -> SoftToken:
    """Open a PKCS#12 with its PIN; :class:`TokenError` for a wrong PIN or a damaged file."""
    try:
        key, cert, _chain = pkcs12.load_key_and_certificates(p12_bytes, pin.encode())
    except ValueError:
        raise TokenError(WRONG_PIN) from None
    if cert is None or not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise TokenError(NO_KEY)
    return SoftToken(key=key, certificate=cert)


def _post(url: str, payload: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        try:
            detail = json.loads(exc.read()).get("detail", "")
        except ValueError:
            detail = ""
        raise LoginError(detail or f"HTTP {exc.code}") from None


def login(base_url: str, token: SoftToken, *, username: str | None = None) -> str:
    """Log in with the opened token; returns the API token."""
    base = base_url.rstrip("/")
    challenge = _post(f"{base}/api/v1/auth/challenge", {})["challenge"]
    signature = token.sign(base64.b64decode(challenge))
    payload: dict[str, Any] = {
        "certificate": token.certificate_pem,
        "challenge": challenge,
        "signature": base64.b64encode(signature).decode(),
    }
    if username:
        payload["username"] = username
    return str(_post(f"{base}/api/v1/auth/certificate", payload)["token"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="证书登录，取得 API 令牌")
    parser.add_argument("--url", required=True, help="平台地址，如 https://shebao.example.cn")
    parser.add_argument("--p12", required=True, help="PKCS#12 证书文件")
    parser.add_argument("--username", help="单位有多名经办人时，经办人用户名")
    args = parser.parse_args(argv)
    pin = os.environ.get("SHEBAO_PIN") or getpass.getpass("PIN码: ")
    with open(args.p12, "rb") as handle:
        data = handle.read()
    try:
        print(login(args.url, token_open(data, pin), username=args.username))
    except (TokenError, LoginError) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
