"""重庆 八(一) 人员批量增减 and 八(二) 增减结果查询 (WE-26), for a Chongqing unit: the service
is Chongqing's (issue #12 §7), and its projects are registered by the Chongqing office."""

import datetime as dt

import pytest

from shebao.cases import services as cases
from shebao.registration.specs.project_cq import CODE, cq_change_results
from shebao.registry.choices import ProjectWorkerStatus
from shebao.registry.models import Person, ProjectWorker
from tests import factories

from .helpers import cq_project, draft, errors_of

pytestmark = pytest.mark.django_db


def cq_row(unit, **overrides):
    data = {
        "unit_name": unit.name,
        "name": "测试姓名",
        "id_number": factories.id_number(dt.date(1990, 1, 1), area="500105"),
        "gender": "男",
        "ethnicity": "汉族",
        "hukou_type": "非农业户口(城镇)",
        "change_date": "20200228",
        "change_type": "增加",
        "remarks": "测试",
    }
    data.update(overrides)
    return data


@pytest.fixture
def region(db):
    """Every unit, operator and reviewer of this module is in Chongqing."""
    return factories.chongqing_region()


@pytest.fixture
def project(unit):
    return cq_project(unit)


def submit(unit, operator, *raws):
    case = draft(CODE, unit, operator)
    passed, failed = cases.case_rows_replace(case=case, rows=list(enumerate(raws, start=2)))
    return case, passed, failed


def test_we26_row_adds_to_the_units_only_project_after_approval(unit, operator, reviewer, project):
    raw = cq_row(unit)
    case, passed, failed = submit(unit, operator, raw)
    assert (passed, failed) == (1, 0)
    case = cases.case_submit(case=case, actor=operator)
    (result,) = cq_change_results(unit=unit)
    assert result.status == "已提交" and result.change_date == "2020-02-28"
    assert "*" in result.id_number

    cases.case_approve(case=case, reviewer=reviewer)
    line = ProjectWorker.objects.get(project=project)
    assert line.start_date == dt.date(2020, 2, 28) and line.hukou_type == "非农业户口(城镇)"
    assert Person.objects.by_id_number(raw["id_number"]).get().ethnicity == "汉族"
    assert cq_change_results(unit=unit)[0].status == "审核通过"


def test_reduction_ends_the_line_and_rejection_shows_the_reason(unit, operator, reviewer, project):
    raw = cq_row(unit)
    case, *_counts = submit(unit, operator, raw)
    cases.case_approve(case=cases.case_submit(case=case, actor=operator), reviewer=reviewer)

    reduce, passed, _failed = submit(
        unit, operator, {**raw, "change_type": "减少", "change_date": "20200630"}
    )
    assert passed == 1
    reduce = cases.case_submit(case=reduce, actor=operator)
    cases.case_reject(case=reduce, reviewer=reviewer, reason="缺少解除劳动合同证明")
    rejected = [r for r in cq_change_results(unit=unit) if r.serial_no == reduce.serial_no]
    assert [(r.status, r.reason, r.change_type) for r in rejected] == [
        ("不通过", "缺少解除劳动合同证明", "减少")
    ]
    assert ProjectWorker.objects.get(project=project).status == ProjectWorkerStatus.ACTIVE

    again, *_counts = submit(
        unit, operator, {**raw, "change_type": "减少", "change_date": "20200630"}
    )
    cases.case_approve(case=cases.case_submit(case=again, actor=operator), reviewer=reviewer)
    line = ProjectWorker.objects.get(project=project)
    assert line.status == ProjectWorkerStatus.ENDED and line.end_date == dt.date(2020, 6, 30)


def test_several_projects_need_the_project_number(unit, operator, reviewer, project):
    second = cq_project(unit, name="二期")
    case, passed, failed = submit(unit, operator, cq_row(unit))
    assert (passed, failed) == (0, 1)
    assert "请填写项目编号" in errors_of(case.rows.get())
    case, passed, failed = submit(unit, operator, cq_row(unit, project_no=second.project_no))
    assert (passed, failed) == (1, 0)


def test_checks_unit_name_dates_and_other_units(unit, operator, reviewer, project, region):
    other = factories.unit(region_obj=region)
    theirs = cq_project(other)
    case, passed, failed = submit(
        unit,
        operator,
        cq_row(unit, unit_name="别的总包单位"),
        cq_row(unit, change_date="20210301"),
        cq_row(unit, change_type="减少"),
    )
    reasons = {r.row_no: errors_of(r) for r in case.rows.all()}
    assert "单位名称与当前经办单位" in reasons[2]
    assert "晚于项目结束日期 2020-12-31" in reasons[3]
    assert "不在本项目的参保名册中" in reasons[4]
    case, passed, failed = submit(unit, operator, cq_row(unit, project_no=theirs.project_no))
    assert failed == 1 and "不存在或不属于本单位" in errors_of(case.rows.get())


def test_other_units_results_are_not_listed(unit, operator, reviewer, project, region):
    case, *_counts = submit(unit, operator, cq_row(unit))
    cases.case_submit(case=case, actor=operator)
    other = factories.unit(region_obj=region)
    assert cq_change_results(unit=other) == []


def test_result_query_page_shows_the_rejection_reason(op_client, unit, operator, reviewer, project):
    case, *_counts = submit(unit, operator, cq_row(unit, name="李明"))
    case = cases.case_submit(case=case, actor=operator)
    cases.case_reject(case=case, reviewer=reviewer, reason="身份证复印件不清晰")
    page = op_client.get("/queries/cq_personnel_change_results/", {"status": "rejected"})
    cells = page.context["rows"][0][1]
    assert cells[0] == case.serial_no and cells[2] == "李明"
    assert cells[6:] == ["不通过", "身份证复印件不清晰"]
    assert "*" in cells[3]
    waiting = op_client.get("/queries/cq_personnel_change_results/", {"status": "under_review"})
    assert waiting.context["rows"] == []
