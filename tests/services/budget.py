"""Valid rows for every batch service, and the number of queries validating them costs.

Shared by the query-budget test: each builder makes what its rows refer to (enrolled
persons, a registered project) and returns ``n`` raw rows a unit would upload.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import connection

from shebao.cases import services as cases
from shebao.registry.choices import EnrolmentStatus, InsuranceType
from shebao.registry.models import Enrolment, Person, Unit
from shebao.services.registry import registry
from shebao.services.spec import Mode
from shebao.services.validation import validate_rows
from tests import factories
from tests.projects.helpers import cq_project, register_project, worker_raw
from tests.web.helpers import enrolment_raw

PENSION, UNEMPLOYMENT = InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT

Builder = Callable[[Unit, Any, Any, int], list[dict[str, Any]]]


def _name(prefix: str, i: int) -> str:
    """A valid Chinese name per row: 职工 + the row's number in Chinese digits."""
    return prefix + "".join("零一二三四五六七八九"[int(d)] for d in str(i))


def _birth(i: int) -> dt.date:
    """A birth date per row: the factories number only 500 ID numbers per birth date."""
    return dt.date(1975, 1, 1) + dt.timedelta(days=i)


def _staff(unit: Unit, n: int, *types: str, start: dt.date = dt.date(2015, 6, 1)) -> list[Person]:
    people = []
    for i in range(n):
        person = factories.person(name=_name("职工", i), birth=_birth(i))
        factories.enrol(person, unit, *(types or (PENSION, UNEMPLOYMENT)), start=start)
        people.append(person)
    return people


def _reduction(unit: Unit, _op: Any, _rv: Any, n: int) -> list[dict[str, Any]]:
    return [
        {
            "id_number": p.id_number,
            "name": p.name,
            "unemployment": "√",
            "change_date": "2019-03-04",
            "reason": "异地参加该险种",
        }
        for p in _staff(unit, n)
    ]


def _addition(unit: Unit, _op: Any, _rv: Any, n: int) -> list[dict[str, Any]]:
    return [
        {"id_number": p.id_number, "name": p.name, "unemployment": "√", "change_date": "2024-03-01"}
        for p in _staff(unit, n, PENSION)
    ]


def _enrolment(_unit: Unit, _op: Any, _rv: Any, n: int) -> list[dict[str, Any]]:
    return [
        enrolment_raw(name=_name("新职工", i), id_number=factories.id_number(_birth(i)))
        for i in range(n)
    ]


def _roster(mining: bool) -> Builder:
    def build(unit: Unit, op: Any, rv: Any, n: int) -> list[dict[str, Any]]:
        project = register_project(unit, op, rv, mining=mining)
        end = "20210330" if mining else "20210331"  # the mining project ends on 2021-03-30
        return [
            worker_raw(
                project,
                name=_name("工人", i),
                id_number=factories.id_number(_birth(i)),
                end_date=end,
            )
            for i in range(n)
        ]

    return build


def _maintenance(mining: bool) -> Builder:
    def build(unit: Unit, op: Any, rv: Any, n: int) -> list[dict[str, Any]]:
        project = register_project(unit, op, rv, mining=mining)
        end = "20210330" if mining else "20210331"  # the mining project ends on 2021-03-30
        rows = []
        for i in range(n):
            raw = worker_raw(
                project,
                name=_name("工人", i),
                id_number=factories.id_number(_birth(i)),
                change_type="增加",
                end_date=end,
            )
            raw.pop("id_type")
            rows.append(raw)
        return rows

    return build


def _cq(unit: Unit, op: Any, rv: Any, n: int) -> list[dict[str, Any]]:
    cq_project(unit)  # registered by the Chongqing office, at the counter
    return [
        {
            "unit_name": unit.name,
            "name": _name("工人", i),
            "id_number": factories.id_number(_birth(i), area="500105"),
            "gender": "男",
            "ethnicity": "汉族",
            "hukou_type": "非农业户口(城镇)",
            "change_date": "20200228",
            "change_type": "增加",
        }
        for i in range(n)
    ]


def _suspension(unit: Unit, _op: Any, _rv: Any, n: int) -> list[dict[str, Any]]:
    return [
        {
            "id_number": p.id_number,
            "name": p.name,
            "pension": "√",
            "suspension_date": "2024-05-31",
            "reason": "6325 退休减员",
        }
        for p in _staff(unit, n)
    ]


def _unemployed(unit: Unit, _op: Any, _rv: Any, n: int) -> list[dict[str, Any]]:
    """§3.3.67: staff dismissed (终止解除劳动合同) and suspended on 2024-01-31."""
    people = _staff(unit, n)
    Enrolment.objects.filter(person__in=people, unit=unit).update(
        status=EnrolmentStatus.SUSPENDED,
        end_date=dt.date(2024, 1, 31),
        end_period="202401",
        suspension_reason="终止解除劳动合同(劳动关系)",
    )
    return [
        {
            "id_number": p.id_number,
            "name": p.name,
            "unemployed_on": "2024-01-31",
            "reason": "被用人单位解除劳动合同",
            "hukou_type": "城镇",
            "wuhan_flag": "汉内",
            "medical_place": "武汉",
            "bank_account_name": p.name,
            "bank_card": "6222020200000000000",
            "contact_name": p.name,
            "contact_phone": "18555555555",
        }
        for p in people
    ]


def _annual(unit: Unit, _op: Any, _rv: Any, n: int) -> list[dict[str, Any]]:
    return [
        {"id_number": p.id_number, "name": p.name, "year": "2020", "wage": "5000"}
        for p in _staff(unit, n, start=dt.date(2019, 1, 1))
    ]


def _arrears(reason: str) -> Builder:
    def build(unit: Unit, _op: Any, _rv: Any, n: int) -> list[dict[str, Any]]:
        return [
            {
                "id_number": p.id_number,
                "name": p.name,
                "start_period": "202011",
                "end_period": "202011",
                "reason": reason,
                "wage": "6500",
            }
            for p in _staff(unit, n, start=dt.date(2019, 1, 1))
        ]

    return build


def _refund(unit: Unit, op: Any, _rv: Any, n: int) -> list[dict[str, Any]]:
    """Persons whose 202005-202012 contributions were declared, billed and paid in full."""
    from shebao.contributions.models import ContributionBase, UnitBankAccount
    from tests.contributions.arrears_helpers import pay
    from tests.contributions.conftest import MONTHLY, draft
    from tests.contributions.test_bills import issue

    UnitBankAccount.objects.create(
        unit=unit,
        bank_name="中国工商银行神农架支行",
        account_name=unit.name,
        account_no="62220212345",
    )
    people = _staff(unit, n, start=dt.date(2019, 1, 1))
    ContributionBase.objects.bulk_create(
        ContributionBase(
            person=p,
            unit=unit,
            year=year,
            declared_wage=Decimal("6500"),
            base=Decimal("6500"),
            start_period=f"{year}07",
            end_period=f"{year + 1}06",
        )
        for p in people
        for year in (2019, 2020)
    )
    for month in range(5, 13):
        case = draft(MONTHLY, unit, op)
        assert cases.case_row_add(case=case, raw={"period": f"2020{month:02d}"}).passed
        cases.case_submit(case=case, actor=op)
    pay(unit.region, issue(unit, op)[1])
    return [
        {
            "id_number": p.id_number,
            "name": p.name,
            "start_period": "202005",
            "end_period": "202012",
            "reason": "解除劳动关系多缴退收/退账",
        }
        for p in people
    ]


def _wage_change(unit: Unit, _op: Any, _rv: Any, n: int) -> list[dict[str, Any]]:
    return [
        {
            "id_number": p.id_number,
            "name": p.name,
            "start_period": "202101",
            "end_period": "202103",
            "wage": "8000",
        }
        for p in _staff(unit, n, start=dt.date(2019, 1, 1))
    ]


def _deferred(unit: Unit, _op: Any, _rv: Any, n: int) -> list[dict[str, Any]]:
    """Rows without a wage: each person's wage declared for 2020 is looked up."""
    from shebao.contributions.models import ContributionBase, UnitDeferral

    UnitDeferral.objects.create(
        unit=unit,
        start_period="202001",
        end_period="202112",
        document_no="缓缴认定1号",
        decided_on=dt.date(2020, 1, 10),
    )
    people = _staff(unit, n, start=dt.date(2019, 1, 1))
    ContributionBase.objects.bulk_create(
        ContributionBase(
            person=p,
            unit=unit,
            year=2020,
            declared_wage=Decimal("6500"),
            base=Decimal("6500"),
            start_period="202007",
            end_period="202106",
        )
        for p in people
    )
    return [
        {"id_number": p.id_number, "name": p.name, "start_period": "202011", "end_period": "202011"}
        for p in people
    ]


def _training(_unit: Unit, _op: Any, _rv: Any, n: int) -> list[dict[str, Any]]:
    return [
        {
            "name": _name("经办", i),
            "id_number": factories.id_number(_birth(i)),
            "mobile": "13912345678",
        }
        for i in range(n)
    ]


#: One builder per batch service; a new batch service without one fails the budget test.
def _qualification(unit: Unit, _op: Any, _rv: Any, n: int) -> list[dict[str, Any]]:
    """n retirees of the unit (正常 status), each declared as checked by face recognition."""
    from shebao.pensions.models import Retiree

    rows = []
    for i in range(n):
        person = factories.person(
            name=_name("退休", i), birth=dt.date(1950, 1, 1) + dt.timedelta(days=i)
        )
        Retiree.objects.create(
            person=person, unit=unit, retirement_month="201001", category="normal", status="normal"
        )
        rows.append(
            {
                "person_no": person.person_no,
                "id_number": person.id_number,
                "name": person.name,
                "method": "人脸识别",
                "determined_on": "2021-03-12",
            }
        )
    return rows


BUILDERS: dict[str, Builder] = {
    "hb_retiree_batch_qualification_declaration": _qualification,
    "hb_employee_insurance_type_reduction": _reduction,
    "hb_employee_insurance_type_addition": _addition,
    "hb_employee_enrolment": _enrolment,
    "hb_construction_project_roster_filing": _roster(mining=False),
    "hb_mining_project_roster_filing": _roster(mining=True),
    "hb_construction_project_roster_maintenance": _maintenance(mining=False),
    "hb_mining_project_roster_maintenance": _maintenance(mining=True),
    "cq_construction_project_personnel_change": _cq,
    "hb_employee_insurance_suspension": _suspension,
    "hb_annual_contribution_wage_declaration": _annual,
    "hb_unemployed_persons_batch_add": _unemployed,
    "hb_labour_contract_back_payment": _arrears("劳动合同补缴"),
    "hb_community_flexible_worker_back_payment": _arrears("社区类补缴"),
    "hb_overpayment_refund": _refund,
    "hb_contribution_wage_change_declaration": _wage_change,
    "nj_operator_ca_training_application": _training,
    # single-form services whose one case may still declare many rows
    "hb_deferred_unit_back_payment": _deferred,
}


def batch_codes() -> list[str]:
    return [spec.code for spec in registry if Mode.BATCH in spec.modes]


def budget_codes() -> list[str]:
    """Every batch service, and the single-form ones given a builder above."""
    return [spec.code for spec in registry if Mode.BATCH in spec.modes or spec.code in BUILDERS]


def measure(code: str, unit: Unit, rows: list[dict[str, Any]]) -> tuple[int, int]:
    """(queries, passed rows) of validating ``rows`` as one upload for ``unit``."""
    spec = registry[code]
    count = 0

    def counted(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    # not CaptureQueriesContext: its log keeps the last 9,000 queries only
    with connection.execute_wrapper(counted):
        result = validate_rows(spec=spec, unit=unit, rows=list(enumerate(rows, start=2)))
    return count, len(result.passed)
