"""The unit prints its 参保证明 (§3.3.47) from the case that issued it: scoped to the
acting unit (``case_of``), an audited read, the same sealed bytes every time."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from shebao.audit.reads import ReadAction, access_read_record
from shebao.contributions.models import ParticipationCertificate

from ..access import actor, case_of, client_ip, operator_view
from .pensions import _inline


@operator_view
@require_GET
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """湖北省社会保险参保证明(单位) of the unit's §3.3.47 case ``pk``; 404 for any other."""
    from shebao.documents.certificate import certificate_pdf as render
    from shebao.documents.verify import public_base_url

    case = case_of(request, pk)
    certificate = (
        ParticipationCertificate.objects.select_related("unit", "region", "person")
        .filter(case=case, unit=case.unit)
        .first()
    )
    if certificate is None:
        raise Http404("certificate")
    access_read_record(
        action=ReadAction.PDF,
        actor=actor(request),
        unit=case.unit,
        ip=client_ip(request),
        document="participation_certificate",
        case_id=case.pk,
        serial_no=certificate.serial_no,
    )
    pdf = render(
        certificate,
        actor=actor(request),
        ip=client_ip(request),
        verify_base_url=public_base_url(request),
    )
    return _inline(pdf, f"参保证明-{certificate.serial_no}.pdf")
