"""Cases with rows, built through the real service functions, for report tests."""

from __future__ import annotations

import datetime as dt
import itertools

from shebao.cases import services as cases
from shebao.cases.models import Case
from shebao.registry.choices import InsuranceType
from shebao.registry.models import Person, Unit
from tests import factories

ENROLMENT = "hb_employee_enrolment"
SUSPENSION = "hb_employee_insurance_suspension"

_SURNAMES = "王李张刘陈杨黄赵吴周徐胡朱高林何郭马罗梁熊涂万喻程"
_GIVEN = [
    "建华",
    "秀兰",
    "志强",
    "丽娟",
    "海波",
    "晓燕",
    "子涵",
    "梓轩",
    "欣怡",
    "浩然",
    "伟",
    "敏",
]


def names(count: int) -> list[str]:
    pairs = itertools.product(_GIVEN, _SURNAMES)
    return [surname + given for given, surname in itertools.islice(pairs, count)]


def _draft(code: str, unit: Unit, operator) -> Case:
    case = cases.case_start(service_code=code, unit=unit, operator=operator)
    return cases.case_accept(
        case=case,
        declarant="王建",
        declarant_mobile="18555555555",
        remarks="",
        agreement_accepted=True,
    )


def enrolment_case(unit: Unit, operator, *, people: list[str], submit: bool = True) -> Case:
    """An enrolment case with one passed row per name (pension + unemployment)."""
    case = _draft(ENROLMENT, unit, operator)
    rows = [
        (
            n,
            {
                "id_number": factories.id_number(dt.date(1985 + n % 15, 1 + n % 12, 1 + n % 28)),
                "name": name,
                "ethnicity": "01 汉族" if n % 5 else "03 回族",
                "work_start_date": "2024-03-01",
                "monthly_wage": str(5000 + n * 13) + (".5" if n % 2 else ""),
                "pension": "√",
                "unemployment": "√" if n % 3 else "",
                "mobile": f"138{n:08d}",
            },
        )
        for n, name in enumerate(people, start=1)
    ]
    passed, failed = cases.case_rows_replace(case=case, rows=rows)
    assert (passed, failed) == (len(people), 0)
    if submit:
        case = cases.case_submit(case=case, actor=operator)
    return case


def insured_persons(unit: Unit, people: list[str]) -> list[Person]:
    persons = []
    for name in people:
        p = factories.person(name=name)
        factories.enrol(p, unit, InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT)
        persons.append(p)
    return persons


def suspension_case(unit: Unit, operator, persons: list[Person], *, submit: bool = True) -> Case:
    case = _draft(SUSPENSION, unit, operator)
    rows = [
        (
            n,
            {
                "id_number": p.id_number,
                "name": p.name,
                "pension": "√",
                "unemployment": "√" if n % 2 else "",
                "suspension_date": "2024-05-31",
                "reason": "职工发生辞职(退)" if n % 2 else "6325 退休减员",
            },
        )
        for n, p in enumerate(persons, start=1)
    ]
    passed, failed = cases.case_rows_replace(case=case, rows=rows)
    assert (passed, failed) == (len(persons), 0)
    if submit:
        case = cases.case_submit(case=case, actor=operator)
    return case
