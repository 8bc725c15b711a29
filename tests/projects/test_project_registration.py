"""§3.3.1 / §3.3.2 project registration and §3.3.13 / §3.3.14 information change."""

import datetime as dt
from decimal import Decimal

import pytest

from shebao.cases import services as cases
from shebao.cases.models import CaseStatus
from shebao.cases.services import CaseError
from shebao.registry.choices import ProjectKind, ProjectStatus
from shebao.registry.models import Project
from shebao.registry.selectors import project_get, project_list
from tests import factories

from .helpers import (
    CONSTRUCTION,
    MINING,
    construction_raw,
    draft,
    errors_of,
    mining_raw,
    register_project,
    upload,
    worker_raw,
)

pytestmark = pytest.mark.django_db


def test_construction_project_is_created_with_a_number_on_approval(unit, operator, reviewer):
    case = draft(CONSTRUCTION, unit, operator)
    raw = construction_raw()
    assert cases.case_row_add(case=case, raw=raw).passed
    with pytest.raises(CaseError, match="施工合同"):
        cases.case_submit(case=case, actor=operator)
    upload(case, "施工合同", operator)
    case = cases.case_submit(case=case, actor=operator)
    assert case.status == CaseStatus.UNDER_REVIEW
    assert not Project.objects.exists()

    case = cases.case_approve(case=case, reviewer=reviewer)

    project = project_get(unit=unit, project_no=case.effect["project_no"])
    assert len(project.project_no) == 8 and project.project_no.isdigit()
    assert project.kind == ProjectKind.CONSTRUCTION
    assert project.status == ProjectStatus.ACTIVE
    assert project.name == "fcc测试" and project.industry_category == "房屋建设"
    assert project.total_price_10k_cny == Decimal("1200.50")
    assert project.start_date == dt.date(2021, 3, 1) and project.end_date == dt.date(2021, 12, 31)
    assert project.manager_id_number == raw["manager_id_number"]
    assert project.expected_headcount == 50 and project.is_decoration_or_landscaping is False
    assert project.opened_by == case.serial_no


def test_project_numbers_come_from_the_counter(unit, operator, reviewer):
    first = register_project(unit, operator, reviewer)
    second = register_project(unit, operator, reviewer, project_name="第二个项目")
    assert int(second.project_no) == int(first.project_no) + 1


def test_one_project_per_case(unit, operator):
    case = draft(CONSTRUCTION, unit, operator)
    assert cases.case_row_add(case=case, raw=construction_raw()).passed
    second = cases.case_row_add(case=case, raw=construction_raw(project_name="另一个"))
    assert not second.passed and "只能申报 1 条" in errors_of(second)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"manager_id_number": "110100198506020016"}, "校验位错误"),
        ({"end_date": "2021-01-01"}, "结束日期不能早于开始日期"),
        ({"industry_category": "造船"}, "不在可选范围内"),
        ({"total_price_10k_cny": "0"}, "必须大于 0"),
        ({"project_status": ""}, "不能为空"),
    ],
)
def test_construction_fields_are_checked(unit, operator, overrides, message):
    case = draft(CONSTRUCTION, unit, operator)
    row = cases.case_row_add(case=case, raw=construction_raw(**overrides))
    assert not row.passed and message in errors_of(row)


def test_mining_needs_one_of_group1_and_keeps_its_type(unit, operator, reviewer):
    case = draft(MINING, unit, operator)
    assert cases.case_row_add(case=case, raw=mining_raw(capacity_quantity="300")).passed
    upload(case, "其他材料", operator)
    with pytest.raises(CaseError, match="分组1"):
        cases.case_submit(case=case, actor=operator)
    upload(case, "采矿许可证", operator)
    case = cases.case_approve(case=cases.case_submit(case=case, actor=operator), reviewer=reviewer)
    project = Project.objects.get(project_no=case.effect["project_no"])
    assert project.kind == ProjectKind.MINING and project.mining_type == "非煤矿山"
    assert project.capacity_quantity == Decimal("300")
    assert project.industry_category == ""


def test_construction_info_change_applies_only_what_is_filled(unit, operator, reviewer):
    project = register_project(unit, operator, reviewer)
    case = draft("hb_construction_project_info_change", unit, operator)
    row = cases.case_row_add(
        case=case,
        raw={"project_no": project.project_no, "end_date": "2022-06-30", "project_status": "停工"},
    )
    assert row.passed, row.errors
    upload(case, "《建筑工程项目信息变更申请表》", operator)
    case = cases.case_approve(case=cases.case_submit(case=case, actor=operator), reviewer=reviewer)
    project.refresh_from_db()
    assert project.end_date == dt.date(2022, 6, 30) and project.status == ProjectStatus.SUSPENDED
    assert project.name == "fcc测试" and project.manager_name == "张三"  # untouched
    assert project.changed_by == case.serial_no
    assert case.effect["changed"]["end_date"] == ["2021-12-31", "2022-06-30"]


def test_change_refuses_dates_that_leave_workers_outside(unit, operator, reviewer):
    project = register_project(unit, operator, reviewer)
    filing = draft("hb_construction_project_roster_filing", unit, operator)
    assert cases.case_row_add(case=filing, raw=worker_raw(project, end_date="20211130")).passed
    cases.case_approve(case=cases.case_submit(case=filing, actor=operator), reviewer=reviewer)

    case = draft("hb_construction_project_info_change", unit, operator)
    row = cases.case_row_add(
        case=case, raw={"project_no": project.project_no, "end_date": "2021-10-31"}
    )
    assert not row.passed and "超出新的项目起止日期" in errors_of(row)


def test_change_of_another_units_project_is_unknown(unit, operator, reviewer, region):
    other = factories.unit(region_obj=region)
    theirs = register_project(other, factories.operator(other), reviewer)
    case = draft("hb_construction_project_info_change", unit, operator)
    row = cases.case_row_add(
        case=case, raw={"project_no": theirs.project_no, "project_name": "x项目"}
    )
    assert not row.passed
    assert f"项目编号 {theirs.project_no} 不存在或不属于本单位" in errors_of(row)
    assert not project_list(unit=unit).exists()


def test_mining_change_cannot_name_a_construction_project(unit, operator, reviewer):
    project = register_project(unit, operator, reviewer)
    case = draft("hb_mining_project_info_change", unit, operator)
    row = cases.case_row_add(
        case=case, raw={"project_no": project.project_no, "project_name": "改名"}
    )
    assert not row.passed and "是建筑工程项目" in errors_of(row)


def test_mining_change_and_empty_change(unit, operator, reviewer):
    project = register_project(unit, operator, reviewer, mining=True)
    case = draft("hb_mining_project_info_change", unit, operator)
    empty = cases.case_row_add(case=case, raw={"project_no": project.project_no})
    assert not empty.passed and "没有填写任何要变更的信息" in errors_of(empty)
    cases.case_row_delete(case=case, row_nos=[empty.row_no])
    assert cases.case_row_add(
        case=case, raw={"project_no": project.project_no, "capacity_quantity": "120.5"}
    ).passed
    upload(case, "《矿山项目信息变更申请表》", operator)
    cases.case_approve(case=cases.case_submit(case=case, actor=operator), reviewer=reviewer)
    project.refresh_from_db()
    assert project.capacity_quantity == Decimal("120.5")


def test_demo_project_loads_once_with_three_dozen_workers(unit, operator, reviewer):
    from shebao.demo.projects import PROJECT_NAME, WORKERS, projects_load

    line = projects_load(unit=unit, operator=operator, reviewer=reviewer)
    again = projects_load(unit=unit, operator=operator, reviewer=reviewer)
    project = Project.objects.get(unit=unit, name=PROJECT_NAME)
    assert line == again and line.endswith(f"{WORKERS} 人")
    assert project.workers.count() == WORKERS
