"""附件材料: upload / re-upload / delete on a draft, and the scoped view of a stored file."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_POST

from shebao.cases.models import Case, CaseStatus
from shebao.core.errors import InvalidValue
from shebao.services.registry import registry

from ..access import actor, case_of, client_ip, material_of, operator_view
from .step2 import step2_url

NO_FILE = gettext_noop("请选择要上传的材料文件")
UPLOADED = gettext_noop("“%(m)s”已上传")
DELETED = gettext_noop("材料已删除")


@operator_view
@require_POST
def material_upload(request: HttpRequest, pk: int) -> HttpResponse:
    case = _draft(request, pk)
    spec = registry[case.service_code]
    name = request.POST.get("material", "")
    if name not in {m.name for m in spec.materials}:
        raise Http404("material")
    uploaded = request.FILES.get("file")
    if uploaded is None:
        messages.error(request, _(NO_FILE))
        return redirect(step2_url(case, "materials"))
    from shebao.cases.materials import material_upload as upload

    try:
        upload(case=case, material=name, uploaded_file=uploaded, actor=actor(request))
    except InvalidValue as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _(UPLOADED) % {"m": name})
    return redirect(step2_url(case, "materials"))


@operator_view
@require_POST
def material_delete(request: HttpRequest, pk: int, material_id: int) -> HttpResponse:
    case = _draft(request, pk)
    material_of(case, material_id)
    from shebao.cases.materials import material_delete as delete

    try:
        delete(case=case, pk=material_id, actor=actor(request), ip=client_ip(request))
    except InvalidValue as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _(DELETED))
    return redirect(step2_url(case, "materials"))


@operator_view
@require_GET
def material_view(request: HttpRequest, pk: int, material_id: int) -> HttpResponse:
    """查看: the unit's own case first, then the material of that case (404 for anyone else's)."""
    case = case_of(request, pk)
    return material_response(case, material_id)


def material_response(case: Case, material_id: int) -> HttpResponse:
    material_of(case, material_id)
    from shebao.cases.materials import material_open

    file, content_type, filename = material_open(case=case, pk=material_id)
    data = file.read() if hasattr(file, "read") else file
    if hasattr(file, "close"):
        file.close()
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _draft(request: HttpRequest, pk: int) -> Case:
    case = case_of(request, pk)
    if case.status != CaseStatus.DRAFT:
        raise Http404("draft")
    return case
