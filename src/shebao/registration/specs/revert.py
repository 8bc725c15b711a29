"""Compensating effects for a rollback (回退) of the person-level enrolment services.

A case that opened enrolments is undone by removing exactly those enrolments; one that
ended enrolments by reopening exactly those. Either is refused when later business has
built on the result, naming the case to roll back first, so nothing is undone half-way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.errors import InvalidValue
from shebao.registry.choices import EnrolmentStatus
from shebao.registry.models import Enrolment

if TYPE_CHECKING:
    from shebao.registry.models import Unit

CLOSED_LATER = gettext_noop(
    "本办件办理的参保信息已被后续办件（业务流水号 %(s)s）停保，请先回退该办件"
)
REENROLLED = gettext_noop(
    "%(n)s 已重新参加%(t)s（业务流水号 %(s)s），不能恢复本办件停保前的参保状态"
)


def revert_opened_enrolments(*, unit: Unit, serial_no: str) -> dict[str, int]:
    opened = Enrolment.objects.select_for_update().filter(unit=unit, opened_by=serial_no)
    later = opened.exclude(closed_by="").values_list("closed_by", flat=True).first()
    if later:
        raise InvalidValue(_(CLOSED_LATER) % {"s": later})
    removed, _by_model = opened.delete()
    return {"enrolments_removed": removed}


def revert_closed_enrolments(*, unit: Unit, serial_no: str) -> dict[str, int]:
    closed = list(
        Enrolment.objects.select_for_update()
        .filter(unit=unit, closed_by=serial_no)
        .select_related("person")
    )
    wanted = {(e.person_id, e.insurance_type) for e in closed}
    since = Enrolment.objects.filter(
        status=EnrolmentStatus.ACTIVE,
        person_id__in={p for p, _t in wanted},
        insurance_type__in={t for _p, t in wanted},
    ).select_related("person")
    for other in since:
        if (other.person_id, other.insurance_type) in wanted:
            raise InvalidValue(
                _(REENROLLED)
                % {
                    "n": other.person.name,
                    "t": other.get_insurance_type_display(),
                    "s": other.opened_by or "—",
                }
            )
    for enrolment in closed:
        enrolment.status = EnrolmentStatus.ACTIVE
        enrolment.end_date = None
        enrolment.end_period = ""
        enrolment.suspension_reason = ""
        enrolment.closed_by = ""
    Enrolment.objects.bulk_update(
        closed,
        ["status", "end_date", "end_period", "suspension_reason", "closed_by"],
        batch_size=1000,
    )
    return {"enrolments_reopened": len(closed)}
