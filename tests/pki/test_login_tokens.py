"""A certificate-login token acts only for the certificate's unit and dies with the certificate."""

from knox.models import AuthToken
from rest_framework.test import APIClient

from shebao.api.access import CERTIFICATE_UNIT_ONLY
from shebao.api.auth import CERTIFICATE_REVOKED
from shebao.identity.models import OperatorUnit
from shebao.pki.models import RevocationReason, UnitCertificate
from shebao.pki.services import certificate_revoke
from tests import factories

from .conftest import login


def token_client(issued) -> APIClient:
    response = login(issued.pem, issued.token)
    assert response.status_code == 200, response.content
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def test_the_token_acts_only_for_the_certificates_unit(issued, operator, unit, region):
    other = factories.unit(region_obj=region)
    OperatorUnit.objects.create(user=operator, unit=other)  # the operator serves it too
    client = token_client(issued)

    refused = client.get("/api/v1/cases", HTTP_X_SHEBAO_UNIT=other.unit_no)
    assert refused.status_code == 403
    assert refused.json()["detail"] == CERTIFICATE_UNIT_ONLY % {
        "c": unit.unit_no,
        "u": other.unit_no,
    }
    assert client.get("/api/v1/cases", HTTP_X_SHEBAO_UNIT=unit.unit_no).status_code == 200
    assert client.get("/api/v1/cases").status_code == 200
    origin = AuthToken.objects.get(user=operator).origin
    assert (origin.unit, origin.certificate, origin.second_factor) == (unit, issued.record, False)


def test_revoking_the_certificate_revokes_its_tokens(issued, operator):
    client = token_client(issued)
    assert client.get("/api/v1/cases").status_code == 200
    certificate_revoke(
        certificate=issued.record, reason=RevocationReason.KEY_COMPROMISE, actor=None
    )
    assert client.get("/api/v1/cases").status_code == 401
    assert not AuthToken.objects.filter(user=operator).exists()


def test_a_token_of_a_certificate_revoked_behind_the_services_back_is_refused(issued):
    client = token_client(issued)
    UnitCertificate.objects.filter(pk=issued.record.pk).update(
        status=UnitCertificate.Status.REVOKED
    )
    response = client.get("/api/v1/cases")
    assert response.status_code == 401
    assert response.json()["detail"] == CERTIFICATE_REVOKED
