"""What other apps may use of the certificate authority. Keep it small, keep it stable."""

from .authority import crl_current, crl_refresh, issuing_ca_rotate, pki_init
from .certificates import certificate_issue, certificate_renew, certificate_revoke
from .login import CertificateLoginRefused, certificate_login, challenge_create
from .pins import pin_check

__all__ = [
    "CertificateLoginRefused",
    "certificate_issue",
    "certificate_login",
    "certificate_renew",
    "certificate_revoke",
    "challenge_create",
    "crl_current",
    "crl_refresh",
    "issuing_ca_rotate",
    "pin_check",
    "pki_init",
]
