"""What both sides' views share: the scoped material response and the request's address."""

from __future__ import annotations

from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse

from ..models import CertificateOrder, OrderMaterial
from ..selectors import material_get

ORDERS_PER_PAGE = 20


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def material_response(order: CertificateOrder, material_id: int) -> HttpResponse:
    """The stored image of ``order`` (from a scoped selector), shown inline, never cached."""
    try:
        stored = material_get(order=order, pk=material_id)
    except OrderMaterial.DoesNotExist:
        raise Http404("material")
    with stored.file.storage.open(str(stored.file.name), "rb") as handle:  # at most 3M
        response = HttpResponse(handle.read(), content_type=stored.content_type)
    name = f"{stored.material}{stored.extension}"
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(name)}"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
