"""审核通过 is confirmed with what it will do (issue #12 §4): every service has an effect
summary (the engine's default names the service and the row count) and the main ones say
who, which insurance types and from when, computed from the case's rows."""

import datetime as dt

import pytest

from shebao.cases import decision
from shebao.cases import services as cases
from shebao.registry.choices import InsuranceType
from shebao.services.registry import registry
from shebao.services.spec import COMMON_REJECTION_REASONS, Review
from tests import factories
from tests.web.helpers import enrolment_raw

pytestmark = pytest.mark.django_db


def test_every_reviewed_service_has_a_summary_and_the_common_reasons():
    reviewed = [spec for spec in registry if spec.review == Review.AGENCY]
    assert reviewed
    for spec in reviewed:
        text = spec.effect_summary([])
        assert isinstance(text, str) and text, spec.code
        assert set(COMMON_REJECTION_REASONS) <= set(spec.rejection_reasons), spec.code


def test_the_default_names_the_service_and_counts_the_rows():
    spec = registry["hb_unit_insurance_type_reduction"]
    assert spec.effect_summary([]) == "审核通过后，“单位减少险种登记”的 0 条申报数据即时生效"


def _submitted(unit, operator, code, raws):
    case = cases.case_start(service_code=code, unit=unit, operator=operator)
    cases.case_accept(
        case=case, declarant="王建", declarant_mobile="18555555555", agreement_accepted=True
    )
    for raw in raws:
        cases.case_row_add(case=case, raw=raw)
    return cases.case_submit(case=case, actor=operator)


def test_enrolment_counts_persons_types_and_the_start_dates(unit, operator):
    case = _submitted(
        unit,
        operator,
        "hb_employee_enrolment",
        [
            enrolment_raw(work_start_date="2024-03-01"),
            enrolment_raw(work_start_date="2024-05-01", unemployment=None),
            enrolment_raw(work_start_date="2024-04-01"),
        ],
    )
    assert decision.approval_summary(case) == (
        "将为 3 人办理参保登记/续保（城镇职工基本养老保险 3 人、失业保险 2 人），"
        "自 2024-03-01 至 2024-05-01 起生效"
    )


def test_suspension_counts_persons_types_and_the_date(unit, operator):
    person = factories.person(name="赵六")
    factories.enrol(
        person, unit, InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT, start=dt.date(2015, 6, 1)
    )
    row = {
        "id_number": person.id_number,
        "name": "赵六",
        "pension": "√",
        "suspension_date": "2024-05-31",
        "reason": "6325 退休减员",
    }
    case = _submitted(unit, operator, "hb_employee_insurance_suspension", [row])
    assert decision.approval_summary(case) == (
        "将暂停 1 人在本单位的社会保险（城镇职工基本养老保险 1 人），停保(减员)日期 2024-05-31"
    )
