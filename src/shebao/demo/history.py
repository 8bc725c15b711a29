"""A few real cases for the demo, made through ``cases.services`` so they carry serial numbers,
events and effects exactly like cases made in the browser.

- an approved 续保 (a former employee back at work: new active enrolments, old suspended kept),
- an approved suspension (辞职), a rejected suspension (with the agency's reason),
- an enrolment of two new hires waiting for review, so the review queue is not empty.

Each case is found again by its remarks, so a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from shebao.cases import services as cases
from shebao.cases.models import Case
from shebao.registry.models import Unit

from .roster import DemoPerson, build_roster, new_hire_id

ENROLMENT = "hb_employee_enrolment"
SUSPENSION = "hb_employee_insurance_suspension"
DECLARANT = ("刘芳", "13971086254")
REJECTION = "停保日期与解除劳动合同通知书载明的日期（2026-09-30）不一致，请核实后重新申报"


def cases_load(*, unit: Unit, operator: User, reviewer: User) -> list[str]:
    """Create the demo cases that are missing; return one line per demo case."""
    roster = build_roster()
    returning = _pick(roster, "suspended", lambda p: p.spans[-1].reason == "职工发生辞职(退)")
    leaving, disputed = [
        p for p in roster if p.state == "both" and p.spans[0].start < dt.date(2024, 1, 1)
    ][:2]
    plans: list[tuple[str, str, list[dict[str, Any]], str]] = [
        (ENROLMENT, "职工返岗续保", [_reenrol_row(returning)], "approve"),
        (SUSPENSION, "职工辞职减员", [_suspend_row(unit, leaving, "职工发生辞职(退)")], "approve"),
        (
            SUSPENSION,
            "劳动合同解除减员",
            [_suspend_row(unit, disputed, "终止解除劳动合同(劳动关系)")],
            "reject",
        ),
        (ENROLMENT, "新进职工参保", _new_hire_rows(roster), "submit"),
    ]
    lines = []
    for code, remarks, rows, outcome in plans:
        case = Case.objects.filter(unit=unit, service_code=code, remarks=remarks).first()
        if case is None:
            case = _make(unit, operator, reviewer, code, remarks, rows, outcome)
        lines.append(f"{case.serial_no} {remarks} {case.get_status_display()}")
    return lines


def _make(
    unit: Unit,
    operator: User,
    reviewer: User,
    code: str,
    remarks: str,
    rows: list[dict[str, Any]],
    outcome: str,
) -> Case:
    case = cases.case_start(service_code=code, unit=unit, operator=operator)
    case = cases.case_accept(
        case=case,
        declarant=DECLARANT[0],
        declarant_mobile=DECLARANT[1],
        remarks=remarks,
        agreement_accepted=True,
    )
    for raw in rows:
        row = cases.case_row_add(case=case, raw=raw)
        if not row.passed:  # the roster and the rules disagree: fail loudly, not silently
            raise cases.CaseError(f"演示数据校验不通过（{remarks}）：{row.errors}")
    case = cases.case_submit(case=case, actor=operator)
    if outcome == "approve":
        case = cases.case_approve(case=case, reviewer=reviewer)
    elif outcome == "reject":
        case = cases.case_reject(case=case, reviewer=reviewer, reason=REJECTION)
    return case


def _pick(roster: list[DemoPerson], state: str, test: Callable[[DemoPerson], bool]) -> DemoPerson:
    return next(p for p in roster if p.state == state and test(p))


def _not_after_this_month(day: dt.date) -> dt.date:
    """Keep declared dates in the past even if the clock is behind the demo's history."""
    return min(day, timezone.localdate().replace(day=1))


def _reenrol_row(p: DemoPerson) -> dict[str, Any]:
    left = p.spans[-1].end
    assert left is not None
    back = _not_after_this_month(max(dt.date(2026, 10, 1), left + dt.timedelta(days=1)))
    return {
        "id_number": p.id_number,
        "name": p.name,
        "ethnicity": p.ethnicity,
        "work_start_date": back.isoformat(),
        "monthly_wage": str(p.spans[-1].wage + 600),
        "pension": "√",
        "unemployment": "√",
        "mobile": p.mobile,
    }


def _suspend_row(unit: Unit, p: DemoPerson, reason: str) -> dict[str, Any]:
    return {
        "unit_no": unit.unit_no,
        "person_no": p.person_no,
        "id_number": p.id_number,
        "name": p.name,
        "pension": "√",
        "unemployment": "√",
        "suspension_date": _not_after_this_month(dt.date(2026, 10, 31)).isoformat(),
        "reason": reason,
    }


def _new_hire_rows(roster: list[DemoPerson]) -> list[dict[str, Any]]:
    known = {p.id_number for p in roster}
    start = _not_after_this_month(dt.date(2026, 11, 1)).isoformat()
    hires = [
        ("熊思远", "1", dt.date(2001, 4, 12), "420111", "土家族", "13707165528", "7800"),
        ("喻佳怡", "2", dt.date(2002, 8, 23), "420106", "汉族", "15927381046", "6900"),
    ]
    rows = []
    for seq, (name, gender, birth, area, ethnicity, mobile, wage) in enumerate(hires, start=101):
        id_number = new_hire_id(birth, gender, seq, area)
        assert id_number not in known
        rows.append(
            {
                "id_number": id_number,
                "name": name,
                "ethnicity": ethnicity,
                "work_start_date": start,
                "monthly_wage": wage,
                "pension": "√",
                "unemployment": "√",
                "mobile": mobile,
            }
        )
    return rows
