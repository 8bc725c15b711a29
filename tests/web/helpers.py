"""Builders for the web tests: a valid enrolment row as the single form posts it, and cases
moved along by the real service functions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shebao.cases import services as cases
from shebao.cases.models import Case
from tests import factories

ENROLMENT = "hb_employee_enrolment"
SUSPENSION = "hb_employee_insurance_suspension"
PASSWORD = "Test-pass-123"


def enrolment_form(**overrides: Any) -> dict[str, str]:
    """What a person types into 单个添加 for one new employee."""
    data = {
        "id_number": factories.id_number(dt.date(1995, 3, 8)),
        "name": "李小明",
        "ethnicity": "汉族",
        "work_start_date": "2024-03-01",
        "monthly_wage": "5000",
        "pension": "on",
        "unemployment": "on",
        "mobile": "13812345678",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def enrolment_raw(**overrides: Any) -> dict[str, Any]:
    raw: dict[str, Any] = enrolment_form(**overrides)
    for tick in ("pension", "unemployment", "work_injury"):
        raw[tick] = "√" if raw.get(tick) else ""
    return raw


def draft_case(unit: Any, operator: Any, *, rows: int = 1, declarant: str = "王建") -> Case:
    case = cases.case_start(service_code=ENROLMENT, unit=unit, operator=operator)
    cases.case_accept(
        case=case, declarant=declarant, declarant_mobile="18555555555", agreement_accepted=True
    )
    for _ in range(rows):
        cases.case_row_add(case=case, raw=enrolment_raw())
    case.refresh_from_db()
    return case


def submitted_case(unit: Any, operator: Any, **kw: Any) -> Case:
    case = draft_case(unit, operator, **kw)
    return cases.case_submit(case=case, actor=operator)
