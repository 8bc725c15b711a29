"""Reads of the registry, always scoped to the acting unit or reviewer's region."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL

from shebao.core.crypto import normalise_id_number, person_hash

from .choices import EnrolmentStatus, ProjectKind, ProjectWorkerStatus, UnitInsuranceStatus
from .models import Enrolment, Person, PersonQuerySet, Project, ProjectWorker, Unit

ID_NUMBER_LENGTH = 18


def person_list(
    *,
    unit: Unit,
    person_no: str = "",
    id_number: str = "",
    name: str = "",
    narrow: Callable[[PersonQuerySet], QuerySet[Person]] | None = None,
) -> QuerySet[Person]:
    """Persons related to ``unit`` (the lookup dialog's scope): see :func:`related_persons`.

    ``narrow`` (a service's look-up hook) may only narrow that set, never widen it: it gets
    the related persons and its result is intersected with them again.

    The ID number is encrypted: a whole one is found through its keyed hash; the first
    digits of one narrow the unit's persons (after the other filters) decrypted here.
    """
    qs = related_persons(unit=unit)
    if narrow is not None:
        qs = qs.filter(pk__in=narrow(related_persons(unit=unit)).values("pk"))
    if person_no:
        qs = qs.filter(person_no__startswith=person_no.strip())
    if name:
        qs = qs.filter(name__contains=name.strip())
    prefix = normalise_id_number(id_number)
    if len(prefix) == ID_NUMBER_LENGTH:
        qs = qs.by_id_number(prefix)
    elif prefix:
        matching = [pk for pk, n in qs.values_list("pk", "id_number") if n.startswith(prefix)]
        qs = Person.objects.filter(pk__in=matching)
    return qs.order_by("person_no")


def person_get(
    *,
    unit: Unit,
    person_id: int,
    narrow: Callable[[PersonQuerySet], QuerySet[Person]] | None = None,
) -> Person:
    return person_list(unit=unit, narrow=narrow).get(pk=person_id)


def persons_enrolable(persons: PersonQuerySet, *, unit: Unit) -> PersonQuerySet:
    """Those of ``persons`` whom ``unit`` may enrol: not insured in it now (its suspended
    and former staff, its projects' workers); the one it insures would be 不能重复参保."""
    return persons.exclude(pk__in=_active_in(unit).values("person_id"))


def persons_insured(persons: PersonQuerySet, *, unit: Unit) -> PersonQuerySet:
    """Those of ``persons`` insured in ``unit`` now (whom it may suspend or change)."""
    return persons.filter(pk__in=_active_in(unit).values("person_id"))


def _active_in(unit: Unit) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(unit=unit, status=EnrolmentStatus.ACTIVE)


def related_persons(*, unit: Unit) -> PersonQuerySet:
    """Persons ``unit`` knows (issue #10 §2): its staff, insured now or before (any enrolment
    status), and the workers on its projects' rosters (项目参保人员, who need no enrolment).

    Rows typed into the unit's own cases do not make a person related: a draft row can name
    anyone, so counting it would let a unit learn a stranger's name by typing their ID number.
    What an approved case did (an enrolment, a project line) is counted through its effect.
    """
    return Person.objects.filter(
        Q(pk__in=Enrolment.objects.filter(unit=unit).values("person_id"))
        | Q(pk__in=ProjectWorker.objects.filter(project__unit=unit).values("person_id"))
    )


def related_person_ids(*, unit: Unit, person_ids: Iterable[int]) -> set[int]:
    """Those of ``person_ids`` related to ``unit`` (:func:`related_persons`).

    Validation may name only these persons' attributes; everyone else is another unit's.
    """
    ids = list(dict.fromkeys(person_ids))
    found: set[int] = set()
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        found.update(
            Enrolment.objects.filter(unit=unit, person_id__in=chunk)
            .values_list("person_id", flat=True)
            .distinct()
        )
        found.update(
            ProjectWorker.objects.filter(project__unit=unit, person_id__in=chunk)
            .values_list("person_id", flat=True)
            .distinct()
        )
    return found


def unrelated_person_ids(*, unit: Unit, id_numbers: Iterable[str]) -> list[int]:
    """Registered persons among ``id_numbers`` not related to ``unit`` (bulk look-up audit).

    One anti-join per chunk, ids only: a 100,000-row roster must not pay for model objects.
    """
    found: list[int] = []
    for chunk in chunked(id_numbers):
        found.extend(
            Person.objects.filter(pk__in=_person_ids(chunk))
            .exclude(pk__in=Enrolment.objects.filter(unit=unit).values("person_id"))
            .exclude(pk__in=ProjectWorker.objects.filter(project__unit=unit).values("person_id"))
            .values_list("pk", flat=True)
        )
    return sorted(found)


def unit_active_insurance_types(*, unit: Unit) -> list[str]:
    """The types the unit pays in now, sorted: a type suspended by §3.3.11 is left out."""
    active = unit.insurances.filter(status=UnitInsuranceStatus.ACTIVE)
    return sorted(active.values_list("insurance_type", flat=True))


def active_staff_counts(*, unit: Unit) -> dict[str, int]:
    """Persons actively enrolled in the unit, per insurance type, in one query."""
    rows = (
        Enrolment.objects.filter(unit=unit, status=EnrolmentStatus.ACTIVE)
        .values("insurance_type")
        .annotate(n=Count("id"))
    )
    return {r["insurance_type"]: r["n"] for r in rows}


def enrolment_list(*, unit: Unit, active_only: bool = False) -> QuerySet[Enrolment]:
    qs = Enrolment.objects.filter(unit=unit).select_related("person")
    if active_only:
        qs = qs.filter(status=EnrolmentStatus.ACTIVE)
    return qs


def active_enrolments_by_id_number(id_numbers: Iterable[str]) -> dict[str, list[Enrolment]]:
    """Active enrolments in any unit for these ID numbers, in one query (for batch checks)."""
    result: dict[str, list[Enrolment]] = {}
    for chunk in chunked(id_numbers):
        qs = Enrolment.objects.filter(
            Q(person_id__in=_person_ids(chunk)), status=EnrolmentStatus.ACTIVE
        ).select_related("person", "unit")
        for enrolment in qs:
            result.setdefault(enrolment.person.id_number, []).append(enrolment)
    return result


def persons_by_id_number(id_numbers: Iterable[str]) -> dict[str, Person]:
    return {
        p.id_number: p
        for chunk in chunked(id_numbers)
        for p in Person.objects.filter(pk__in=_person_ids(chunk))
    }


def _person_ids(id_numbers: list[str]) -> RawSQL:
    """``SELECT id FROM person WHERE id_number_hash IN (...)`` as a subquery.

    The same rows as ``Person.objects.by_id_numbers(...)``, but the ORM's per-value
    processing of an ``IN`` list costs ~6 us a value: over a second for the two look-ups of
    a 100,000-row roster.
    """
    meta = Person._meta
    placeholders = ",".join(["%s"] * len(id_numbers))
    sql = (
        f"SELECT {qn(meta.pk.column)} FROM {qn(meta.db_table)} "
        f"WHERE {qn(meta.get_field('id_number_hash').column)} IN ({placeholders})"
    )
    return RawSQL(sql, [person_hash(i) for i in id_numbers])


def qn(name: str | None) -> str:
    return connection.ops.quote_name(name or "")


def chunked(values: Iterable[str], size: int = 5000) -> Iterable[list[str]]:
    """Split ``IN`` lists: SQLite caps the number of query parameters."""
    items = list(dict.fromkeys(values))
    for start in range(0, len(items), size):
        yield items[start : start + size]


def project_list(
    *, unit: Unit, kind: ProjectKind | str | None = None, project_nos: Iterable[str] | None = None
) -> QuerySet[Project]:
    """The acting unit's projects; another unit's project is simply not there."""
    qs = Project.objects.filter(unit=unit)
    if kind:
        qs = qs.filter(kind=kind)
    if project_nos is not None:
        qs = qs.filter(project_no__in=list(project_nos))
    return qs.order_by("project_no")


def project_get(*, unit: Unit, project_no: str) -> Project:
    """Raises ``Project.DoesNotExist`` for an unknown number or another unit's project."""
    return project_list(unit=unit).get(project_no=project_no)


def project_workers(
    *, unit: Unit, project: Project, current_only: bool = False
) -> QuerySet[ProjectWorker]:
    """A project's roster lines, only if the project belongs to ``unit``."""
    qs = ProjectWorker.objects.filter(project=project, project__unit=unit).select_related("person")
    if current_only:
        qs = qs.filter(status=ProjectWorkerStatus.ACTIVE)
    return qs.order_by("start_date", "pk")


def project_lines_by_id_number(
    project: Project, id_numbers: Iterable[str]
) -> dict[str, list[ProjectWorker]]:
    """Every roster line of these persons on ``project`` (any status), in one query a chunk."""
    result: dict[str, list[ProjectWorker]] = {}
    for chunk in chunked(id_numbers):
        qs = ProjectWorker.objects.filter(
            Q(person_id__in=_person_ids(chunk)), project=project
        ).select_related("person")
        for line in qs.order_by("start_date", "pk"):
            result.setdefault(line.person.id_number, []).append(line)
    return result
