"""人员信息查询窗口: the dialog's JSON, scoped to persons of the acting unit.

A wizard passes its service (``?service=<code>``): the spec's ``lookup_persons`` hook narrows
whom the dialog offers (an enrolment offers persons the unit may enrol, not its insured
staff) and its ``lookup_fill`` names the fields a pick fills (民族, 联系电话…).

Lists and the pick carry masked ID numbers only (issue #10 §2): the form posts the chosen
person's id and the server fills in the full number, through ``person_get``, which refuses
anyone outside the unit; each pick is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from shebao.audit.reads import ReadAction, access_read_record
from shebao.core.masking import Sensitive, mask
from shebao.identity.ratelimit import LOOKUP
from shebao.registry import selectors
from shebao.registry.lookup_audit import person_lookups_record
from shebao.registry.models import Person, PersonQuerySet, Unit
from shebao.services.offer import offered_or_403
from shebao.services.registry import registry
from shebao.services.spec import ServiceSpec

from ..access import actor, client_ip, operator_view, rate_limited, unit_of

PAGE_SIZE = 10


@operator_view
@require_GET
@rate_limited(LOOKUP, methods=("GET",))
def person_lookup(request: HttpRequest) -> JsonResponse:
    unit = unit_of(request)
    _count_lookup(request, unit)
    spec = _spec(request)
    persons = selectors.person_list(
        unit=unit,
        person_no=request.GET.get("person_no", "")[:20],
        id_number=request.GET.get("id_number", "")[:18],
        name=request.GET.get("name", "")[:30],
        narrow=_narrow(spec, unit),
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
    spec = _spec(request)
    _count_lookup(request, unit)
    try:
        person = selectors.person_get(unit=unit, person_id=person_id, narrow=_narrow(spec, unit))
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
    picked: dict[str, Any] = {
        "id": person.pk,
        "person_no": person.person_no,
        "id_number": mask(person.id_number, Sensitive.ID),
        "name": person.name,
    }
    if spec is not None:
        picked["fill"] = spec.lookup_fill(person)
    return JsonResponse(picked)


def _spec(request: HttpRequest) -> ServiceSpec[Any] | None:
    code = request.GET.get("service", "")[:64]
    return offered_or_403(registry, code, unit_of(request)) if code else None


def _narrow(
    spec: ServiceSpec[Any] | None, unit: Unit
) -> Callable[[PersonQuerySet], QuerySet[Person]] | None:
    if spec is None:
        return None
    return partial(spec.lookup_persons, unit)


def _count_lookup(request: HttpRequest, unit: Unit) -> None:
    """Each search and pick counts towards the operator's hourly look-ups (bulk ones audited)."""
    person_lookups_record(
        unit=unit, actor=actor(request), ip=client_ip(request), channel="web", lookups=1
    )
