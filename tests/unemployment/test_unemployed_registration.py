"""§3.3.67 失业人员批量新增: who may be registered, and R-TIME-10 at DV-05's boundaries."""

import datetime as dt

import pytest

from shebao.audit.models import AuditEvent
from shebao.audit.types import EventType
from shebao.cases import services as cases
from shebao.registry.choices import InsuranceType
from shebao.unemployment.choices import RegistrationStatus
from shebao.unemployment.models import UnemploymentRegistration
from shebao.unemployment.rules import HALL_MESSAGE, hall_required
from tests import factories

from .conftest import draft, registration_row, suspended

CODE = "hb_unemployed_persons_batch_add"
D = dt.date


@pytest.mark.parametrize(
    ("unemployed_on", "today", "hall"),
    [
        # DV-05's three rows
        (D(2019, 10, 15), D(2021, 3, 16), True),  # 518 days
        (D(2019, 10, 15), D(2019, 11, 30), False),  # 46 days
        (D(2019, 11, 1), D(2021, 3, 16), False),  # not before 2019-11: AND reading
        # the boundaries of the chosen reading
        (D(2019, 10, 31), D(2019, 12, 30), False),  # exactly 60 days: not more than 60
        (D(2019, 10, 31), D(2019, 12, 31), True),  # 61 days
        (D(2019, 11, 1), D(2019, 12, 31), False),  # 2019-11-01 is not before 2019-11
        (D(2016, 9, 1), D(2021, 3, 16), True),  # BAD-04's sample row: the rule wins
    ],
)
def test_hall_rule_boundaries(unemployed_on, today, hall):
    assert hall_required(unemployed_on, today) is hall


@pytest.fixture
def person(unit):
    return suspended(unit)


def test_approved_registration_records_the_row(person, unit, operator, reviewer, today):
    case = draft(CODE, unit, operator)
    stored = cases.case_row_add(
        case=case, raw=registration_row(person, address="武汉市江岸区**路1号")
    )
    assert stored.passed, stored.errors
    case = cases.case_approve(case=cases.case_submit(case=case, actor=operator), reviewer=reviewer)
    reg = UnemploymentRegistration.objects.get(person=person)
    assert reg.unit == unit and reg.status == RegistrationStatus.REGISTERED
    assert reg.unemployed_on == D(2026, 11, 30) and reg.registered_on == today.day
    assert reg.reason == "被用人单位解除劳动合同" and reg.wuhan_flag == "汉外"
    assert reg.bank_card == "6222020200000000000" and reg.opened_by == case.serial_no
    assert reg.enrolment.insurance_type == InsuranceType.UNEMPLOYMENT
    assert AuditEvent.objects.filter(event_type=EventType.UNEMPLOYMENT_REGISTER).exists()


def _errors(unit, operator, raw):
    stored = cases.case_row_add(case=draft(CODE, unit, operator), raw=raw)
    return [e["message"] for e in stored.errors]


def test_dv05_through_the_engine(unit, operator, today):
    old = suspended(unit, name="钱七", end=D(2019, 10, 15))
    today.set(D(2021, 3, 16))
    assert _errors(unit, operator, registration_row(old, unemployed_on="2019-10-15")) == [
        HALL_MESSAGE
    ]
    today.set(D(2019, 11, 30))
    assert _errors(unit, operator, registration_row(old, unemployed_on="2019-10-15")) == []


def test_bad04_sample_row_goes_to_the_hall(unit, operator, today):
    """WE-16's person, unemployed 2016-09, registering 2021-03: refused online."""
    we16 = suspended(unit, name="孙八", end=D(2016, 9, 1))
    today.set(D(2021, 3, 16))
    raw = registration_row(we16, unemployed_on="2016-09-01", registered_on="2021-03-16")
    assert HALL_MESSAGE in _errors(unit, operator, raw)


def test_voluntary_reason_is_refused(unit, operator, today):
    quit_ = suspended(unit, name="周九", reason="职工发生辞职(退)")
    assert any("不属于非本人意愿" in m for m in _errors(unit, operator, registration_row(quit_)))


def test_person_still_insured_or_not_from_this_unit(unit, region, operator, today):
    insured = factories.person(name="吴十")
    factories.enrol(insured, unit)
    assert any("正在参加失业保险" in m for m in _errors(unit, operator, registration_row(insured)))
    other = factories.unit(region_obj=region)
    elsewhere = suspended(other, name="郑一")
    assert any("未在本单位" in m for m in _errors(unit, operator, registration_row(elsewhere)))


def test_unemployed_before_the_stop_date_or_in_future(person, unit, operator, today):
    early = registration_row(person, unemployed_on="2026-11-01")
    assert any("早于本单位停保日期" in m for m in _errors(unit, operator, early))
    future = registration_row(person, unemployed_on="2026-12-09")
    assert any("不能晚于当前日期" in m for m in _errors(unit, operator, future))


def test_registered_once(person, unit, operator, reviewer, today):
    from .conftest import register

    register(person, unit, operator, reviewer)
    assert any("已有失业登记" in m for m in _errors(unit, operator, registration_row(person)))


def test_batch_rows_are_checked_each(person, unit, operator, today):
    quit_ = suspended(unit, name="周九", reason="职工发生辞职(退)")
    case = draft(CODE, unit, operator)
    first = cases.case_row_add(case=case, raw=registration_row(person))
    second = cases.case_row_add(case=case, raw=registration_row(quit_))
    dup = cases.case_row_add(case=case, raw=registration_row(person))
    assert first.passed and not second.passed
    assert any("重复" in e["message"] for e in dup.errors)
