"""The 申报表 presenter: the manual's columns, values formatted for people, totals and footer."""

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from shebao.cases import services as cases
from shebao.documents.reports import case_report
from shebao.documents.verify import case_check_code
from tests import factories
from tests.documents import builders

ENROLMENT_COLUMNS = [
    "序号",
    "单位编号",
    "单位名称",
    "身份证号码",
    "姓名",
    "民族",
    "本次申报参工时间",
    "月缴费工资",
    "城镇职工养老保险 (A)",
    "失业保险 (√)",
    "工伤保险 (√)",
    "联系电话 (手机)",
]


@pytest.fixture
def enrolment(unit, operator):
    return builders.enrolment_case(unit, operator, people=["张伟", "李秀兰", "王建华"])


def test_enrolment_columns_follow_the_manual_template(enrolment):
    report = case_report(enrolment)
    assert [c.label for c in report.columns] == ENROLMENT_COLUMNS
    assert report.title == "在职职工增员申报表"
    assert report.landscape


def test_insurance_ticks_sit_under_one_group_header(enrolment):
    report = case_report(enrolment)
    top = [(h.label, h.colspan, h.rowspan) for h in report.header_top]
    assert ("参保险种", 3, 1) in top
    assert ("身份证号码", 1, 2) in top
    assert [h.label for h in report.header_sub] == [
        "城镇职工养老保险 (A)",
        "失业保险 (√)",
        "工伤保险 (√)",
    ]


def test_values_are_formatted_for_people(enrolment, unit):
    report = case_report(enrolment)
    first = [cell.text for cell in report.rows[0].cells]
    labels = ENROLMENT_COLUMNS[1:]
    values = dict(zip(labels, first, strict=True))
    stored = enrolment.rows.get(row_no=1).raw
    assert values["单位编号"] == unit.unit_no and values["单位名称"] == unit.name
    # masked on the form too (issue #10): the PDF travels, a reviewer reveals when needed
    assert values["身份证号码"] == stored["id_number"][:6] + "********" + stored["id_number"][-4:]
    assert values["姓名"] == "张伟"
    assert values["民族"] == "汉族"  # "01 汉族" typed, the name printed
    assert values["本次申报参工时间"] == "2024-03-01"
    assert values["月缴费工资"] == "5,013.50"  # "5013.5" typed, two decimals printed
    assert values["城镇职工养老保险 (A)"] == "√"
    assert values["失业保险 (√)"] == "√"
    assert values["工伤保险 (√)"] == ""
    assert values["联系电话 (手机)"] == "138****0001"
    assert [r.number for r in report.rows] == [1, 2, 3]


def test_personal_numbers_are_masked_by_default(enrolment):
    stored = enrolment.rows.get(row_no=1).raw
    report = case_report(enrolment)
    html = render_to_string("services/report.html", {"report": report})
    assert stored["id_number"] not in html
    assert stored["id_number"][:6] + "********" + stored["id_number"][-4:] in html
    assert "13800000001" not in html and "138****0001" in html
    assert "18555555555" not in html and "185****5555" in html


def test_totals_and_notes_come_from_the_spec(enrolment):
    report = case_report(enrolment)
    # rows 1..3: unemployment ticked when n % 3 != 0
    assert report.totals == (("合计", "3 人"), ("养老", "3 人"), ("失业", "2 人"), ("工伤", "0 人"))
    assert report.notes[0].startswith("1. 月缴费工资必须经职工本人签字确认")


def test_footer_and_serial_of_a_submitted_case(enrolment):
    report = case_report(enrolment)
    assert report.declaration == "*以上事项填写真实，若与实际情况不符，本单位愿意承担相关责任。"
    assert (report.declarant, report.declarant_mobile) == ("王建", "185****5555")
    assert report.filled_on == timezone.localdate(enrolment.received_at)
    assert report.submitted and report.serial_no == enrolment.serial_no
    assert report.status_label == "待审核"
    code = case_check_code(enrolment.serial_no)
    assert report.check_code == code
    assert report.qr_payload == f"/verify/cases/{enrolment.serial_no}?c={code}"
    assert report.qr_svg.startswith("<svg")


def test_draft_preview_has_no_serial_and_no_qr(unit, operator):
    draft = builders.enrolment_case(unit, operator, people=["张伟"], submit=False)
    report = case_report(draft)
    assert not report.submitted and report.serial_no == "" and report.qr_svg == ""
    html = render_to_string("services/report.html", {"report": report})
    assert "确认提交后生成业务流水号" in html and "<svg" not in html


def test_only_passed_rows_are_printed(unit, operator):
    draft = builders.enrolment_case(unit, operator, people=["张伟"], submit=False)
    bad = cases.case_row_add(
        case=draft, raw={"id_number": "512301198809010000", "name": "刘六", "mobile": "1"}
    )
    assert not bad.passed
    report = case_report(draft)
    assert report.row_count == 1
    assert "刘六" not in {c.text for r in report.rows for c in r.cells}
    assert "张伟" in {c.text for r in report.rows for c in r.cells}


def test_suspension_report_columns_and_registry_person_numbers(unit, operator):
    persons = builders.insured_persons(unit, ["赵六", "钱七"])
    case = builders.suspension_case(unit, operator, persons)
    report = case_report(case)
    assert [c.label for c in report.columns] == [
        "序号",
        "单位编号",
        "单位名称",
        "个人编号",
        "身份证号码",
        "姓名",
        "停保(减员)日期",
        "停保(减员)原因",
    ]
    assert report.title == "在职职工减员申报表" and not report.landscape
    first = [c.text for c in report.rows[0].cells]
    # 个人编号 was left blank by the unit: printed from the registry
    assert first[2] == persons[0].person_no
    assert first[5:] == ["2024-05-31", "职工发生辞职(退)"]
    assert [c.text for c in report.rows[1].cells][-1] == "退休(退职)"  # "6325 退休减员" typed
    assert report.totals == (("合计", "2 人"),)
    assert report.notes[0].startswith("填报说明：停保(减员)原因")


def test_template_is_a_bordered_form_fragment(enrolment):
    html = render_to_string("services/report.html", {"report": case_report(enrolment)})
    assert '<section class="report report--landscape"' in html
    assert "<thead>" in html and 'colspan="3">参保险种</th>' in html
    assert "单位名称：<strong>" in html and "单位编号：<strong>" in html
    assert "合计</span>：3 人" in html
    assert "申报人" in html and "联系电话" in html and "填报日期" in html
    assert "shebao/report.css" in html and "shebao/report-print.css" in html


def test_user_text_is_escaped(region, operator):
    unit = factories.unit(region_obj=region, name="<b>武汉</b>&公司")
    op = factories.operator(unit)
    case = builders.enrolment_case(unit, op, people=["张伟"])
    html = render_to_string("services/report.html", {"report": case_report(case)})
    assert "<b>武汉</b>" not in html and "&lt;b&gt;武汉&lt;/b&gt;&amp;公司" in html


def test_a_rejected_case_prints_its_status_and_reason(enrolment, reviewer):
    cases.case_reject(case=enrolment, reviewer=reviewer, reason="月缴费工资未经职工签字确认")
    enrolment.refresh_from_db()
    report = case_report(enrolment)
    assert report.status_label == "审核不通过"
    html = render_to_string("services/report.html", {"report": report})
    assert "不通过原因：月缴费工资未经职工签字确认" in html
