"""GET /pki/crl/<issuing CA id>.crl: the CA's current CRL (DER), public like any CRL."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from .authority import crl_current
from .models import CertificateAuthority


@require_GET
def crl(request: HttpRequest, authority_id: int) -> HttpResponse:
    authority = CertificateAuthority.objects.filter(
        pk=authority_id, kind=CertificateAuthority.Kind.ISSUING
    ).first()
    if authority is None:
        raise Http404
    response = HttpResponse(crl_current(authority=authority), content_type="application/pkix-crl")
    response["Content-Disposition"] = f'attachment; filename="{authority_id}.crl"'
    response["Cache-Control"] = "public, max-age=3600"
    return response
