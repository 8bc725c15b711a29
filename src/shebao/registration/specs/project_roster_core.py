"""The roster rules every project roster service shares (HB §3.3.4/5/7/8, CQ 八(一)).

Each service turns its rows into :class:`RosterChange` items; :func:`roster_plan` checks them
against the project and its existing lines in a few bulk queries (a 10,000-row roster costs
the same handful of queries as one row) and returns what to write, which :func:`roster_apply`
does with bulk writes. Rules:

- the project is the acting unit's and of the service's kind (another unit's is "unknown");
- one case, one project; a 终止 project takes no new workers;
- a period lies inside the project's dates and ends no earlier than it starts;
- a person's periods on one project never overlap, within the file or with existing lines;
- 更新 / 减少 need the person's open (在册) line; 减少 needs the end date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.errors import InvalidValue
from shebao.core.ids import IdNumber
from shebao.core.models import next_values
from shebao.registry.choices import ProjectKind, ProjectStatus, ProjectWorkerStatus
from shebao.registry.disclosure import NAME_MISMATCH
from shebao.registry.models import Person, Project, ProjectWorker
from shebao.registry.selectors import persons_by_id_number, project_lines_by_id_number
from shebao.registry.services import PERSON_NO_COUNTER, PERSON_NO_START
from shebao.services.spec import CheckContext

from .project_common import ONE_PROJECT_PER_CASE, projects_by_no, resolve_project

if TYPE_CHECKING:
    from shebao.services.spec import EffectContext

ADD, UPDATE, REMOVE = "增加", "更新", "减少"
CHANGE_TYPES = [ADD, UPDATE, REMOVE]
LINE_NO_COUNTER = "project_line_no"
LINE_NO_START = 1_000_000_000

START_LABEL = "进入项目开始时间"
END_LABEL = "进入项目终止时间"

PROJECT_ENDED = gettext_noop("项目 %(p)s 已终止，不能增加人员")
BEFORE_PROJECT = gettext_noop("%(f)s %(d)s 早于项目开始日期 %(s)s")
AFTER_PROJECT = gettext_noop("%(f)s %(d)s 晚于项目结束日期 %(e)s")
END_BEFORE_START = gettext_noop("进入项目终止时间 %(e)s 早于进入项目开始时间 %(s)s")
OVERLAPS_LINE = gettext_noop("该人员在本项目已有 %(s)s 至 %(e)s 的参保记录，时间段不能重叠")
OVERLAPS_ROW = gettext_noop("与第 %(n)d 行同一人员的进入项目时间段重叠")
NOT_ON_ROSTER = gettext_noop(
    "该人员不在本项目的参保名册中（或已减少），不能%(op)s，请先备案（增加）"
)
SEVERAL_OPEN = gettext_noop("该人员在本项目有多条在册记录，请填写与原记录一致的进入项目开始时间")
REMOVE_NEEDS_END = gettext_noop("减少时必须填写%(f)s")
ONE_CHANGE_A_PERSON = gettext_noop("与第 %(n)d 行为同一人员，一个办件中每人只能更新或减少一次")
GENDER_MISMATCH = gettext_noop("性别与身份证号码不一致（身份证号码为%(g)s性）")
START_REQUIRED = gettext_noop("增加人员时必须填写%(f)s")


@dataclass
class RosterChange:
    number: int
    op: str
    project_no: str
    id_number: str
    name: str
    gender: str | None = None  # 男 / 女 as typed
    start: dt.date | None = None
    end: dt.date | None = None
    mobile: str = ""
    ethnicity: str = ""
    hukou_type: str = ""
    start_label: str = START_LABEL
    end_label: str = END_LABEL


@dataclass
class RosterPlan:
    project: Project | None = None
    add: list[RosterChange] = field(default_factory=list)
    update: list[tuple[RosterChange, ProjectWorker]] = field(default_factory=list)
    remove: list[tuple[RosterChange, ProjectWorker]] = field(default_factory=list)


def roster_plan(
    ctx: CheckContext, kind: ProjectKind, changes: list[RosterChange], *, lock: bool = False
) -> RosterPlan:
    plan = RosterPlan()
    if not changes:
        return plan
    project = _one_project(ctx, kind, changes, lock=lock)
    if project is None:
        return plan
    plan.project = project
    ids = [c.id_number for c in changes]
    persons = persons_by_id_number(ids)
    lines = project_lines_by_id_number(project, ids)
    # periods claimed so far in this file, per person: (start, end, row number)
    claimed: dict[str, list[tuple[dt.date, dt.date, int]]] = {}
    touched: dict[str, int] = {}
    for change in changes:
        if change.project_no != project.project_no:
            continue  # reported by _one_project
        if not _person_ok(ctx, change, persons.get(change.id_number)):
            continue
        own = lines.get(change.id_number, [])
        if change.op == ADD:
            _plan_add(ctx, plan, project, change, own, claimed)
        else:
            first = touched.setdefault(change.id_number, change.number)
            if first != change.number:
                ctx.fail(change.number, "", _(ONE_CHANGE_A_PERSON) % {"n": first})
                continue
            _plan_change(ctx, plan, project, change, own, claimed)
    return plan


def _one_project(
    ctx: CheckContext, kind: ProjectKind, changes: list[RosterChange], *, lock: bool
) -> Project | None:
    first = changes[0]
    for change in changes[1:]:
        if change.project_no != first.project_no:
            ctx.fail(
                change.number,
                "项目编号",
                _(ONE_PROJECT_PER_CASE) % {"n": first.number, "p": first.project_no},
            )
    projects = projects_by_no(ctx.unit, [first.project_no])
    project = resolve_project(ctx, first.number, first.project_no, projects, kind)
    if project is None:
        # every row of the case names this project: each one is told why
        for change in changes[1:]:
            if change.project_no == first.project_no:
                resolve_project(ctx, change.number, change.project_no, projects, kind)
        return None
    if lock:
        # serialise roster changes on one project: the overlap check must see the other's lines
        project = Project.objects.select_for_update().get(pk=project.pk)
    return project


def _person_ok(ctx: CheckContext, change: RosterChange, person: Person | None) -> bool:
    ok = True
    if person is not None and person.name != change.name:
        ctx.fail(change.number, "姓名", _(NAME_MISMATCH))
        ok = False
    if change.gender:
        expected = "男" if IdNumber(change.id_number).gender == "1" else "女"
        if change.gender != expected:
            ctx.fail(change.number, "性别", _(GENDER_MISMATCH) % {"g": expected})
            ok = False
    return ok


def _inside(ctx: CheckContext, project: Project, change: RosterChange) -> bool:
    ok = True
    for label, day in ((change.start_label, change.start), (change.end_label, change.end)):
        if day is None:
            continue
        if day < project.start_date:
            ctx.fail(
                change.number,
                label,
                _(BEFORE_PROJECT) % {"f": label, "d": day, "s": project.start_date},
            )
            ok = False
        elif day > project.end_date:
            ctx.fail(
                change.number,
                label,
                _(AFTER_PROJECT) % {"f": label, "d": day, "e": project.end_date},
            )
            ok = False
    if change.start and change.end and change.end < change.start:
        ctx.fail(
            change.number,
            change.end_label,
            _(END_BEFORE_START) % {"e": change.end, "s": change.start},
        )
        ok = False
    return ok


def _span(line: ProjectWorker, project: Project) -> tuple[dt.date, dt.date]:
    return line.start_date, line.end_date or project.end_date


def _overlap(
    ctx: CheckContext,
    change: RosterChange,
    start: dt.date,
    end: dt.date,
    lines: Iterable[ProjectWorker],
    project: Project,
    claimed: dict[str, list[tuple[dt.date, dt.date, int]]],
) -> bool:
    for line in lines:
        s, e = _span(line, project)
        if start <= e and s <= end:
            ctx.fail(change.number, change.start_label, _(OVERLAPS_LINE) % {"s": s, "e": e})
            return True
    for s, e, number in claimed.get(change.id_number, ()):
        if start <= e and s <= end:
            ctx.fail(change.number, change.start_label, _(OVERLAPS_ROW) % {"n": number})
            return True
    return False


def _plan_add(
    ctx: CheckContext,
    plan: RosterPlan,
    project: Project,
    change: RosterChange,
    own: list[ProjectWorker],
    claimed: dict[str, list[tuple[dt.date, dt.date, int]]],
) -> None:
    if project.status == ProjectStatus.ENDED:
        ctx.fail(change.number, "项目编号", _(PROJECT_ENDED) % {"p": project.project_no})
        return
    if change.start is None:
        ctx.fail(change.number, change.start_label, _(START_REQUIRED) % {"f": change.start_label})
        return
    if not _inside(ctx, project, change):
        return
    end = change.end or project.end_date
    if _overlap(ctx, change, change.start, end, own, project, claimed):
        return
    claimed.setdefault(change.id_number, []).append((change.start, end, change.number))
    plan.add.append(change)


def _plan_change(
    ctx: CheckContext,
    plan: RosterPlan,
    project: Project,
    change: RosterChange,
    own: list[ProjectWorker],
    claimed: dict[str, list[tuple[dt.date, dt.date, int]]],
) -> None:
    open_lines = [line for line in own if line.status == ProjectWorkerStatus.ACTIVE]
    target = _target(open_lines, change)
    if not open_lines:
        ctx.fail(change.number, "", _(NOT_ON_ROSTER) % {"op": change.op})
        return
    if target is None:
        ctx.fail(change.number, change.start_label, _(SEVERAL_OPEN))
        return
    if change.op == REMOVE and change.end is None:
        ctx.fail(change.number, change.end_label, _(REMOVE_NEEDS_END) % {"f": change.end_label})
        return
    start = change.start or target.start_date
    end = (
        change.end if change.end is not None else (target.end_date if change.op == REMOVE else None)
    )
    effective = RosterChange(**{**change.__dict__, "start": start, "end": end})
    if not _inside(ctx, project, effective):
        return
    others = [line for line in own if line.pk != target.pk]
    if _overlap(ctx, effective, start, end or project.end_date, others, project, claimed):
        return
    claimed.setdefault(change.id_number, []).append((start, end or project.end_date, change.number))
    (plan.update if change.op == UPDATE else plan.remove).append((effective, target))


def _target(open_lines: list[ProjectWorker], change: RosterChange) -> ProjectWorker | None:
    if len(open_lines) == 1:
        return open_lines[0]
    for line in open_lines:
        if change.start is not None and line.start_date == change.start:
            return line
    if change.start is None and change.end is not None:
        for line in open_lines:
            if line.start_date <= change.end <= (line.end_date or dt.date.max):
                return line
    return None


def roster_apply(
    effect: EffectContext, kind: ProjectKind, changes: list[RosterChange]
) -> dict[str, Any]:
    """Write the plan: new persons, new lines, updated and ended lines; bulk writes only."""
    ctx = CheckContext(unit=effect.unit)
    plan = roster_plan(ctx, kind, changes, lock=True)
    if ctx.errors or plan.project is None:
        first = next(iter(ctx.errors.values()))[0] if ctx.errors else ""
        raise InvalidValue(str(first))
    serial = effect.serial_no
    created = _persons_ensure(plan.add)
    persons = persons_by_id_number(c.id_number for c in plan.add)
    numbers = (
        iter(next_values(LINE_NO_COUNTER, len(plan.add), start=LINE_NO_START))
        if plan.add
        else iter(())
    )
    ProjectWorker.objects.bulk_create(
        [
            ProjectWorker(
                project=plan.project,
                person=persons[c.id_number],
                line_no=str(next(numbers)),
                start_date=_set(c.start),
                end_date=c.end,
                mobile=c.mobile,
                hukou_type=c.hukou_type,
                opened_by=serial,
            )
            for c in plan.add
        ],
        batch_size=2000,
    )
    updated = []
    for c, line in plan.update:
        line.start_date, line.end_date, line.changed_by = _set(c.start), c.end, serial
        if c.mobile:
            line.mobile = c.mobile
        updated.append(line)
    for c, line in plan.remove:
        line.start_date, line.end_date = _set(c.start), c.end
        line.status, line.closed_by = ProjectWorkerStatus.ENDED, serial
        updated.append(line)
    ProjectWorker.objects.bulk_update(
        updated,
        ["start_date", "end_date", "mobile", "status", "changed_by", "closed_by"],
        batch_size=2000,
    )
    return {
        "project_no": plan.project.project_no,
        "persons_created": created,
        "added": len(plan.add),
        "updated": len(plan.update),
        "removed": len(plan.remove),
    }


def _set(day: dt.date | None) -> dt.date:
    """A planned change always has its start (the plan filled it from the line if blank)."""
    assert day is not None
    return day


def _persons_ensure(changes: list[RosterChange]) -> int:
    """Create the persons named for the first time, like enrolment does (§3.3.3)."""
    known = persons_by_id_number(c.id_number for c in changes)
    fresh: dict[str, RosterChange] = {}
    for c in changes:
        if c.id_number not in known:
            fresh.setdefault(c.id_number, c)
    if not fresh:
        return 0
    numbers = iter(next_values(PERSON_NO_COUNTER, len(fresh), start=PERSON_NO_START))
    people = []
    for c in fresh.values():
        ident = IdNumber(c.id_number)
        people.append(
            Person(
                person_no=str(next(numbers)),
                id_number=c.id_number,
                name=c.name,
                gender=ident.gender,
                birth_date=ident.birth_date,
                ethnicity=c.ethnicity,
                mobile=c.mobile,
            )
        )
    Person.objects.bulk_create(people, batch_size=2000)
    return len(people)
