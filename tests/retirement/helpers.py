"""A person of retirement age in the unit, and the application form as the unit fills it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from shebao.cases import materials
from shebao.cases import services as cases
from shebao.cases.models import Case
from shebao.contributions.models import DeemedYearsRecognition
from shebao.registry.choices import InsuranceType
from shebao.registry.models import Person, Unit
from tests import factories
from tests.pensions.conftest import pay
from tests.projects.helpers import png


def retiring(unit: Unit, *, name: str = "李建国", birth: dt.date = dt.date(1966, 3, 9)) -> Person:
    """A man born 1966-03 (statutory age 60岁4个月 under the 2024 law: 202607), insured here
    since 201901 with 24 paid pension months (201901-202012) and 240 deemed ones (198601-
    200512, 视同缴费 recognised): 264 months, above the minimum of 180; 2018 on is when the
    seeded 缴费基数标准 (the award's average wage) starts."""
    person = factories.person(name=name, birth=birth)
    factories.enrol(person, unit, InsuranceType.PENSION, start=dt.date(2019, 1, 1))
    pay(person, unit, "201901", "202012", Decimal("6500"))
    DeemedYearsRecognition.objects.create(
        person=person,
        unit=unit,
        start_period="198601",
        end_period="200512",
        monthly_wage=Decimal("3000"),
        document_no="认定〔2016〕3号",
        recognised_on=dt.date(2016, 3, 1),
    )
    return person


def form(person: Person, **overrides: Any) -> dict[str, Any]:
    """WE-19's form, made this person's: 正常退休 at the statutory month unless overridden."""
    raw: dict[str, Any] = {
        "id_type": "居民身份证(户口簿)",
        "id_number": person.id_number,
        "name": person.name,
        "has_paper_file": "是",
        "applicant_type": "单位申报",
        "category": "正常退休",
        "file_birth_month": f"{person.birth_date:%Y%m}",
        "work_start_month": "198601",
        "retirement_month": "202607",
        "post_nature": "生产、操作岗",
        "hukou_place": "湖北省武汉市",
        "multi_place": "否",
        "contact": "无",
        "determination_type": "首次申报认定",
        "work_history": [
            {
                "unit_name": "武汉第一机床厂",
                "start_month": "198601",
                "end_month": "200512",
                "job": "工人",
                "employment_nature": "全民所有制",
                "post_nature": "生产、操作岗",
            },
            {"start_month": "200601", "job": "车工", "post_nature": "生产、操作岗"},
        ],
        "insurance_history": [
            {"insurance_type": "城镇职工基本养老保险", "start_month": "201901", "agency": "429900"}
        ],
    }
    raw.update(overrides)
    return raw


def draft(code: str, unit: Unit, operator: Any) -> Case:
    case = cases.case_start(service_code=code, unit=unit, operator=operator)
    return cases.case_accept(
        case=case, declarant="王建", declarant_mobile="18555555555", agreement_accepted=True
    )


KIND_OVERRIDES: dict[str, dict[str, Any]] = {
    "正常退休": {},
    "特殊工种提前退休": {"retirement_month": "202104"},
    "因病提前退休": {"retirement_month": "202104"},
    "军转干部提前退休": {"retirement_month": "202104", "cadre_level": "正营职"},
}


def kind_form(person: Person, category: str) -> dict[str, Any]:
    """The form for ``category``: a special-job application declares 井下 years."""
    raw = form(person, category=category, **KIND_OVERRIDES[category])
    if category == "特殊工种提前退休":
        raw["work_history"][0]["special_job_type"] = "井下"
    return raw


def rejected(code: str, unit: Unit, operator: Any, reviewer: Any, raw: dict[str, Any]) -> Case:
    case = draft(code, unit, operator)
    cases.case_row_add(case=case, raw=raw)
    with_required_materials(case, operator)
    case = cases.case_submit(case=case, actor=operator)
    return cases.case_reject(case=case, reviewer=reviewer, reason="材料不全")


def with_required_materials(case: Case, operator: Any) -> None:
    """The scans a kind requires (the illness appraisal), uploaded."""
    from shebao.cases.rows import CaseDraft
    from shebao.services.registry import registry
    from shebao.services.spec import Group

    for material in registry[case.service_code].required_materials(CaseDraft(case)):
        if material.group == Group.REQUIRED:
            materials.material_upload(
                case=case, material=material.name, uploaded_file=png(), actor=operator
            )


def channel_setup(code: str) -> Any:
    """The every-channel test's row for a retirement service: an insured person of retirement
    age and the kind's form; a re-approval also gets the rejected first application."""
    from shebao.retirement.specs.base import Reapplication
    from shebao.services.registry import registry

    spec = registry[code]

    def setup(unit: Unit, operator: Any, reviewer: Any) -> dict[str, Any]:
        person = retiring(unit)
        raw = kind_form(person, spec.category)
        if isinstance(spec, Reapplication):
            first = rejected(spec.first.code, unit, operator, reviewer, raw)
            raw["earlier_serial_no"] = first.serial_no
        return raw

    return setup
