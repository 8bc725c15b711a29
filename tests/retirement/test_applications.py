"""The six retirement applications (§3.3.55, §3.3.58-§3.3.64), driven through the engine."""

import datetime as dt

import pytest

from shebao.cases import services as cases
from shebao.contributions.models import DeemedYearsRecognition
from shebao.pensions.models import Retiree
from shebao.policy.retirement import EarlyRetirementKind
from shebao.retirement.law import special_group_months
from shebao.retirement.models import RetirementApproval
from shebao.retirement.rows import RetirementRow
from shebao.retirement.specs.kinds import NO_SPECIAL_JOB
from tests import factories

from .helpers import draft, form, kind_form, retiring, with_required_materials

NORMAL = "hb_normal_retirement_application"
NORMAL_AGAIN = "hb_normal_retirement_reapplication"


@pytest.fixture
def person(unit):
    return retiring(unit)


def test_approved_application_records_the_decision(unit, operator, reviewer, person):
    case = draft(NORMAL, unit, operator)
    row = cases.case_row_add(case=case, raw=form(person))
    assert row.passed, row.errors
    assert [w["job"] for w in row.cleaned["work_history"]] == ["工人", "车工"]
    case = cases.case_submit(case=case, actor=operator)
    cases.case_approve(case=case, reviewer=reviewer)
    approval = RetirementApproval.objects.get(person=person)
    assert (approval.category, approval.retirement_month) == ("正常退休", "202607")
    assert approval.serial_no == case.serial_no and approval.decided_by == reviewer
    retiree = Retiree.objects.get(person=person)
    assert (retiree.unit, retiree.category, retiree.retirement_month) == (unit, "normal", "202607")
    assert retiree.case_id == case.pk and retiree.awards.exists()


def test_rejected_application_records_nothing(unit, operator, reviewer, person):
    case = draft(NORMAL, unit, operator)
    cases.case_row_add(case=case, raw=form(person))
    case = cases.case_submit(case=case, actor=operator)
    cases.case_reject(case=case, reviewer=reviewer, reason="档案出生年月有误")
    assert not RetirementApproval.objects.exists()


def test_work_history_must_not_be_empty(unit, operator, person):
    row = cases.case_row_add(case=draft(NORMAL, unit, operator), raw=form(person, work_history=[]))
    assert not row.passed
    assert {"column": "工作经历", "message": "工作经历不能为空"} in row.errors


def test_a_bad_sub_row_is_named_by_its_table_and_number(unit, operator, person):
    history = form(person)["work_history"]
    history[1] = {"start_month": "2005-13", "job": ""}
    row = cases.case_row_add(
        case=draft(NORMAL, unit, operator), raw=form(person, work_history=history)
    )
    assert not row.passed
    assert {e["column"] for e in row.errors} == {"工作经历第2行"}
    messages = sorted(e["message"] for e in row.errors)
    assert messages[0].startswith("【开始年月】") and messages[1] == "【职务或工种】不能为空"


def test_person_not_insured_here_or_already_retired_is_refused(
    unit, operator, reviewer, person, region
):
    stranger = factories.person(name="钱七")
    row = cases.case_row_add(case=draft(NORMAL, unit, operator), raw=form(stranger))
    assert "未在本单位正常参保" in row.errors[0]["message"]

    first = draft(NORMAL, unit, operator)
    cases.case_row_add(case=first, raw=form(person))
    cases.case_approve(case=cases.case_submit(case=first, actor=operator), reviewer=reviewer)
    again = cases.case_row_add(case=draft(NORMAL, unit, operator), raw=form(person))
    assert {"column": "证件号码", "message": "该职工已审批退休，不能重复申请"} in again.errors


def test_category_must_be_the_services(unit, operator, person):
    row = cases.case_row_add(
        case=draft(NORMAL, unit, operator), raw=form(person, category="因病提前退休")
    )
    assert row.errors == [{"column": "离退休类别", "message": "本业务的离退休类别应为“正常退休”"}]


def test_reapplication_refers_to_the_rejected_case(unit, operator, reviewer, person):
    first = draft(NORMAL, unit, operator)
    cases.case_row_add(case=first, raw=form(person))
    first = cases.case_submit(case=first, actor=operator)
    cases.case_reject(case=first, reviewer=reviewer, reason="缺少档案")

    case = draft(NORMAL_AGAIN, unit, operator)
    row = cases.case_row_add(
        case=case,
        raw=form(person, earlier_serial_no=first.serial_no, determination_type="重新申报认定"),
    )
    assert row.passed, row.errors
    case = cases.case_submit(case=case, actor=operator)
    cases.case_approve(case=case, reviewer=reviewer)
    approval = RetirementApproval.objects.get(person=person)
    assert approval.earlier_serial_no == first.serial_no
    assert approval.service_code == NORMAL_AGAIN


def test_reapplication_without_a_decided_case_is_refused(unit, operator, person, other_unit):
    pending = draft(NORMAL, unit, operator)
    cases.case_row_add(case=pending, raw=form(person))
    pending = cases.case_submit(case=pending, actor=operator)
    row = cases.case_row_add(
        case=draft(NORMAL_AGAIN, unit, operator),
        raw=form(person, earlier_serial_no=pending.serial_no),
    )
    assert row.errors[0]["column"] == "原申请业务流水号"
    assert "不是本单位已审结的“职工正常退休（职）申请”办件" in row.errors[0]["message"]


def test_reapplication_for_another_person_is_refused(unit, operator, reviewer, person):
    other = retiring(unit, name="周建国")
    first = draft(NORMAL, unit, operator)
    cases.case_row_add(case=first, raw=form(other))
    first = cases.case_submit(case=first, actor=operator)
    cases.case_reject(case=first, reviewer=reviewer, reason="缺少档案")
    row = cases.case_row_add(
        case=draft(NORMAL_AGAIN, unit, operator),
        raw=form(person, earlier_serial_no=first.serial_no),
    )
    assert row.errors == [
        {"column": "原申请业务流水号", "message": f"原申请 {first.serial_no} 申报的不是该职工"}
    ]


# ---------------------------------------------------------------- the kinds' own rules


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("hb_special_job_early_retirement_approval", "特殊工种提前退休"),
        ("hb_early_retirement_illness_approval", "因病提前退休"),
        ("hb_military_cadre_early_retirement_approval", "军转干部提前退休"),
    ],
)
def test_each_early_kind_is_approved(unit, operator, reviewer, person, code, category):
    case = draft(code, unit, operator)
    row = cases.case_row_add(case=case, raw=kind_form(person, category))
    assert row.passed, row.errors
    with_required_materials(case, operator)
    cases.case_approve(case=cases.case_submit(case=case, actor=operator), reviewer=reviewer)
    assert RetirementApproval.objects.get(person=person).category == category


def test_special_job_needs_special_job_years(unit, operator, person):
    raw = form(person, category="特殊工种提前退休")
    row = cases.case_row_add(
        case=draft("hb_special_job_early_retirement_approval", unit, operator), raw=raw
    )
    assert {"column": "工作经历", "message": NO_SPECIAL_JOB} in row.errors


def test_special_job_years_are_summed_per_type(person):
    raw = kind_form(person, "特殊工种提前退休")
    raw["work_history"][1]["special_job_type"] = "井下"
    raw["work_history"].append(
        {"start_month": "199001", "end_month": "199012", "job": "炉工", "special_job_type": "高温"}
    )
    model = RetirementRow.model_validate(raw)
    # 198601-200512 is 240 months, 200601 to the retirement month 202104 is 184, 高温 12:
    # 井下 and 高温 are one group of the law (9 years)
    assert special_group_months(model) == {
        EarlyRetirementKind.UNDERGROUND_HIGH_TEMPERATURE: 240 + 184 + 12
    }


def test_illness_needs_the_appraisal(unit, operator, person):
    case = draft("hb_early_retirement_illness_approval", unit, operator)
    cases.case_row_add(case=case, raw=kind_form(person, "因病提前退休"))
    with pytest.raises(cases.CaseError, match="请上传必传材料：职工非因工伤残或因病丧失劳动能力"):
        cases.case_submit(case=case, actor=operator)


def test_military_cadre_needs_the_level(unit, operator, person):
    raw = kind_form(person, "军转干部提前退休")
    del raw["cadre_level"]
    row = cases.case_row_add(
        case=draft("hb_military_cadre_early_retirement_approval", unit, operator), raw=raw
    )
    assert row.errors == [{"column": "军转干级别", "message": "军转干部提前退休须填写军转干级别"}]


def test_the_reviewer_sees_both_birth_months_and_the_age(unit, operator, person):
    from shebao.services.registry import registry

    spec = registry[NORMAL]
    model = RetirementRow.model_validate(form(person, file_birth_month="196601"))
    (values,) = spec.report_values(unit, [model])
    assert values["id_birth_month"] == "196603" and values["birth_difference"] == -2
    assert values["age_at_retirement"] == "60岁6个月"  # from the file's 196601 to 202607
    assert values["contribution_months"] == 24 + 240
    # the file's month governs: born 196601, the statutory age is 60岁4个月 (202605)
    assert values["statutory"] == "60岁4个月（202605）"
    assert "以档案出生年月为准" in values["law_notes"]


def test_too_early_and_too_few_years_are_said(unit, operator, person):
    row = cases.case_row_add(
        case=draft(NORMAL, unit, operator), raw=form(person, retirement_month="202202")
    )
    assert row.errors[0]["column"] == "离退休年月"
    assert "申请退休年月202202早于可退休年月" in row.errors[0]["message"]
    young = retiring(unit, name="孙志强", birth=dt.date(1968, 1, 5))
    DeemedYearsRecognition.objects.filter(person=young).delete()  # 24 months left
    row = cases.case_row_add(
        case=draft(NORMAL, unit, operator),
        raw=form(young, retirement_month="202811", file_birth_month="196801"),
    )
    (error,) = row.errors
    assert "不足最低缴费年限" in error["message"] and "可申请延长缴费" in error["message"]


# ---------------------------------------------------------------- §3.3.56 progress, the 申报表


def test_progress_query_shows_progress_result_and_month(unit, operator, reviewer, person):
    from shebao.services.queries import queries

    query = queries["hb_retirement_progress_query"]
    first = draft(NORMAL, unit, operator)
    cases.case_row_add(case=first, raw=form(person))
    first = cases.case_reject(
        case=cases.case_submit(case=first, actor=operator), reviewer=reviewer, reason="缺档案"
    )
    second = draft(NORMAL_AGAIN, unit, operator)
    cases.case_row_add(case=second, raw=form(person, earlier_serial_no=first.serial_no))
    second = cases.case_submit(case=second, actor=operator)
    labels = [c.label for c in query.columns]

    def shown():
        return [
            dict(zip(labels, query.cells(r), strict=True))
            for r in query.queryset(unit=unit, params={})
        ]

    pending, rejected_row = shown()
    assert (pending["办理进度"], pending["办理结果"]) == ("审批中", "")
    assert (rejected_row["办理进度"], rejected_row["办理结果"]) == ("审批完成", "不通过")
    assert rejected_row["退休年月"] == "202607" and rejected_row["不通过原因"] == "缺档案"
    assert person.id_number not in rejected_row["身份证号"]
    cases.case_approve(case=second, reviewer=reviewer)
    approved = shown()[0]
    assert (approved["办理进度"], approved["办理结果"]) == ("审批完成", "通过")
    assert approved["个人编号"] == person.person_no
    assert query.queryset(unit=factories.unit(region_obj=unit.region), params={}).count() == 0


def test_the_report_prints_the_sub_tables_under_the_person(unit, operator, person):
    from shebao.documents.reports import case_report

    case = draft(NORMAL, unit, operator)
    cases.case_row_add(case=case, raw=form(person))
    (row,) = case_report(case).rows
    work, insurance = row.subtables
    assert work.title == "工作经历" and "职务或工种" in work.headers
    assert [[c.text for c in r][:4] for r in work.rows] == [
        ["武汉第一机床厂", "198601", "200512", "工人"],
        ["", "200601", "", "车工"],
    ]
    assert insurance.title == "参保信息" and insurance.rows[0][0].text == "城镇职工基本养老保险"


# ---------------------------------------------------------------- §3.3.57 资格认定


def test_batch_qualification_records_each_retiree(unit, operator, reviewer):
    from shebao.retirement.models import QualificationDetermination
    from tests.services.budget import BUILDERS

    code = "hb_retiree_batch_qualification_declaration"
    rows = BUILDERS[code](unit, operator, reviewer, 2)
    stranger = factories.person(name="钱七")
    case = draft(code, unit, operator)
    uploaded = [*rows, {**rows[0], "id_number": stranger.id_number, "name": "钱七"}]
    cases.case_rows_replace(case=case, rows=list(enumerate(uploaded, start=3)))
    bad = case.rows.get(passed=False)
    assert bad.errors == [
        {"column": "身份证号码", "message": "该人员不是本单位正常领取待遇的离退休人员"}
    ]
    cases.case_row_delete(case=case, row_nos=[bad.row_no])
    cases.case_approve(case=cases.case_submit(case=case, actor=operator), reviewer=reviewer)
    done = QualificationDetermination.objects.filter(unit=unit).order_by("person__person_no")
    assert [(d.method, str(d.determined_on)) for d in done] == [("人脸识别", "2021-03-12")] * 2


def test_reapplication_lists_the_decided_first_applications(unit, operator, reviewer, person):
    from shebao.services.registry import registry

    first = draft(NORMAL, unit, operator)
    cases.case_row_add(case=first, raw=form(person))
    first = cases.case_reject(
        case=cases.case_submit(case=first, actor=operator), reviewer=reviewer, reason="缺档案"
    )
    (table,) = registry[NORMAL_AGAIN].info_tables(unit, None)
    assert table.title == "可重新申请的原申请（职工正常退休（职）申请）"
    ((serial, name, masked, status, reason),) = table.rows
    assert (serial, name, reason) == (first.serial_no, person.name, "缺档案")
    assert person.id_number not in masked and status == "审核不通过"
