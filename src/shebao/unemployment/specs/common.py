"""What §3.3.66 and §3.3.67 both check of a person: insured for unemployment in this unit,
suspended there for an involuntary reason, not insured for unemployment anywhere now."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

from shebao.registry.choices import EnrolmentStatus, InsuranceType
from shebao.registry.models import Enrolment, Person, Unit
from shebao.registry.selectors import persons_by_id_number

from ..choices import INVOLUNTARY_SUSPENSION_REASONS
from ..models import UnemploymentRegistration
from ..selectors import open_registrations

NOT_FOUND = gettext_noop("未找到该人员的参保信息")
INSURED_NOW = gettext_noop("该人员正在参加失业保险，不能登记失业")
NOT_SUSPENDED_HERE = gettext_noop("该人员未在本单位参加失业保险，或尚未办理停保(减员)")
VOLUNTARY = gettext_noop("停保(减员)原因为“%(r)s”，不属于非本人意愿中断就业，请前往大厅办理")
BEFORE_STOP = gettext_noop("失业时间早于本单位停保日期 %(d)s")


@dataclass
class Lookups:
    """One query each: the persons, their unemployment enrolments, their open registrations."""

    persons: dict[str, Person] = field(default_factory=dict)
    enrolments: dict[int, list[Enrolment]] = field(default_factory=dict)
    registrations: dict[int, UnemploymentRegistration] = field(default_factory=dict)

    def active(self, person: Person) -> bool:
        return any(e.status == EnrolmentStatus.ACTIVE for e in self.enrolments.get(person.pk, ()))

    def suspended_here(self, person: Person, unit: Unit) -> Enrolment | None:
        """The unit's last suspended unemployment enrolment of ``person``."""
        ended = [
            e
            for e in self.enrolments.get(person.pk, ())
            if e.unit_id == unit.pk and e.status == EnrolmentStatus.SUSPENDED and e.end_date
        ]
        return max(ended, key=lambda e: (e.end_date, e.pk), default=None)


def lookups_for(id_numbers: Iterable[str]) -> Lookups:
    persons = persons_by_id_number(id_numbers)
    ids = [p.pk for p in persons.values()]
    enrolments: dict[int, list[Enrolment]] = {}
    for e in Enrolment.objects.filter(person_id__in=ids, insurance_type=InsuranceType.UNEMPLOYMENT):
        enrolments.setdefault(e.person_id, []).append(e)
    return Lookups(persons, enrolments, open_registrations(ids))


def involuntary(enrolment: Enrolment) -> bool:
    return enrolment.suspension_reason in INVOLUNTARY_SUSPENSION_REASONS
