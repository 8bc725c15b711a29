"""The retirement reminder's one action: the unit says whether a woman holds a cadre or a
worker post (岗位类别), which decides her statutory age; the list itself is on 首页."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from shebao.contributions.retirement import insured_person
from shebao.core.errors import InvalidValue
from shebao.registry.services import person_post_type_set

from ..access import operator_view, unit_of

POST_TYPE_SAVED = gettext_noop("已保存 %(n)s 的岗位类别：%(t)s")


@require_POST
@operator_view
def post_type_set(request: HttpRequest, person_no: str) -> HttpResponse:
    unit = unit_of(request)
    person = insured_person(unit=unit, person_no=person_no)
    if person is None:  # not insured with this unit: as if it did not exist
        raise Http404
    try:
        person_post_type_set(
            person=person,
            post_type=request.POST.get("post_type", ""),
            actor=request.user,
            acting_unit=unit,
            ip=request.META.get("REMOTE_ADDR"),
        )
    except InvalidValue as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(POST_TYPE_SAVED) % {"n": person.name, "t": person.get_post_type_display()},
        )
    return redirect("home")
