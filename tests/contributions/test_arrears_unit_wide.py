"""§3.3.33 单位社会保险补缴申报 (整体补缴), through the case engine."""

import datetime as dt
from decimal import Decimal

import pytest

from shebao.cases import services as cases
from shebao.cases.models import CaseStatus
from shebao.cases.services import CaseError
from shebao.contributions.arrears import arrears_fees_assess
from shebao.contributions.models import Arrears, ArrearsKind, MonthlyDeclaration
from shebao.contributions.specs import arrears_unit as spec
from shebao.documents.reports import case_report
from shebao.registry.choices import InsuranceType
from tests import factories

from .arrears_helpers import add_rows, errors_of, upload

CODE = "hb_unit_whole_back_payment"
D = Decimal
PENSION, UNEMPLOYMENT = InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT


def hire(unit, name, *, start=dt.date(2020, 1, 1), wage="6500"):
    person = factories.person(name=name)
    for e in factories.enrol(person, unit, start=start):
        e.monthly_wage = D(wage) if wage else None
        e.save()
    return person


@pytest.fixture
def staff(policy, unit):
    """Three staff with a wage of 6500 and one without any wage or base (不可做账)."""
    return [hire(unit, n) for n in ("张三", "李四", "王五")] + [hire(unit, "赵六", wage=None)]


def report_values(case):
    report = case_report(case)
    labels = [c.label for c in report.columns[1:]]
    return dict(zip(labels, [c.text for c in report.rows[0].cells], strict=True))


def test_one_month_books_the_eligible_staff_and_fees_wait_for_the_bill(
    unit, operator, reviewer, staff, on
):
    on(dt.date(2021, 8, 13))
    case, (stored,) = add_rows(
        CODE, unit, operator, {"start_period": "202102", "end_period": "202102"}
    )
    assert stored.passed, stored.errors
    values = report_values(case)
    assert values["是否有人员变动"] == "□是 ☑否"
    assert values["费款对应时间段"] == "2021年02月 至 2021年02月"
    # WE-11 shape: 本期预核定数 = 上期核定数 + 增加 − 减少 (4 = 4 + 0 − 0); 赵六 不可做账
    assert [
        values[k] for k in ("上期核定数", "本期预核定数", "增加", "减少", "不符合核定人数")
    ] == [
        "4",
        "4",
        "0",
        "0",
        "1",
    ]
    with pytest.raises(CaseError) as refused:
        cases.case_submit(case=case, actor=operator)
    assert str(refused.value) == cases.MATERIAL_MISSING % {"m": spec.ID_CARD}
    upload(case, operator, spec.ID_CARD)
    case = cases.case_submit(case=case, actor=operator)
    case = cases.case_approve(case=case, reviewer=reviewer)
    assert case.status == CaseStatus.APPROVED

    record = Arrears.objects.get(case=case)
    assert (record.kind, record.person, record.months, record.fees_on_billing) == (
        ArrearsKind.UNIT_WIDE,
        None,
        1,
        True,
    )
    lines = list(record.lines.all())
    assert len(lines) == 6  # 3 eligible persons × 2 types
    assert {line.person.name for line in lines} == {"张三", "李四", "王五"}
    # 3 × (1040 + 45.50) and 3 × (520 + 19.50); no interest or late fee yet (R-BP-09)
    assert (record.unit_amount, record.individual_amount) == (D("3256.50"), D("1618.50"))
    assert (record.interest, record.late_fee) == (D("0.00"), D("0.00"))
    assert all("利息和滞纳金在开具应缴认定表时生成" in line.explanation for line in lines)

    arrears_fees_assess(arrears=record, on=dt.date(2021, 8, 13))
    record.refresh_from_db()
    pension = record.lines.filter(insurance_type=PENSION).first()
    # 202102 is due 2021-03-15: 16 + 30 + 31 + 30 + 31 + 13 = 151 days; 1560 × 0.05% × 151 = 117.78
    assert (pension.late_days, pension.late_fee) == (151, D("117.78"))
    # interest 202103..202107 = 5 months: 520 × (1 + 6.69% × 5/12) − 520 = 14.495 -> 14.50
    assert pension.interest == D("14.50")
    # unemployment: 65.00 × 0.05% × 151 = 4.9075 -> 4.91, no account
    unemployment = record.lines.filter(insurance_type=UNEMPLOYMENT).first()
    assert (unemployment.interest, unemployment.late_fee) == (D("0.00"), D("4.91"))
    assert (record.interest, record.late_fee) == (D("43.50"), D("368.07"))
    assert record.fees_on_billing is False


def test_staff_changes_inside_the_span_must_be_filed_month_by_month(unit, operator, staff, on):
    on(dt.date(2021, 8, 13))
    hire(unit, "钱七", start=dt.date(2021, 2, 1))
    _case, (stored,) = add_rows(
        CODE, unit, operator, {"start_period": "202101", "end_period": "202102"}
    )
    assert errors_of(stored) == spec.MONTH_BY_MONTH % {"p": "202102", "a": 4, "b": 5}


def test_a_month_with_changes_needs_a_change_form(unit, operator, staff, on):
    on(dt.date(2021, 8, 13))
    hire(unit, "钱七", start=dt.date(2021, 2, 1))
    case, (stored,) = add_rows(
        CODE, unit, operator, {"start_period": "202102", "end_period": "202102"}
    )
    assert stored.passed, stored.errors
    values = report_values(case)
    assert values["是否有人员变动"] == "☑是 □否"
    # 5 = 4 + 1 − 0
    assert [values[k] for k in ("上期核定数", "本期预核定数", "增加", "减少")] == [
        "4",
        "5",
        "1",
        "0",
    ]
    upload(case, operator, spec.ID_CARD)
    with pytest.raises(CaseError) as refused:
        cases.case_submit(case=case, actor=operator)
    assert str(refused.value) == cases.GROUP_MISSING % {
        "g": "分组1",
        "m": "、".join(spec.CHANGE_FORMS),
    }
    upload(case, operator, "在职职工增员申报表")
    assert cases.case_submit(case=case, actor=operator).status == CaseStatus.UNDER_REVIEW


def test_declared_months_are_not_back_paid_again(unit, operator, staff, on):
    on(dt.date(2021, 8, 13))
    MonthlyDeclaration.objects.create(
        unit=unit, region=unit.region, period="202101", insurance_type=PENSION
    )
    MonthlyDeclaration.objects.create(
        unit=unit, region=unit.region, period="202101", insurance_type=UNEMPLOYMENT
    )
    _case, (clash,) = add_rows(
        CODE, unit, operator, {"start_period": "202101", "end_period": "202101"}
    )
    assert errors_of(clash) == spec.ALREADY_DUE % {"t": "城镇职工基本养老保险", "p": "202101"}
    # without a start: the month after the 最大缴费期号
    case, (stored,) = add_rows(CODE, unit, operator, {"end_period": "202102"})
    assert stored.passed, stored.errors
    assert report_values(case)["费款对应时间段"] == "2021年02月 至 2021年02月"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            {"start_period": "202103", "end_period": "202102"},
            spec.END_BEFORE_START % {"e": "202102", "s": "202103"},
        ),
        ({"end_period": "202108"}, spec.NOT_PAST % {"e": "202108", "n": "202108"}),
        ({"end_period": "202102", "work_injury": "√"}, spec.NOT_INSURED % {"t": "工伤保险"}),
        ({"start_period": "201906", "end_period": "201906"}, spec.NOBODY % {"p": "201906-201906"}),
    ],
)
def test_refusals(unit, operator, staff, on, raw, message):
    on(dt.date(2021, 8, 13))
    _case, (stored,) = add_rows(CODE, unit, operator, raw)
    assert errors_of(stored) == message


def test_one_span_per_case(unit, operator, staff, on):
    on(dt.date(2021, 8, 13))
    case = cases.case_start(service_code=CODE, unit=unit, operator=operator)
    # max_rows = 1: the engine refuses a second row before the spec sees it
    cases.case_accept(
        case=case, declarant="王建", declarant_mobile="18555555555", agreement_accepted=True
    )
    cases.case_row_add(case=case, raw={"start_period": "202102", "end_period": "202102"})
    second = cases.case_row_add(case=case, raw={"start_period": "202103", "end_period": "202103"})
    assert not second.passed


def test_a_second_case_for_the_same_months_fails_its_recheck(unit, operator, reviewer, staff, on):
    on(dt.date(2021, 8, 13))
    submitted = []
    for _ in range(2):
        case, (stored,) = add_rows(
            CODE, unit, operator, {"start_period": "202102", "end_period": "202102"}
        )
        assert stored.passed, stored.errors
        upload(case, operator, spec.ID_CARD)
        submitted.append(cases.case_submit(case=case, actor=operator))
    cases.case_approve(case=submitted[0], reviewer=reviewer)
    with pytest.raises(CaseError) as refused:
        cases.case_approve(case=submitted[1], reviewer=reviewer)
    assert spec.ALREADY_DUE % {"t": "城镇职工基本养老保险", "p": "202102"} in str(refused.value)
    assert Arrears.objects.count() == 1
