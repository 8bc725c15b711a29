"""Queries over the unit's insured staff and its projects (单位综合信息查询)."""

from __future__ import annotations

from django.db.models import QuerySet

from shebao.cases.queries import CaseRowResultQuery
from shebao.core.masking import Sensitive
from shebao.policy.areas import CHONGQING_ONLY, EVERY_AREA, HUBEI_AND_CHONGQING
from shebao.registry.choices import EnrolmentStatus, InsuranceType, ProjectWorkerStatus
from shebao.registry.models import Enrolment, Project, ProjectWorker, Unit
from shebao.services.queries import (
    QueryColumn,
    QueryFilter,
    QuerySpec,
    person_columns,
    register_query,
)

from .specs.project_cq import CODE as CQ_PERSONNEL_CHANGE


@register_query
class InsuredStaffQuery(QuerySpec):
    code = "unit_insured_staff"
    areas = EVERY_AREA
    full_id_export = True
    title = "单位参保人员查询"
    description = "本单位职工各险种的参保状态和起止年月"
    columns = (
        *person_columns(),
        QueryColumn("证件类型", lambda e: e.person.get_id_type_display()),
        QueryColumn("险种类型", lambda e: e.get_insurance_type_display()),
        QueryColumn("参保状态", lambda e: e.get_status_display()),
        QueryColumn("本次参保开始年月", lambda e: e.start_period),
        QueryColumn("停保年月", lambda e: e.end_period),
        QueryColumn("停保原因", lambda e: e.suspension_reason),
        QueryColumn("月缴费工资", lambda e: e.monthly_wage, kind="money"),
    )
    filters = (
        QueryFilter("name", "姓名", lookup="person__name__contains"),
        QueryFilter("id_number", "身份证号码", "idnumber", lookup="person__id_number_hash"),
        QueryFilter(
            "insurance_type", "险种类型", "choice", InsuranceType.choices, lookup="insurance_type"
        ),
        QueryFilter("status", "参保状态", "choice", EnrolmentStatus.choices, lookup="status"),
    )
    ordering = ("person__person_no", "insurance_type", "start_period")

    def scoped(self, *, unit: Unit) -> QuerySet[Enrolment]:
        return Enrolment.objects.filter(unit=unit).select_related("person")


@register_query
class ProjectQuery(QuerySpec):
    code = "unit_projects"
    areas = HUBEI_AND_CHONGQING
    title = "项目信息查询"
    description = "本单位登记的建筑工程和矿山项目"
    columns = (
        QueryColumn("项目编号", lambda p: p.project_no),
        QueryColumn("项目名称", lambda p: p.name),
        QueryColumn("项目类别", lambda p: p.get_kind_display()),
        QueryColumn("项目状态", lambda p: p.get_status_display()),
        QueryColumn("项目开始日期", lambda p: p.start_date, kind="date"),
        QueryColumn("项目结束日期", lambda p: p.end_date, kind="date"),
        QueryColumn("负责人姓名", lambda p: p.manager_name),
        QueryColumn("负责人联系电话", lambda p: p.manager_phone, sensitive=Sensitive.MOBILE),
        QueryColumn("预计用工人数", lambda p: p.expected_headcount, kind="number"),
    )
    filters = (
        QueryFilter("project_no", "项目编号", lookup="project_no"),
        QueryFilter("name", "项目名称", lookup="name__contains"),
    )
    ordering = ("project_no",)

    def scoped(self, *, unit: Unit) -> QuerySet[Project]:
        return Project.objects.filter(unit=unit)


@register_query
class ProjectRosterQuery(QuerySpec):
    code = "project_roster"
    areas = HUBEI_AND_CHONGQING
    title = "项目人员查询"
    description = "项目实名制人员：当前在册和历史记录"
    columns = (
        QueryColumn("项目编号", lambda w: w.project.project_no),
        QueryColumn("项目名称", lambda w: w.project.name),
        QueryColumn("项目个人编号", lambda w: w.line_no),
        QueryColumn("姓名", lambda w: w.person.name),
        QueryColumn("身份证号码", lambda w: w.person.id_number, sensitive=Sensitive.ID),
        QueryColumn("进入项目开始时间", lambda w: w.start_date, kind="date"),
        QueryColumn("进入项目终止时间", lambda w: w.end_date, kind="date"),
        QueryColumn("状态", lambda w: w.get_status_display()),
        QueryColumn("手机号码", lambda w: w.mobile, sensitive=Sensitive.MOBILE),
    )
    filters = (
        QueryFilter("project_no", "项目编号", lookup="project__project_no"),
        QueryFilter("name", "姓名", lookup="person__name__contains"),
        QueryFilter("status", "状态", "choice", ProjectWorkerStatus.choices, lookup="status"),
    )
    ordering = ("project__project_no", "line_no")

    def scoped(self, *, unit: Unit) -> QuerySet[ProjectWorker]:
        return ProjectWorker.objects.filter(project__unit=unit).select_related("project", "person")


@register_query
class PersonnelChangeResultQuery(CaseRowResultQuery):
    code = "cq_personnel_change_results"
    areas = CHONGQING_ONLY
    title = "增减结果查询"
    description = "人员批量增减每个人员的审核结果（已提交 / 审核通过 / 不通过）及不通过原因"
    service_code = CQ_PERSONNEL_CHANGE
    row_fields = (
        ("姓名", "name"),
        ("身份证号", "id_number"),
        ("增减类型", "change_type"),
        ("变更日期", "change_date"),
    )
