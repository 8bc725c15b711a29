"""人员信息查询窗口: the dialog's JSON, scoped to persons of the acting unit.

Lists and the pick carry masked ID numbers only (issue #10 §2): the form posts the chosen
person's id and the server fills in the full number, through ``person_get``, which refuses
anyone outside the unit; each pick is audited.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from shebao.audit.reads import ReadAction, access_read_record
from shebao.core.masking import Sensitive, mask
from shebao.identity.ratelimit import LOOKUP
from shebao.registry import selectors
from shebao.registry.lookup_audit import person_lookups_record
from shebao.registry.models import Person, Unit

from ..access import actor, client_ip, operator_view, rate_limited, unit_of

PAGE_SIZE = 10


@operator_view
@require_GET
@rate_limited(LOOKUP, methods=("GET",))
def person_lookup(request: HttpRequest) -> JsonResponse:
    unit = unit_of(request)
    _count_lookup(request, unit)
    persons = selectors.person_list(
        unit=unit,
        person_no=request.GET.get("person_no", "")[:20],
        id_number=request.GET.get("id_number", "")[:18],
        name=request.GET.get("name", "")[:30],
    )
    page = Paginator(persons, PAGE_SIZE).get_page(request.GET.get("page"))
    start = page.start_index()
    results = [
        {
            "id": p.pk,
            "seq": start + i,
            "person_no": p.person_no,
            "id_number": mask(p.id_number, Sensitive.ID),
            "id_type": p.id_type,
            "name": p.name,
            "gender": p.get_gender_display(),
            "birth_date": p.birth_date.isoformat(),
            "unit_no": unit.unit_no,
            "unit_name": unit.name,
            "region": unit.region.name,
        }
        for i, p in enumerate(page.object_list)
    ]
    return JsonResponse(
        {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "page_size": PAGE_SIZE,
            "results": results,
        }
    )


@operator_view
@require_GET
@rate_limited(LOOKUP, methods=("GET",))
def person_pick(request: HttpRequest, person_id: int) -> JsonResponse:
    """选择: what the form needs of the chosen person; the ID number masked as in the list (the
    form sends the person's id back and ``RowForm`` fills in the full number server-side)."""
    unit = unit_of(request)
    _count_lookup(request, unit)
    try:
        person = selectors.person_get(unit=unit, person_id=person_id)
    except Person.DoesNotExist:
        raise Http404("person")
    access_read_record(
        action=ReadAction.PERSON_PICK,
        actor=actor(request),
        unit=unit,
        ip=client_ip(request),
        person_id=person.pk,
        person_no=person.person_no,
    )
    return JsonResponse(
        {
            "id": person.pk,
            "person_no": person.person_no,
            "id_number": mask(person.id_number, Sensitive.ID),
            "name": person.name,
        }
    )


def _count_lookup(request: HttpRequest, unit: Unit) -> None:
    """Each search and pick counts towards the operator's hourly look-ups (bulk ones audited)."""
    person_lookups_record(
        unit=unit, actor=actor(request), ip=client_ip(request), channel="web", lookups=1
    )
