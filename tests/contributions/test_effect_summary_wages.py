"""The summary a reviewer confirms before approving a wage declaration (issue #12 §4)."""

import datetime as dt

import pytest

from shebao.cases import decision
from shebao.cases import services as cases
from shebao.contributions import wage_change as wc
from tests import factories

from .conftest import ANNUAL, draft
from .test_wage_change import add, declare_months, raw, staff

pytestmark = pytest.mark.django_db


def test_annual_wage_names_the_persons_the_year_and_the_total(policy, unit, operator):
    case = draft(ANNUAL, unit, operator)
    people = [factories.person(name="张三"), factories.person(name="李四")]
    rows = []
    for person, wage in zip(people, ("5000", "1391675.60"), strict=True):
        factories.enrol(person, unit, start=dt.date(2019, 1, 1))
        rows.append(
            {"id_number": person.id_number, "name": person.name, "year": "2020", "wage": wage}
        )
    passed, failed = cases.case_rows_replace(case=case, rows=list(enumerate(rows, start=2)))
    assert (passed, failed) == (2, 0)
    assert decision.approval_summary(case) == (
        "将核定 2 人 2020 年度的缴费工资，月缴费工资合计 1,396,675.60 元"
    )


def test_wage_change_names_the_persons_and_the_months(policy, unit, operator, monkeypatch):
    monkeypatch.setattr(wc, "today", lambda: dt.date(2021, 4, 15))
    declared = staff(unit)
    declare_months(unit, operator, "202102", "202103")
    case, [row] = add(unit, operator, raw(declared, "202102", "202103", "8000"))
    assert row.passed, row.errors
    assert decision.approval_summary(case) == (
        "将变更 1 人 202102 至 202103 的缴费工资，并按变更生成差额补退记录"
    )
