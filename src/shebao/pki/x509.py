"""Certificate, CRL and key building with ``cryptography``: no database, no Django.

Profiles:

- CAs use EC P-384 keys and sign with ECDSA-SHA384; unit certificates get EC P-256 keys (or the
  RSA >= 2048 / EC key a browser generated).
- A unit certificate's subject is ``C=CN, O=<单位名称>, CN=<单位名称>,
  organizationIdentifier=NTRCN-<统一社会信用代码>, serialNumber=<单位编号>``.
  The credit code goes in organizationIdentifier (2.5.4.97): X.520 defines it as the legal
  person's registered identifier, and ETSI EN 319 412-1 gives it the form "NTR" (national trade
  register) + country + "-" + number, which is what a 统一社会信用代码 is. serialNumber (2.5.4.5)
  is X.520's identifier of the subject within the naming authority's scope: the agency's
  单位编号. The SAN URI ``urn:shebao:unit:<单位编号>`` is the machine-readable link the login reads
  (cryptography's client verifier also refuses leaves without a SAN).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_HASH = hashes.SHA384()
UNIT_URN_PREFIX = "urn:shebao:unit:"
CREDIT_CODE_PREFIX = "NTRCN-"
#: X.520's upper bound for organizationName (characters); cryptography holds commonName to
#: 64 UTF-8 bytes, about 21 Chinese characters, so a long 单位名称 is whole only in O.
NAME_MAX = 64

PublicKey = ec.EllipticCurvePublicKey | rsa.RSAPublicKey
PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


@dataclass(frozen=True)
class UnitIdentity:
    name: str
    credit_code: str
    unit_no: str


def ca_key_new() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP384R1())


def unit_key_new() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def key_encrypt(key: PrivateKey, passphrase: str) -> str:
    """PKCS#8 PEM encrypted with the best scheme the library offers (AES-256, scrypt/PBKDF2)."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode()),
    ).decode()


def key_decrypt(pem: str, passphrase: str) -> PrivateKey:
    key = serialization.load_pem_private_key(pem.encode(), password=passphrase.encode())
    assert isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey)
    return key


def ca_name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Shebao 单位社会保险网上经办平台"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _utf8_cut(text: str, limit: int) -> str:
    """The longest prefix whose UTF-8 encoding fits in ``limit`` bytes."""
    return text.encode()[:limit].decode(errors="ignore")


def unit_name(identity: UnitIdentity) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, identity.name[:NAME_MAX]),
            x509.NameAttribute(NameOID.COMMON_NAME, _utf8_cut(identity.name, NAME_MAX)),
            x509.NameAttribute(
                NameOID.ORGANIZATION_IDENTIFIER, CREDIT_CODE_PREFIX + identity.credit_code
            ),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, identity.unit_no),
        ]
    )


def _ca_extensions(
    builder: x509.CertificateBuilder, public_key: PublicKey, path_length: int | None
) -> x509.CertificateBuilder:
    return (
        builder.add_extension(
            x509.BasicConstraints(ca=True, path_length=path_length), critical=True
        )
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )


def root_build(
    *, key: PrivateKey, common_name: str, not_before: dt.datetime, not_after: dt.datetime
) -> x509.Certificate:
    name = ca_name(common_name)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
    )
    builder = _ca_extensions(builder, key.public_key(), path_length=1)
    return builder.sign(key, CA_HASH)


def issuing_build(
    *,
    key: PrivateKey,
    common_name: str,
    root: x509.Certificate,
    root_key: PrivateKey,
    not_before: dt.datetime,
    not_after: dt.datetime,
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(ca_name(common_name))
        .issuer_name(root.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(min(not_after, root.not_valid_after_utc))
    )
    builder = _ca_extensions(builder, key.public_key(), path_length=0)
    builder = builder.add_extension(_aki(root), critical=False)
    return builder.sign(root_key, CA_HASH)


def _aki(issuer: x509.Certificate) -> x509.AuthorityKeyIdentifier:
    ski = issuer.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    return x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski)


def unit_build(
    *,
    public_key: PublicKey,
    identity: UnitIdentity,
    issuer: x509.Certificate,
    issuer_key: PrivateKey,
    not_before: dt.datetime,
    not_after: dt.datetime,
    crl_url: str,
) -> x509.Certificate:
    """A unit's login and signing certificate (X.509 v3)."""
    builder = (
        x509.CertificateBuilder()
        .subject_name(unit_name(identity))
        .issuer_name(issuer.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # nonRepudiation: declarations are signed by the unit
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
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.EMAIL_PROTECTION]
            ),
            critical=False,
        )
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.UniformResourceIdentifier(UNIT_URN_PREFIX + identity.unit_no)]
            ),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(_aki(issuer), critical=False)
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
    )
    return builder.sign(issuer_key, CA_HASH)


@dataclass(frozen=True)
class Revoked:
    serial_number: int
    revoked_at: dt.datetime
    reason: x509.ReasonFlags


def crl_build(
    *,
    issuer: x509.Certificate,
    issuer_key: PrivateKey,
    revoked: list[Revoked],
    number: int,
    this_update: dt.datetime,
    next_update: dt.datetime,
) -> x509.CertificateRevocationList:
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.subject)
        .last_update(this_update)
        .next_update(next_update)
        .add_extension(x509.CRLNumber(number), critical=False)
        .add_extension(_aki(issuer), critical=False)
    )
    for item in revoked:
        entry = (
            x509.RevokedCertificateBuilder()
            .serial_number(item.serial_number)
            .revocation_date(item.revoked_at)
        )
        if item.reason != x509.ReasonFlags.unspecified:
            entry = entry.add_extension(x509.CRLReason(item.reason), critical=False)
        builder = builder.add_revoked_certificate(entry.build())
    return builder.sign(issuer_key, CA_HASH)


def unit_no_of(cert: x509.Certificate) -> str | None:
    """The 单位编号 in the SAN URI, or None if the certificate carries none."""
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return None
    for uri in san.get_values_for_type(x509.UniformResourceIdentifier):
        if uri.startswith(UNIT_URN_PREFIX):
            return uri[len(UNIT_URN_PREFIX) :]
    return None


def fingerprint(cert: x509.Certificate) -> str:
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def p12_build(
    *,
    key: PrivateKey,
    cert: x509.Certificate,
    chain: list[x509.Certificate],
    pin: str,
    friendly_name: str,
) -> bytes:
    """PKCS#12 (AES-256-CBC, PBKDF2-SHA256, HMAC-SHA256) that OpenSSL 3 and browsers open."""
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(200_000)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(pin.encode())
    )
    return pkcs12.serialize_key_and_certificates(
        friendly_name.encode(), key, cert, chain, encryption
    )
