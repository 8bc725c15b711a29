"""§3.3.21 单位职工社会保险缴费工资变更申报: new bases within two years and their 补差 / 退差."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shebao.cases import services as cases
from shebao.cases.models import CaseStatus
from shebao.cases.services import CaseError
from shebao.contributions import wage_change as wc
from shebao.contributions.models import (
    AuditedBase,
    BaseAdjustment,
    ContributionDetail,
    DeclarationStatus,
    WageChange,
)
from shebao.core.period import Period
from shebao.documents.reports import case_report
from shebao.policy.models import BaseStandard
from shebao.registry.choices import InsuranceType
from tests import factories

from .conftest import MONTHLY, draft, messages

D = Decimal
PENSION, UNEMPLOYMENT = InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT
CHANGE = "hb_contribution_wage_change_declaration"


@pytest.fixture
def on(monkeypatch):
    """Set the day the two-year window is measured from."""

    def set_today(day: dt.date) -> None:
        monkeypatch.setattr(wc, "today", lambda: day)

    set_today(dt.date(2021, 4, 15))  # window 201905-202104
    return set_today


def staff(unit, name="张三", wage="6500", start=dt.date(2019, 1, 1)):
    p = factories.person(name=name)
    for e in factories.enrol(p, unit, start=start):
        e.monthly_wage = D(wage)
        e.save()
    return p


def declare_months(unit, operator, *periods):
    """Declare the periods through §3.3.22, so details are what the calculation writes."""
    for period in periods:
        case = draft(MONTHLY, unit, operator)
        stored = cases.case_row_add(case=case, raw={"period": period})
        assert stored.passed, stored.errors
        assert cases.case_submit(case=case, actor=operator).status == CaseStatus.COMPLETED


@pytest.fixture
def declared(policy, unit, operator, on):
    """张三 declared for 202101-202103 at base 6500 (pension and unemployment)."""
    person = staff(unit)
    declare_months(unit, operator, "202101", "202102", "202103")
    assert set(ContributionDetail.objects.filter(person=person).values_list("period", "base")) == {
        (p, D("6500.00")) for p in ("202101", "202102", "202103")
    }
    return person


def raw(person, start, end, wage, **extra):
    values = {
        "id_number": person.id_number,
        "name": person.name,
        "start_period": start,
        "end_period": end,
        "wage": wage,
    }
    values.update(extra)
    return values


def add(unit, operator, *rows):
    case = draft(CHANGE, unit, operator)
    stored = [cases.case_row_add(case=case, raw=r) for r in rows]
    return case, stored


def approve(case, operator, reviewer):
    case = cases.case_submit(case=case, actor=operator)
    assert case.status == CaseStatus.UNDER_REVIEW
    return cases.case_approve(case=case, reviewer=reviewer)


def lines_of(person):
    return {
        (a.period, a.insurance_type): (a.old_base, a.new_base, a.unit_diff, a.individual_diff)
        for a in BaseAdjustment.objects.filter(person=person)
    }


def test_raise_to_8000_gives_two_back_pay_lines_per_type(unit, operator, reviewer, declared):
    case, [row] = add(unit, operator, raw(declared, "202102", "202103", "8000"))
    assert row.passed, row.errors
    assert not BaseAdjustment.objects.exists()
    case = approve(case, operator, reviewer)

    # pension 16% / 8%: 1500 x 16% = 240.00, x 8% = 120.00; unemployment 0.7% / 0.3%
    pension = (D("6500.00"), D("8000.00"), D("240.00"), D("120.00"))
    unemployment = (D("6500.00"), D("8000.00"), D("10.50"), D("4.50"))
    assert lines_of(declared) == {
        ("202102", PENSION): pension,
        ("202103", PENSION): pension,
        ("202102", UNEMPLOYMENT): unemployment,
        ("202103", UNEMPLOYMENT): unemployment,
    }
    adjustments = BaseAdjustment.objects.all()
    assert {(a.status, a.serial_no, a.unit_id) for a in adjustments} == {
        (DeclarationStatus.DECLARED, case.serial_no, unit.pk)
    }
    change = WageChange.objects.get()
    assert (change.start_period, change.end_period, change.wage) == ("202102", "202103", D(8000))
    assert {a.wage_change_id for a in adjustments} == {change.pk}
    assert case.effect["back_pay_lines"] == 4 and case.effect["refund_lines"] == 0
    assert case.effect["back_pay_total"] == "750.00"  # 2 x (240 + 120 + 10.50 + 4.50)
    # what was declared stays as declared: the differences are separate records
    assert set(
        ContributionDetail.objects.filter(person=declared).values_list("base", flat=True)
    ) == {D("6500.00")}


def test_a_decrease_gives_negative_refund_lines(unit, operator, reviewer, declared):
    case, [row] = add(unit, operator, raw(declared, "202101", "202101", "5000"))
    case = approve(case, operator, reviewer)
    assert lines_of(declared) == {
        ("202101", PENSION): (D("6500.00"), D("5000.00"), D("-240.00"), D("-120.00")),
        ("202101", UNEMPLOYMENT): (D("6500.00"), D("5000.00"), D("-10.50"), D("-4.50")),
    }
    assert all(a.is_refund for a in BaseAdjustment.objects.all())
    assert case.effect["refund_lines"] == 2 and case.effect["refund_total"] == "375.00"


def test_the_new_wage_is_floored_and_capped(policy, unit, operator, reviewer, on):
    # 缴费基数标准 6500: floor 3900, cap 19500
    low, high = staff(unit, name="李四"), staff(unit, name="王五")
    declare_months(unit, operator, "202103")
    case, rows = add(
        unit, operator, raw(low, "202103", "202103", "2000"), raw(high, "202103", "202103", "30000")
    )
    assert all(r.passed for r in rows)
    approve(case, operator, reviewer)
    assert lines_of(low)[("202103", PENSION)] == (
        D("6500.00"),
        D("3900.00"),
        D("-416.00"),  # (3900 - 6500) x 16%
        D("-208.00"),
    )
    assert lines_of(high)[("202103", PENSION)] == (
        D("6500.00"),
        D("19500.00"),
        D("2080.00"),  # (19500 - 6500) x 16%
        D("1040.00"),
    )


def test_each_month_takes_the_base_rule_of_its_contribution_year(
    policy, unit, operator, reviewer, on
):
    on(dt.date(2021, 8, 15))
    BaseStandard.objects.filter(region=unit.region, year=2021).update(average_wage=D(7000))
    person = staff(unit)  # enrolment wage 6500: base 6500 in both years (floor 4200 in 2021)
    declare_months(unit, operator, "202106", "202107")
    case, [row] = add(unit, operator, raw(person, "202106", "202107", "2000"))
    assert row.passed, row.errors
    approve(case, operator, reviewer)
    got = {k: v[1] for k, v in lines_of(person).items() if k[1] == PENSION}
    assert got == {("202106", PENSION): D("3900.00"), ("202107", PENSION): D("4200.00")}


def test_months_without_a_declaration_give_no_difference_and_show_on_the_report(
    unit, operator, reviewer, declared
):
    case, [row] = add(unit, operator, raw(declared, "202103", "202104", "8000"))
    assert row.passed, row.errors
    report = case_report(case)
    labels = [c.label for c in report.columns[1:]]  # 序号 is the row's number
    cells = dict(zip(labels, [c.text for c in report.rows[0].cells], strict=True))
    assert cells["补差月份"] == "202103"
    assert cells["补差金额(元)"] == "375.00"
    assert cells["退差月份"] == ""
    assert cells["未申报月份(不产生差额)"] == "202104"
    assert cells["新缴费基数(元)"] == "8,000.00"
    totals = dict(report.totals)
    assert (totals["补差合计"], totals["退差合计"], totals["合计"]) == ("375.00", "0.00", "1 人")

    case = approve(case, operator, reviewer)
    assert {a.period for a in BaseAdjustment.objects.all()} == {"202103"}
    assert case.effect["months_without_difference"] == 1


def test_report_totals_back_pay_and_refund_of_several_rows(unit, operator, declared):
    other = staff(unit, name="李四")
    case, rows = add(
        unit,
        operator,
        raw(declared, "202101", "202101", "5000"),
        raw(declared, "202102", "202103", "8000"),
        raw(other, "202104", "202104", "8000"),
    )
    assert all(r.passed for r in rows), [r.errors for r in rows]
    totals = dict(case_report(case).totals)
    assert totals["补差合计"] == "750.00"
    assert totals["退差合计"] == "375.00"
    assert totals["合计"] == "2 人"


def test_dv06_overlapping_periods_in_the_case(policy, unit, operator, on):
    on(dt.date(2019, 12, 15))
    person = staff(unit, start=dt.date(2018, 1, 1))
    case, (first, overlapping, next_one) = add(
        unit,
        operator,
        raw(person, "201901", "201906", "7000"),
        raw(person, "201906", "201912", "7000"),
        raw(person, "201907", "201912", "7000"),
    )
    assert first.passed and next_one.passed
    assert not overlapping.passed
    assert "与第 1 行同一人员的时间段（201901-201906）重复，不允许添加" in messages(overlapping)
    # another person's periods are independent
    other = staff(unit, name="李四", start=dt.date(2018, 1, 1))
    stored = cases.case_row_add(case=case, raw=raw(other, "201903", "201904", "7000"))
    assert stored.passed, stored.errors


def test_dv06_overlapping_an_approved_change(policy, unit, operator, reviewer, on):
    on(dt.date(2019, 12, 15))
    person = staff(unit, start=dt.date(2018, 1, 1))
    case, _rows = add(unit, operator, raw(person, "201901", "201906", "7000"))
    case = approve(case, operator, reviewer)

    _again, [overlapping] = add(unit, operator, raw(person, "201906", "201912", "7000"))
    assert not overlapping.passed
    assert f"与已办结的缴费工资变更（业务流水号 {case.serial_no}，201901-201906）" in messages(
        overlapping
    )
    _later, [ok] = add(unit, operator, raw(person, "201907", "201912", "7000"))
    assert ok.passed, ok.errors


def test_a_change_approved_meanwhile_blocks_the_overlapping_approval(
    policy, unit, operator, reviewer, on
):
    on(dt.date(2019, 12, 15))
    person = staff(unit, start=dt.date(2018, 1, 1))
    first, _ = add(unit, operator, raw(person, "201901", "201906", "7000"))
    second, [row] = add(unit, operator, raw(person, "201905", "201908", "7000"))
    assert row.passed  # nothing approved yet
    second = cases.case_submit(case=second, actor=operator)
    approve(first, operator, reviewer)
    with pytest.raises(CaseError):
        cases.case_approve(case=second, reviewer=reviewer)
    assert WageChange.objects.count() == 1


def test_only_the_last_two_years_and_not_the_future(unit, operator, declared):
    # today 2021-04-15: window 201905-202104
    _c, [too_old, first_month, future, backwards] = add(
        unit,
        operator,
        raw(declared, "201904", "201904", "7000"),
        raw(declared, "201905", "201905", "7000"),
        raw(declared, "202104", "202105", "7000"),
        raw(declared, "202103", "202102", "7000"),
    )
    assert "只能变更两年内（201905至202104）的缴费工资，开始年月 201904 已超出" in messages(too_old)
    assert first_month.passed, first_month.errors
    assert "结束年月 202105 晚于当前月份 202104，不能变更" in messages(future)
    assert "结束年月不能早于开始年月" in messages(backwards)
    assert not (too_old.passed or future.passed or backwards.passed)


def test_change_window_counts_24_months_with_the_current_one():
    assert wc.change_window(dt.date(2026, 12, 1)) == (Period(2025, 1), Period(2026, 12))
    assert wc.change_window(dt.date(2021, 4, 15)) == (Period(2019, 5), Period(2021, 4))


def test_r_base_06_audited_base_must_be_matched(unit, operator, reviewer, declared):
    AuditedBase.objects.create(
        person=declared, unit=unit, period="202102", base=D("7000"), decision_no="鄂稽〔2021〕1号"
    )
    _c, [wrong] = add(unit, operator, raw(declared, "202101", "202103", "8000"))
    assert not wrong.passed
    assert (
        "202102 存在稽核部门认定的缴费基数 7,000.00 元，本次申报核定的缴费基数为 8,000.00 元，"
        "与稽核认定结果不一致，请重新申报"
    ) in messages(wrong)
    # outside the audited month the same wage is fine; the audited value itself passes
    _c, [outside] = add(unit, operator, raw(declared, "202103", "202103", "8000"))
    assert outside.passed, outside.errors
    case, [right] = add(unit, operator, raw(declared, "202101", "202102", "7000"))
    assert right.passed, right.errors
    approve(case, operator, reviewer)
    assert lines_of(declared)[("202102", PENSION)][1] == D("7000.00")


def test_a_person_not_enrolled_in_the_unit_is_refused(unit, operator, declared):
    stranger = factories.person(name="赵六")
    late = staff(unit, name="钱七", start=dt.date(2021, 2, 1))
    _c, [not_here, partly] = add(
        unit,
        operator,
        raw(stranger, "202101", "202103", "8000"),
        raw(late, "202101", "202103", "8000"),
    )
    # issue #10 §2: a person never insured here gets the answer an unknown number gets
    assert messages(not_here) == "本单位没有该证件号码的参保人员，请核对证件号码"
    assert "该人员202101未在本单位参保，不能变更该月的缴费工资" in messages(partly)


def test_a_stopped_enrolment_still_covers_its_months(unit, operator, declared):
    for e in declared.enrolments.all():
        e.end_period = "202103"  # 停保年月 202103: enrolled up to 202102
        e.status = "stopped"
        e.save()
    _c, [inside, stop_month] = add(
        unit,
        operator,
        raw(declared, "202101", "202102", "8000"),
        raw(declared, "202103", "202103", "8000"),
    )
    assert inside.passed, inside.errors
    assert "该人员202103未在本单位参保" in messages(stop_month)


def test_name_must_match_the_id_number(unit, operator, declared):
    _c, [row] = add(unit, operator, raw(declared, "202101", "202101", "8000", name="李四"))
    assert "姓名与证件号码登记的姓名不一致" in messages(row) and "张三" not in messages(row)


def test_rollback_removes_the_change_and_its_lines(unit, operator, reviewer, declared):
    case, _ = add(unit, operator, raw(declared, "202102", "202103", "8000"))
    case = approve(case, operator, reviewer)
    assert BaseAdjustment.objects.count() == 4
    case = cases.case_rollback(case=case, reviewer=reviewer, reason="申报有误")
    assert case.status == CaseStatus.ROLLED_BACK
    assert not BaseAdjustment.objects.exists() and not WageChange.objects.exists()


def test_rollback_is_refused_once_a_bill_took_the_lines(unit, operator, reviewer, declared):
    case, _ = add(unit, operator, raw(declared, "202102", "202103", "8000"))
    case = approve(case, operator, reviewer)
    BaseAdjustment.objects.filter(period="202102").update(status=DeclarationStatus.BILLED)
    with pytest.raises(CaseError) as exc:
        cases.case_rollback(case=case, reviewer=reviewer, reason="申报有误")
    assert "已开具应缴认定单" in str(exc.value)
    assert BaseAdjustment.objects.count() == 4


def test_differences_cost_the_same_queries_for_one_row_or_many(policy, unit, operator, on):
    people = [staff(unit, name=n) for n in ("甲一", "乙二", "丙三", "丁四")]
    declare_months(unit, operator, "202101", "202102", "202103")
    rules = wc.MonthRules(unit)

    def changes(persons):
        return [wc.Change(p.pk, Period(2021, 1), Period(2021, 3), D(8000)) for p in persons]

    wc.effects_for(unit=unit, changes=changes(people), rules=rules)  # warm the policy cache
    with CaptureQueriesContext(connection) as one:
        wc.effects_for(unit=unit, changes=changes(people[:1]), rules=rules)
    with CaptureQueriesContext(connection) as four:
        effects = wc.effects_for(unit=unit, changes=changes(people), rules=rules)
    assert len(one) == len(four) == 1
    assert [len(e.lines) for e in effects] == [6] * 4


def test_template_has_the_manuals_columns_and_example():
    import io

    import openpyxl

    from shebao.services.batch.template import template_xlsx
    from shebao.services.registry import registry

    sheet = openpyxl.load_workbook(io.BytesIO(template_xlsx(registry[CHANGE]))).worksheets[0]
    assert sheet["A1"].value == "职工社会保险缴费工资变更申报表"
    assert sheet["A2"].value == "管理单位或独立缴费单位名称（章）："
    assert sheet["A3"].value == "管理单位或独立缴费单位编号："
    assert [sheet.cell(4, c).value for c in range(1, 10)] == [
        "序号", "单位编号", "单位名称", "个人编号", "身份证号码", "姓名", "开始年月", "结束年月",
        "上年月平均工资(变更后)（元）",
    ]  # fmt: skip
    from tests.batch.files import first_data_row

    instruction = first_data_row(sheet) - 1
    assert [sheet.cell(instruction - 1, c).value for c in range(1, 10)] == [
        "1", "100000000", "武汉*****公司", "1000000000", "510725*****8319", "张三", "201901",
        "201901", "5000",
    ]  # fmt: skip
    assert "（不要删除示例和本行说明文字）" in sheet.cell(instruction, 1).value


def test_batch_file_in_the_manuals_layout(unit, operator, reviewer, declared):
    from shebao.services.batch.readers import read_roster
    from shebao.services.registry import registry
    from tests.batch.files import xlsx

    header = ["序号", "单位编号", "单位名称", "个人编号", "身份证号码", "姓名", "开始年月",
              "结束年月", "上年月平均工资(变更后)（元）"]  # fmt: skip
    grid = [
        ["职工社会保险缴费工资变更申报表"],
        ["管理单位或独立缴费单位名称（章）："],
        ["管理单位或独立缴费单位编号："],
        header,
        ["1", "100000000", "武汉*****公司", "1000000000", "510725*****8319", "张三", "201901",
         "201901", "5000"],
        ["以上一行填写示例请从下一行开始按示例填写（不要删除示例和本行说明文字）"],
        ["1", unit.unit_no, unit.name, declared.person_no, declared.id_number, "张三", "202102",
         "202103", "8000"],
        ["合 计： 1 人"],
    ]  # fmt: skip
    roster = read_roster(registry[CHANGE], xlsx(grid), "工资变更.xlsx")
    assert [r["start_period"] for _n, r in roster.rows] == ["202102"]
    case = draft(CHANGE, unit, operator)
    assert cases.case_rows_replace(case=case, rows=roster.rows) == (1, 0)
    approve(case, operator, reviewer)
    assert BaseAdjustment.objects.filter(person=declared).count() == 4


def test_a_month_declared_after_the_change_takes_the_new_base(unit, operator, reviewer, declared):
    """R-BASE-05: 202104 was not declared when the change was approved; its declaration
    later is made at the changed wage's base, not at the enrolment's 6500."""
    case, [row] = add(unit, operator, raw(declared, "202103", "202104", "8000"))
    approve(case, operator, reviewer)
    declare_months(unit, operator, "202104", "202105")
    bases = dict(
        ContributionDetail.objects.filter(person=declared, insurance_type=PENSION).values_list(
            "period", "base"
        )
    )
    # 202103 stays as declared (its difference is a 补差 record); 202105 is past the change
    assert bases == {
        "202101": D("6500.00"),
        "202102": D("6500.00"),
        "202103": D("6500.00"),
        "202104": D("8000.00"),
        "202105": D("6500.00"),
    }
    detail = ContributionDetail.objects.get(
        person=declared, period="202104", insurance_type=PENSION
    )
    assert (detail.wage, detail.unit_amount, detail.individual_amount) == (
        D("8000.00"),
        D("1280.00"),
        D("640.00"),
    )
    assert {a.period for a in BaseAdjustment.objects.all()} == {"202103"}


def test_the_changed_wage_goes_through_the_months_base_rule(policy, unit, operator, reviewer, on):
    """A change to a wage above the cap gives the capped base in the later declaration."""
    person = staff(unit)  # 缴费基数标准 6500: cap 19500
    case, [row] = add(unit, operator, raw(person, "202104", "202104", "30000"))
    assert row.passed, row.errors
    approve(case, operator, reviewer)
    declare_months(unit, operator, "202104")
    detail = ContributionDetail.objects.get(person=person, period="202104", insurance_type=PENSION)
    assert (detail.wage, detail.base) == (D("30000.00"), D("19500.00"))


def test_an_audited_base_is_the_base_of_the_months_declaration(
    policy, unit, operator, reviewer, on
):
    person = staff(unit)
    AuditedBase.objects.create(person=person, unit=unit, period="202104", base=D("7210"))
    declare_months(unit, operator, "202104")
    assert set(
        ContributionDetail.objects.filter(person=person, period="202104").values_list(
            "base", flat=True
        )
    ) == {D("7210.00")}


def test_a_month_with_differences_cannot_be_cancelled(unit, operator, reviewer, declared):
    case, [row] = add(unit, operator, raw(declared, "202103", "202103", "8000"))
    case = approve(case, operator, reviewer)
    cancel = draft("hb_contribution_declaration_revocation", unit, operator)
    stored = cases.case_row_add(case=cancel, raw={"period": "202103"})
    assert not stored.passed
    assert (
        f"费款所属期 202103 已有缴费工资变更（业务流水号 {case.serial_no}）产生的差额补退记录，"
        "请先回退该变更再撤销申报"
    ) in messages(stored)
    other = draft("hb_contribution_declaration_revocation", unit, operator)
    assert cases.case_row_add(case=other, raw={"period": "202102"}).passed


def test_a_change_a_later_declaration_used_cannot_be_rolled_back(
    unit, operator, reviewer, declared
):
    case, [row] = add(unit, operator, raw(declared, "202103", "202104", "8000"))
    case = approve(case, operator, reviewer)
    declare_months(unit, operator, "202104")
    with pytest.raises(CaseError) as refused:
        cases.case_rollback(case=case, reviewer=reviewer, reason="工资填错")
    assert "202104 的缴费申报已按本次变更后的工资核定缴费基数，不能回退" in str(refused.value)
    assert WageChange.objects.filter(serial_no=case.serial_no).exists()

    # once 202104 is cancelled (it has no difference lines), the change can go
    cancel = draft("hb_contribution_declaration_revocation", unit, operator)
    assert cases.case_row_add(case=cancel, raw={"period": "202104"}).passed
    assert cases.case_submit(case=cancel, actor=operator).status == CaseStatus.COMPLETED
    case = cases.case_rollback(case=case, reviewer=reviewer, reason="工资填错")
    assert case.status == CaseStatus.ROLLED_BACK
    assert not WageChange.objects.exists() and not BaseAdjustment.objects.exists()
