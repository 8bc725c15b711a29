"""Races on PostgreSQL: one challenge, two simultaneous logins; simultaneous revocations."""

import base64

import pytest
from cryptography import x509
from django.conf import settings

from shebao.audit.models import AuditEvent
from shebao.audit.types import EventType
from shebao.pki import login as L
from shebao.pki.authority import crl_current
from shebao.pki.models import CertificateAuthority
from shebao.pki.services import certificate_login, certificate_revoke, challenge_create
from tests.cases.test_concurrency import race

from .conftest import issue

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL (SQLite serialises writers); "
        "run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/shebao",
    ),
]


def test_one_challenge_logs_in_once(ca, unit, operator):
    issued = issue(unit)
    nonce = challenge_create().nonce
    signature = base64.b64encode(issued.token.sign(base64.b64decode(nonce))).decode()

    def attempt():
        return certificate_login(certificate_pem=issued.pem, challenge=nonce, signature=signature)

    results = race(attempt, attempt, attempt)
    ok = [value for kind, value in results if kind == "ok"]
    errors = [value for kind, value in results if kind == "error"]
    assert len(ok) == 1 and ok[0][0] == operator
    assert [str(e) for e in errors] == [L.CHALLENGE_USED, L.CHALLENGE_USED]
    assert AuditEvent.objects.filter(event_type=EventType.PKI_LOGIN).count() == 1


def test_simultaneous_revocations_all_land_on_the_crl(ca, unit):
    _, issuing = ca
    certificates = [issue(unit) for _ in range(3)]
    results = race(
        *[
            (lambda c=c: certificate_revoke(certificate=c.record, reason="unspecified", actor=None))
            for c in certificates
        ]
    )
    assert [kind for kind, _ in results] == ["ok"] * 3
    crl = x509.load_der_x509_crl(crl_current(authority=issuing))
    serials = {entry.serial_number for entry in crl}
    assert serials == {int(c.record.serial_number, 16) for c in certificates}
    assert CertificateAuthority.objects.get(pk=issuing.pk).crl_number == issuing.crl_number + 3
