"""§3.3.31 社区代管灵活就业人员补缴 (省本级 only), §3.3.34 缓缴单位补缴 (退一补一) and
§3.3.32 视同缴费年限补缴, through the case engine."""

import datetime as dt
from decimal import Decimal

import pytest

from shebao.contributions.models import (
    Arrears,
    ArrearsKind,
    ContributionBase,
    DeemedYearsRecognition,
    UnitDeferral,
)
from shebao.contributions.specs import arrears_deemed as deemed
from shebao.contributions.specs import arrears_person as spec
from shebao.documents.reports import case_report
from shebao.policy.seed import policy_seed
from shebao.registry.choices import InsuranceType
from shebao.registry.models import UnitInsurance
from tests import factories

from .arrears_helpers import add_rows, approve, errors_of

COMMUNITY = "hb_community_flexible_worker_back_payment"
DEFERRAL = "hb_deferred_unit_back_payment"
DEEMED = "hb_deemed_contribution_back_payment"
D = Decimal
PENSION = InsuranceType.PENSION


@pytest.fixture
def worker(policy, unit):
    person = factories.person(name="熊彦")
    factories.enrol(person, unit, start=dt.date(2019, 1, 1))
    return person


# -- §3.3.31 ---------------------------------------------------------------------------


def test_we06_community_back_payment_202003_202006(unit, operator, reviewer, worker, on):
    on(dt.date(2020, 7, 20))
    raw = {
        "id_number": worker.id_number,
        "start_period": "202003",
        "end_period": "202006",
        "reason": "社区类补缴",
        "pension": "√",
        "wage": "5555",
    }
    case, (stored,) = add_rows(COMMUNITY, unit, operator, raw)
    assert stored.passed, stored.errors
    report = case_report(case)
    assert report.title == "职工基本养老保险费补缴明细表"
    assert "4" in [c.text for c in report.rows[0].cells]  # 补缴月数 = months(202003..202006)
    approve(case, operator, reviewer)
    record = Arrears.objects.get()
    assert (record.kind, record.months, record.reason) == (ArrearsKind.COMMUNITY, 4, "社区类补缴")
    lines = list(record.lines.order_by("period"))
    assert [line.period for line in lines] == ["202003", "202004", "202005", "202006"]
    # WE-06: round10(5555) = 5560 (between the 3900 floor and 19500 cap); × 16% / 8%
    assert {line.base for line in lines} == {D("5560.00")}
    assert {(line.unit_amount, line.individual_amount) for line in lines} == {
        (D("889.60"), D("444.80"))
    }
    # 202003 due 2020-04-15: 2020-04-16 .. 2020-07-20 = 15 + 31 + 30 + 20 = 96 days;
    # 1334.40 × 0.05% × 96 = 64.0512 -> 64.05
    assert (lines[0].late_days, lines[0].late_fee) == (96, D("64.05"))


def test_community_back_payment_is_provincial_level_only(other_unit, other_operator, on):
    policy_seed(other_unit.region)
    on(dt.date(2020, 7, 20))
    person = factories.person(name="李四")
    factories.enrol(person, other_unit, start=dt.date(2019, 1, 1))
    raw = {
        "id_number": person.id_number,
        "start_period": "202003",
        "end_period": "202006",
        "reason": "社区类补缴",
        "wage": "5555",
    }
    _case, (stored,) = add_rows(COMMUNITY, other_unit, other_operator, raw)
    assert errors_of(stored) == spec.PROVINCIAL_ONLY % {"r": "武汉市江岸区"}


# -- §3.3.34 ---------------------------------------------------------------------------


def deferral_row(person, start="202103", end="202103", **extra):
    return {"id_number": person.id_number, "start_period": start, "end_period": end, **extra}


def test_deferral_back_payment_needs_a_deferral(unit, operator, worker, on):
    on(dt.date(2021, 8, 13))
    _case, (stored,) = add_rows(DEFERRAL, unit, operator, deferral_row(worker, wage="6500"))
    assert errors_of(stored) == spec.NO_DEFERRAL


def test_we07_deferral_back_payment_one_month_without_late_fee(
    unit,
    operator,
    reviewer,
    worker,
    on,
):
    on(dt.date(2021, 8, 13))
    UnitDeferral.objects.create(
        unit=unit,
        start_period="202101",
        end_period="202106",
        document_no="鄂人社缓〔2021〕1号",
        decided_on=dt.date(2021, 1, 10),
    )
    case, (stored,) = add_rows(DEFERRAL, unit, operator, deferral_row(worker, wage="6500"))
    assert stored.passed, stored.errors
    approve(case, operator, reviewer)
    record = Arrears.objects.get()
    assert (record.kind, record.months) == (ArrearsKind.DEFERRAL, 1)  # WE-07: 202103..202103
    # one line per type: the report lists the same person and month twice (WE-07)
    assert record.lines.count() == 2
    pension = record.lines.get(insurance_type=PENSION)
    # 缓缴期内不加收滞纳金; interest 520 × (1 + 6.69% × 4/12) − 520 = 11.60 stays
    assert (pension.late_fee, pension.interest) == (D("0.00"), D("11.60"))
    assert record.late_fee == D("0.00")


def test_deferral_span_must_lie_inside_the_deferral(unit, operator, worker, on):
    on(dt.date(2021, 8, 13))
    UnitDeferral.objects.create(
        unit=unit,
        start_period="202101",
        end_period="202103",
        document_no="X",
        decided_on=dt.date(2021, 1, 10),
    )
    _case, (stored,) = add_rows(
        DEFERRAL, unit, operator, deferral_row(worker, "202103", "202104", wage="6500")
    )
    assert errors_of(stored) == spec.OUTSIDE_DEFERRAL % {"s": "202103", "e": "202104"}


def test_deferral_without_a_wage_uses_the_declared_one(unit, operator, worker, on):
    on(dt.date(2021, 8, 13))
    UnitDeferral.objects.create(
        unit=unit,
        start_period="202101",
        end_period="202106",
        document_no="X",
        decided_on=dt.date(2021, 1, 10),
    )
    _case, (missing,) = add_rows(DEFERRAL, unit, operator, deferral_row(worker))
    assert errors_of(missing) == spec.NO_WAGE % {"y": 2020}
    ContributionBase.objects.create(
        person=worker,
        unit=unit,
        year=2020,
        declared_wage=D("8888"),
        base=D("8890"),
        start_period="202007",
        end_period="202106",
    )
    case, (stored,) = add_rows(DEFERRAL, unit, operator, deferral_row(worker, pension="√"))
    assert stored.passed, stored.errors
    values = case_report(case).rows[0].cells
    assert any("基数 8,890.00" in c.text for c in values)  # round10(8888)


# -- §3.3.32 ---------------------------------------------------------------------------


def test_deemed_years_need_a_recognition_first(unit, operator, worker, on):
    on(dt.date(2021, 8, 13))
    _case, (stored,) = add_rows(DEEMED, unit, operator, {"person_no": worker.person_no})
    assert errors_of(stored) == deemed.NOT_RECOGNISED


def test_deemed_years_before_pooling_are_declared_once(
    unit,
    operator,
    reviewer,
    worker,
    on,
):
    on(dt.date(2021, 8, 13))
    UnitInsurance.objects.filter(unit=unit, insurance_type=PENSION).update(
        pooling_date=dt.date(2021, 1, 1)
    )
    recognition = DeemedYearsRecognition.objects.create(
        person=worker,
        unit=unit,
        start_period="202007",
        end_period="202012",
        monthly_wage=D("5000"),
        document_no="认定〔2021〕8号",
        recognised_on=dt.date(2021, 6, 1),
    )
    case, (stored,) = add_rows(DEEMED, unit, operator, {"person_no": worker.person_no})
    assert stored.passed, stored.errors
    approve(case, operator, reviewer)
    recognition.refresh_from_db()
    record = recognition.arrears
    assert record is not None and record.kind == ArrearsKind.DEEMED
    assert (record.start_period, record.end_period, record.months) == ("202007", "202012", 6)
    assert set(record.lines.values_list("insurance_type", flat=True)) == {PENSION}
    # 5000 × 16% = 800, × 8% = 400 for each of the 6 months
    assert (record.unit_amount, record.individual_amount) == (D("4800.00"), D("2400.00"))
    _case, (again,) = add_rows(DEEMED, unit, operator, {"person_no": worker.person_no})
    assert errors_of(again) == deemed.NOT_RECOGNISED


def test_deemed_years_after_pooling_are_refused(unit, operator, worker, on):
    on(dt.date(2021, 8, 13))
    DeemedYearsRecognition.objects.create(
        person=worker,
        unit=unit,
        start_period="202007",
        end_period="202012",
        monthly_wage=D("5000"),
        document_no="X",
        recognised_on=dt.date(2021, 6, 1),
    )
    _case, (stored,) = add_rows(DEEMED, unit, operator, {"person_no": worker.person_no})
    # no pooling date recorded: 1996-01-01
    assert errors_of(stored) == deemed.AFTER_POOLING % {
        "s": "202007",
        "e": "202012",
        "d": "1996-01-01",
    }


def test_deemed_row_refusals(unit, operator, worker, on):
    on(dt.date(2021, 8, 13))
    UnitInsurance.objects.filter(unit=unit, insurance_type=PENSION).update(
        pooling_date=dt.date(2021, 1, 1)
    )
    DeemedYearsRecognition.objects.create(
        person=worker,
        unit=unit,
        start_period="202007",
        end_period="202012",
        monthly_wage=D("5000"),
        document_no="X",
        recognised_on=dt.date(2021, 6, 1),
    )
    _case, (first, second) = add_rows(
        DEEMED,
        unit,
        operator,
        {"person_no": worker.person_no, "name": "张三"},
        {"person_no": worker.person_no},
    )
    assert errors_of(first) == deemed.NAME_MISMATCH % {"n": "熊彦"}
    assert errors_of(second) == deemed.DUPLICATE % {"n": 1}
