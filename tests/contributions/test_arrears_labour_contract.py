"""§3.3.30 单位职工社会保险劳动合同补缴申报, through the case engine."""

import datetime as dt
from decimal import Decimal

import pytest

from shebao.cases import services as cases
from shebao.cases.models import CaseStatus
from shebao.cases.services import CaseError
from shebao.contributions.models import Arrears, ArrearsKind, DeclarationStatus
from shebao.contributions.specs import arrears_person as spec
from shebao.registry.choices import InsuranceType
from shebao.registry.models import UnitInsurance
from tests import factories

from .arrears_helpers import add_rows, approve, errors_of, upload

CODE = "hb_labour_contract_back_payment"
D = Decimal
PENSION, UNEMPLOYMENT = InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT


@pytest.fixture
def staff(policy, unit):
    person = factories.person(name="张三")
    factories.enrol(person, unit, start=dt.date(2019, 1, 1))
    return person


def row(person, start, end, wage="6500", **extra):
    return {
        "id_number": person.id_number,
        "name": person.name,
        "start_period": start,
        "end_period": end,
        "reason": "劳动合同补缴",
        "wage": wage,
        **extra,
    }


def test_approval_stores_the_arrears_and_its_hand_computed_lines(
    unit,
    operator,
    reviewer,
    staff,
    on,
):
    on(dt.date(2022, 3, 10))
    case, (stored,) = add_rows(CODE, unit, operator, row(staff, "202011", "202011", months="1"))
    assert stored.passed, stored.errors
    upload(case, operator, spec.CONTRACT)
    case = approve(case, operator, reviewer)
    assert case.status == CaseStatus.APPROVED

    record = Arrears.objects.get(case=case)
    assert (record.kind, record.status, record.person, record.months) == (
        ArrearsKind.LABOUR_CONTRACT,
        DeclarationStatus.DECLARED,
        staff,
        1,
    )
    assert (record.start_period, record.end_period, record.declared_wage) == (
        "202011",
        "202011",
        D("6500.00"),
    )
    assert record.calculated_on == dt.date(2022, 3, 10)
    assert record.serial_no == case.serial_no
    lines = {line.insurance_type: line for line in record.lines.all()}
    assert set(lines) == {PENSION, UNEMPLOYMENT}
    pension, unemployment = lines[PENSION], lines[UNEMPLOYMENT]
    # 6500 × 16% / 8%; interest 520 × (1 + 6.04%×1/12)(1 + 6.69%)(1 + 6.12%×2/12) − 520 = 43.27;
    # late fee 1560 × 0.05% × 450 days (2020-12-16 .. 2022-03-10) = 351.00
    assert (pension.base, pension.unit_amount, pension.individual_amount) == (
        D("6500.00"),
        D("1040.00"),
        D("520.00"),
    )
    assert (pension.interest, pension.late_fee, pension.late_days) == (D("43.27"), D("351.00"), 450)
    # unemployment: 45.50 / 19.50, no account; 65.00 × 0.05% × 450 = 14.625 -> 14.63
    assert (unemployment.unit_amount, unemployment.individual_amount) == (D("45.50"), D("19.50"))
    assert (unemployment.interest, unemployment.late_fee) == (D("0.00"), D("14.63"))
    assert "滞纳金 1,560.00 × 0.05% × 450 天 = 351.00" in pension.explanation
    # the record's totals are the sums of the rounded lines
    assert record.unit_amount == D("1085.50")
    assert record.individual_amount == D("539.50")
    assert (record.interest, record.late_fee) == (D("43.27"), D("365.63"))
    assert case.effect["arrears"] == [record.pk]
    assert case.effect["total"] == f"{record.total:.2f}"


def test_only_ticked_types_are_back_paid(unit, operator, reviewer, staff, on):
    on(dt.date(2022, 3, 10))
    case, (stored,) = add_rows(CODE, unit, operator, row(staff, "202011", "202012", pension="√"))
    assert stored.passed, stored.errors
    upload(case, operator, spec.PAYROLL)
    approve(case, operator, reviewer)
    record = Arrears.objects.get()
    assert set(record.lines.values_list("period", "insurance_type")) == {
        ("202011", PENSION),
        ("202012", PENSION),
    }
    assert record.months == 2


def test_materials_within_three_years_one_of_contract_or_payroll(
    unit,
    operator,
    staff,
    on,
):
    on(dt.date(2022, 3, 10))
    case, _rows = add_rows(CODE, unit, operator, row(staff, "202011", "202011"))
    with pytest.raises(CaseError) as refused:
        cases.case_submit(case=case, actor=operator)
    assert str(refused.value) == cases.GROUP_MISSING % {
        "g": "分组1",
        "m": f"{spec.CONTRACT}、{spec.PAYROLL}",
    }
    upload(case, operator, spec.PAYROLL)
    assert cases.case_submit(case=case, actor=operator).status == CaseStatus.UNDER_REVIEW


def test_materials_older_than_three_years_also_need_a_legal_document(
    unit,
    operator,
    staff,
    on,
):
    on(dt.date(2023, 6, 10))  # 201905 is 49 months before 202306
    case, (stored,) = add_rows(CODE, unit, operator, row(staff, "201905", "201906"))
    assert stored.passed, stored.errors
    upload(case, operator, spec.CONTRACT)
    with pytest.raises(CaseError) as refused:
        cases.case_submit(case=case, actor=operator)
    assert str(refused.value) == cases.GROUP_MISSING % {
        "g": "分组2",
        "m": "、".join(spec.LEGAL_DOCUMENTS),
    }
    upload(case, operator, "法院判决书")
    assert cases.case_submit(case=case, actor=operator).status == CaseStatus.UNDER_REVIEW


def test_materials_table_follows_the_rows(unit, operator, staff, on):
    from shebao.cases.materials import materials_status

    on(dt.date(2023, 6, 10))
    case, _rows = add_rows(CODE, unit, operator, row(staff, "202205", "202206"))
    groups = {entry["name"]: entry["group"] for entry in materials_status(case)}
    assert groups[spec.CONTRACT] == "分组1"
    assert groups["法院判决书"] == "可选"  # recent periods: no legal document needed
    cases.case_row_add(case=case, raw=row(staff, "201905", "201905"))
    groups = {entry["name"]: entry["group"] for entry in materials_status(case)}
    assert groups["法院判决书"] == "分组2"


def _back_pay(unit, operator, reviewer, person, start, end):
    case, (stored,) = add_rows(CODE, unit, operator, row(person, start, end, pension="√"))
    assert stored.passed, stored.errors
    upload(case, operator, spec.CONTRACT)
    upload(case, operator, "稽核部门出具的整改通知书")
    return approve(case, operator, reviewer)


def test_dv07_cumulative_36_months(unit, operator, reviewer, staff, on):
    on(dt.date(2023, 6, 10))
    _back_pay(unit, operator, reviewer, staff, "201905", "202110")  # 30 months
    assert Arrears.objects.get().months == 30

    _case, (seven,) = add_rows(CODE, unit, operator, row(staff, "202201", "202207", pension="√"))
    assert not seven.passed
    assert errors_of(seven) == spec.OVER_LIMIT % {"n": 37, "a": 30, "b": 7, "m": 36}

    _case, (six,) = add_rows(CODE, unit, operator, row(staff, "202201", "202206", pension="√"))
    assert six.passed, six.errors


def test_dv07_rows_of_one_case_add_up(unit, operator, staff, on):
    on(dt.date(2023, 6, 10))
    _case, (first, second) = add_rows(
        CODE,
        unit,
        operator,
        row(staff, "201905", "202110", pension="√"),
        row(staff, "202201", "202207", pension="√"),
    )
    assert first.passed
    assert errors_of(second) == spec.OVER_LIMIT % {"n": 37, "a": 0, "b": 37, "m": 36}


def test_a_rolled_back_back_payment_no_longer_counts(unit, operator, reviewer, staff, on):
    on(dt.date(2023, 6, 10))
    case = _back_pay(unit, operator, reviewer, staff, "201905", "202110")
    cases.case_rollback(case=case, reviewer=reviewer, reason="申报工资有误")
    assert Arrears.objects.get().status == DeclarationStatus.CANCELLED
    _case, (again,) = add_rows(CODE, unit, operator, row(staff, "201905", "202110", pension="√"))
    assert again.passed, again.errors


def test_a_billed_back_payment_cannot_be_rolled_back(unit, operator, reviewer, staff, on):
    on(dt.date(2023, 6, 10))
    case = _back_pay(unit, operator, reviewer, staff, "202201", "202202")
    Arrears.objects.update(status=DeclarationStatus.BILLED)
    with pytest.raises(CaseError) as refused:
        cases.case_rollback(case=case, reviewer=reviewer, reason="申报工资有误")
    assert "补缴数据已开具应缴认定单，不能回退" in str(refused.value)


def test_already_back_paid_periods_are_refused(unit, operator, reviewer, staff, on):
    on(dt.date(2023, 6, 10))
    _back_pay(unit, operator, reviewer, staff, "202201", "202202")
    _case, (stored,) = add_rows(CODE, unit, operator, row(staff, "202202", "202203", pension="√"))
    assert errors_of(stored) == spec.ALREADY_PAID % {"p": "202202 城镇职工基本养老保险"}


def test_only_after_the_pooling_date(unit, operator, staff, on):
    on(dt.date(2022, 3, 10))
    UnitInsurance.objects.filter(unit=unit, insurance_type=PENSION).update(
        pooling_date=dt.date(2020, 1, 1)
    )
    _case, (before, after) = add_rows(
        CODE,
        unit,
        operator,
        row(staff, "201912", "201912"),
        row(staff, "202001", "202001"),
    )
    assert errors_of(before) == spec.BEFORE_POOLING % {"s": "201912", "d": "2020-01-01"}
    assert after.passed, after.errors


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"end_period": "202010"}, spec.END_BEFORE_START % {"e": "202010", "s": "202011"}),
        ({"end_period": "202203"}, spec.NOT_PAST % {"e": "202203", "n": "202203"}),
        ({"months": "3"}, spec.MONTHS_MISMATCH % {"v": "3", "n": 2}),
        ({"name": "李四"}, spec.NAME_MISMATCH % {"n": "张三"}),
        ({"person_no": "99999999999"}, None),
        ({"reason": "视同缴费年限补缴"}, spec.DEEMED_REASON),
        ({"work_injury": "√"}, spec.UNIT_TYPE_MISSING % {"t": "工伤保险"}),
        ({"start_period": "201901", "end_period": "201901"}, "未配置"),
    ],
)
def test_row_refusals(unit, operator, staff, on, change, message):
    on(dt.date(2022, 3, 10))
    _case, (stored,) = add_rows(CODE, unit, operator, {**row(staff, "202011", "202012"), **change})
    assert not stored.passed
    if change.get("person_no"):
        message = spec.PERSON_NO_MISMATCH % {"n": staff.person_no}
    assert message in errors_of(stored)


def test_persons_not_enrolled_here_or_without_the_type(policy, unit, operator, on):
    on(dt.date(2022, 3, 10))
    stranger = factories.person(name="王五")
    pension_only = factories.person(name="赵六")
    factories.enrol(pension_only, unit, PENSION, start=dt.date(2019, 1, 1))
    _case, (a, b) = add_rows(
        CODE,
        unit,
        operator,
        row(stranger, "202011", "202011"),
        row(pension_only, "202011", "202011", unemployment="√"),
    )
    assert errors_of(a) == spec.NOT_ENROLLED
    assert errors_of(b) == spec.PERSON_TYPE_MISSING % {"t": "失业保险"}


def test_suspended_persons_may_back_pay(unit, operator, staff, on):
    from shebao.registry.choices import EnrolmentStatus

    on(dt.date(2022, 3, 10))
    staff.enrolments.update(status=EnrolmentStatus.SUSPENDED, end_period="202106")
    _case, (stored,) = add_rows(CODE, unit, operator, row(staff, "202011", "202011"))
    assert stored.passed, stored.errors


def test_overlapping_rows_of_one_person(unit, operator, staff, on):
    on(dt.date(2022, 3, 10))
    _case, (_first, second) = add_rows(
        CODE, unit, operator, row(staff, "202011", "202012"), row(staff, "202012", "202101")
    )
    assert spec.OVERLAP % {"n": 1} in errors_of(second)


def test_the_report_shows_the_lines(unit, operator, staff, on):
    from shebao.documents.reports import case_report

    on(dt.date(2022, 3, 10))
    case, _rows = add_rows(CODE, unit, operator, row(staff, "202011", "202011"))
    report = case_report(case)
    texts = [cell.text for r in report.rows for cell in r.cells]
    assert "1" in texts  # 补缴月数
    assert any("滞纳金 1,560.00 × 0.05% × 450 天 = 351.00" in t for t in texts)
    totals = dict(report.totals)
    assert totals["滞纳金"] == "365.63"
    assert totals["个人账户利息"] == "43.27"


def test_the_calculation_years_rate_is_provisionally_the_last_published_one(
    unit, operator, reviewer, staff, on
):
    on(dt.date(2025, 3, 10))  # 2025's 记账利率 is not published yet; 2024's is 2.62%
    case, (stored,) = add_rows(CODE, unit, operator, row(staff, "202411", "202411", pension="√"))
    assert stored.passed, stored.errors
    upload(case, operator, spec.CONTRACT)
    approve(case, operator, reviewer)
    line = Arrears.objects.get().lines.get()
    # months 202412 (2024: 1) and 202501-202502 (2025: 2, 暂按 2024's rate):
    # 520 × (1 + 2.62% × 1/12) × (1 + 2.62% × 2/12) − 520 = 3.4109… -> 3.41
    assert line.interest == D("3.41") and line.interest_provisional == 2024
    assert "(1 + 2.62% × 1/12) × (1 + 2.62% × 2/12，2025年暂按2024年利率)" in line.explanation


def test_a_past_years_missing_rate_between_published_ones_is_refused(unit, operator, staff, on):
    from shebao.policy.models import AccountInterestRate

    AccountInterestRate.objects.filter(year=2023).delete()  # a gap, not a year to come
    on(dt.date(2025, 3, 10))
    _case, (stored,) = add_rows(CODE, unit, operator, row(staff, "202311", "202311"))
    assert errors_of(stored) == "未配置湖北省省本级2023年的个人账户记账利率"
