"""§3.3.4 / §3.3.5 roster filing and §3.3.7 / §3.3.8 roster maintenance, with WE-20's periods."""

import datetime as dt
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shebao.cases import services as cases
from shebao.cases.models import CaseStatus
from shebao.cases.rows import CaseDraft
from shebao.registry.choices import ProjectWorkerStatus
from shebao.registry.models import Person, ProjectWorker
from shebao.registry.selectors import project_workers
from tests import factories

from .helpers import draft, errors_of, register_project, upload, worker_raw

pytestmark = pytest.mark.django_db

FILING = "hb_construction_project_roster_filing"
MINING_FILING = "hb_mining_project_roster_filing"
MAINTENANCE = "hb_construction_project_roster_maintenance"
MINING_MAINTENANCE = "hb_mining_project_roster_maintenance"


@pytest.fixture
def project(unit, operator, reviewer):
    return register_project(
        unit, operator, reviewer, start_date="2021-03-01", end_date="2021-05-19"
    )


def file_rows(unit, operator, reviewer, project, *raws, code=FILING):
    case = draft(code, unit, operator)
    passed, failed = cases.case_rows_replace(case=case, rows=list(enumerate(raws, start=4)))
    assert failed == 0, [r.errors for r in case.rows.filter(passed=False)]
    case = cases.case_submit(case=case, actor=operator)
    return cases.case_approve(case=case, reviewer=reviewer)


def maintain(
    unit, operator, *raws, code=MAINTENANCE, material="《建筑工程项目职工参保信息变更表》"
):
    case = draft(code, unit, operator)
    for raw in raws:
        row = cases.case_row_add(case=case, raw=raw)
        assert row.passed, row.errors
    upload(case, material, operator)
    return cases.case_submit(case=case, actor=operator)


def test_filing_creates_persons_and_lines_after_review(unit, operator, reviewer, project):
    raw = worker_raw(project, male=False, name="赵六", gender="女")
    case = draft(FILING, unit, operator)
    assert cases.case_row_add(case=case, raw=raw).passed
    case = cases.case_submit(case=case, actor=operator)
    assert case.status == CaseStatus.UNDER_REVIEW and not ProjectWorker.objects.exists()
    case = cases.case_approve(case=case, reviewer=reviewer)

    person = Person.objects.by_id_number(raw["id_number"]).get()
    assert person.name == "赵六" and person.gender == "2"
    (line,) = project_workers(unit=unit, project=project)
    assert (line.start_date, line.end_date) == (dt.date(2021, 3, 17), dt.date(2021, 3, 31))
    assert line.status == ProjectWorkerStatus.ACTIVE and line.opened_by == case.serial_no
    assert line.line_no and line.mobile == "13600000000"
    assert case.effect == {
        "project_no": project.project_no,
        "persons_created": 1,
        "added": 1,
        "updated": 0,
        "removed": 0,
    }


def test_we20_mining_period_inside_project(unit, operator, reviewer):
    """WE-20 §3.3.5: project 2021-03-10..2021-03-30, person 2021-03-14..2021-03-18."""
    mine = register_project(unit, operator, reviewer, mining=True)
    assert (mine.start_date, mine.end_date) == (dt.date(2021, 3, 10), dt.date(2021, 3, 30))
    file_rows(
        unit,
        operator,
        reviewer,
        mine,
        worker_raw(mine, start_date="2021-03-14", end_date="2021-03-18"),
        code=MINING_FILING,
    )
    line = ProjectWorker.objects.get(project=mine)
    assert (line.start_date, line.end_date) == (dt.date(2021, 3, 14), dt.date(2021, 3, 18))
    # and 2021-03-17 .. 2021-03-31 (§3.3.4's person) would end after this project
    case = draft(MINING_FILING, unit, operator)
    row = cases.case_row_add(
        case=case, raw=worker_raw(mine, start_date="20210317", end_date="20210331")
    )
    assert not row.passed and "晚于项目结束日期 2021-03-30" in errors_of(row)


def test_we20_maintenance_update_inside_project(unit, operator, reviewer, project):
    """WE-20 §3.3.8 row: project 2021-03-01..2021-05-19, 更新 to 2021-03-10..2021-03-17."""
    raw = worker_raw(project, start_date="20210305", end_date="")
    file_rows(unit, operator, reviewer, project, raw)
    case = maintain(
        unit,
        operator,
        {
            **raw,
            "id_type": None,
            "change_type": "更新",
            "start_date": "20210310",
            "end_date": "20210317",
        },
    )
    assert case.status == CaseStatus.COMPLETED and case.effect["updated"] == 1
    line = ProjectWorker.objects.get(project=project)
    assert (line.start_date, line.end_date) == (dt.date(2021, 3, 10), dt.date(2021, 3, 17))
    assert line.changed_by == case.serial_no and line.status == ProjectWorkerStatus.ACTIVE


def test_reduce_ends_the_open_line_and_needs_one(unit, operator, reviewer, project):
    raw = worker_raw(project, start_date="20210305", end_date="")
    file_rows(unit, operator, reviewer, project, raw)
    case = maintain(
        unit,
        operator,
        {**raw, "change_type": "减少", "start_date": "20210305", "end_date": "20210401"},
    )
    line = ProjectWorker.objects.get(project=project)
    assert line.status == ProjectWorkerStatus.ENDED and line.end_date == dt.date(2021, 4, 1)
    assert line.closed_by == case.serial_no
    assert not project_workers(unit=unit, project=project, current_only=True).exists()

    again = draft(MAINTENANCE, unit, operator)
    row = cases.case_row_add(
        case=again,
        raw={**raw, "change_type": "减少", "start_date": "20210305", "end_date": "20210402"},
    )
    assert not row.passed and "不在本项目的参保名册中" in errors_of(row)
    stranger = cases.case_row_add(
        case=again,
        raw={**worker_raw(project), "change_type": "更新"},
    )
    assert not stranger.passed and "不在本项目的参保名册中" in errors_of(stranger)


def test_a_new_period_after_the_reduction_is_allowed_but_not_overlapping(
    unit, operator, reviewer, project
):
    raw = worker_raw(project, start_date="20210305", end_date="20210320")
    file_rows(unit, operator, reviewer, project, raw)
    case = draft(FILING, unit, operator)
    overlapping = cases.case_row_add(
        case=case, raw={**raw, "start_date": "20210315", "end_date": ""}
    )
    assert not overlapping.passed and "2021-03-05 至 2021-03-20" in errors_of(overlapping)
    cases.case_row_delete(case=case, row_nos=[overlapping.row_no])
    later = cases.case_row_add(case=case, raw={**raw, "start_date": "20210321", "end_date": ""})
    assert later.passed, later.errors
    cases.case_approve(case=cases.case_submit(case=case, actor=operator), reviewer=reviewer)
    assert ProjectWorker.objects.filter(project=project).count() == 2


def test_batch_refuses_overlaps_outside_dates_and_unknown_projects(
    unit, operator, reviewer, project, region
):
    other = factories.unit(region_obj=region)
    theirs = register_project(other, factories.operator(other), reviewer)
    twice = worker_raw(project, start_date="20210310", end_date="20210320")
    rows = [
        (4, twice),
        (5, {**twice, "start_date": "20210318", "end_date": "20210325"}),  # overlaps row 4
        (6, worker_raw(project, start_date="20210201")),  # before the project
        (7, worker_raw(project, start_date="20210401", end_date="20210301")),  # ends first
        (8, worker_raw(project, project_no="99999999")),  # unknown
        (9, worker_raw(project, project_no=theirs.project_no)),  # another unit's
        (10, {**worker_raw(project), "gender": "女"}),  # ID says male
        (11, worker_raw(project, start_date="20210401", end_date="")),  # fine
    ]
    case = draft(FILING, unit, operator)
    passed, failed = cases.case_rows_replace(case=case, rows=rows)
    assert (passed, failed) == (2, 6)
    reasons = {r.row_no: errors_of(r) for r in case.rows.all()}
    assert "与第 4 行同一人员的进入项目时间段重叠" in reasons[5]
    assert "早于项目开始日期 2021-03-01" in reasons[6]
    assert "早于进入项目开始时间" in reasons[7]
    assert "一个办件只能申报一个项目的人员" in reasons[8]
    assert "一个办件只能申报一个项目的人员" in reasons[9]
    assert "性别与身份证号码不一致" in reasons[10]
    assert reasons[4] == reasons[11] == ""


@pytest.mark.parametrize("project_no", ["99999999", "other"])
def test_unknown_or_foreign_project_gets_a_precise_message(
    unit, operator, reviewer, region, project_no
):
    if project_no == "other":
        other = factories.unit(region_obj=region)
        project_no = register_project(other, factories.operator(other), reviewer).project_no
    case = draft(FILING, unit, operator)
    row = cases.case_row_add(case=case, raw={**worker_raw_stub(), "project_no": project_no})
    assert not row.passed
    assert errors_of(row) == f"项目编号 {project_no} 不存在或不属于本单位，请先办理建筑工程项目登记"


def worker_raw_stub():
    class _P:
        project_no = ""

    return worker_raw(_P())  # type: ignore[arg-type]


def test_mining_roster_services_refuse_a_construction_project(unit, operator, project):
    case = draft(MINING_FILING, unit, operator)
    row = cases.case_row_add(case=case, raw=worker_raw(project))
    assert not row.passed and "是建筑工程项目" in errors_of(row)


def test_mining_maintenance_reduces(unit, operator, reviewer):
    mine = register_project(unit, operator, reviewer, mining=True)
    raw = worker_raw(mine, start_date="20210314", end_date="")
    file_rows(unit, operator, reviewer, mine, raw, code=MINING_FILING)
    maintain(
        unit,
        operator,
        {**raw, "change_type": "减少", "end_date": "20210318"},
        code=MINING_MAINTENANCE,
        material="《矿山项目职工参保信息变更表》",
    )
    line = ProjectWorker.objects.get(project=mine)
    assert line.status == ProjectWorkerStatus.ENDED and line.end_date == dt.date(2021, 3, 18)


def test_info_table_shows_the_named_projects_roster(unit, operator, reviewer, project):
    from shebao.services.registry import registry

    raw = worker_raw(project, name="钱七")
    file_rows(unit, operator, reviewer, project, raw)
    spec = registry[MAINTENANCE]
    case = draft(MAINTENANCE, unit, operator)
    before = spec.info_table(unit, CaseDraft(case))
    assert project.project_no in [r[0] for r in before.rows]  # the unit's projects
    cases.case_row_add(case=case, raw={**raw, "change_type": "更新"})
    table = spec.info_table(unit, CaseDraft(case))
    assert project.project_no in table.title
    assert [r[1] for r in table.rows] == ["钱七"]
    assert "*" in table.rows[0][3]  # masked


def _ten_thousand(project, n=10_000):
    birth = dt.date(1985, 1, 1)
    return [
        (
            i + 4,
            {
                "project_no": project.project_no,
                "name": "测试人员",
                "gender": "男",
                "id_type": "身份证",
                "id_number": factories.id_number(birth + dt.timedelta(days=i // 400), seq=i),
                "start_date": "20210310",
                "end_date": "",
                "mobile": "13600000000",
            },
        )
        for i in range(n)
    ]


def test_ten_thousand_workers_import_and_approve_in_bulk(unit, operator, reviewer, project):
    rows = _ten_thousand(project)
    case = draft(FILING, unit, operator)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as validating:
        passed, failed = cases.case_rows_replace(case=case, rows=rows)
    took = time.perf_counter() - started
    assert (passed, failed) == (10_000, 0)
    assert len(validating) < 200, len(validating)  # bulk: per-row queries would be 10,000+
    print(f"validated 10,000 rows in {took:.1f} s")
    assert took < 20, took
    case = cases.case_submit(case=case, actor=operator)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as approving:
        case = cases.case_approve(case=case, reviewer=reviewer)
    assert time.perf_counter() - started < 40
    assert len(approving) < 300, len(approving)
    assert case.effect["added"] == 10_000 and case.effect["persons_created"] == 10_000
    assert project_workers(unit=unit, project=project, current_only=True).count() == 10_000
