"""Every registered spec through every channel: the same rows pass and fail the same way.

For each service one row meant to pass (the template's examples, made the acting unit's and
a fresh person's, plus a small per-spec set-up where the examples alone cannot pass, or a row
of the query-budget test's builder; every registered service has one of the three) and one
that fails (the same row with one value broken) go, each on its own, through the channels the
service's modes allow: the web's 单个添加 form, the web's 【上传校验】 of our own template, the
API's validate endpoint with JSON rows and with the same file, and the 申报表. Each channel
must give every row the same verdict with the same (column, message) reasons; the report
prints exactly the rows that passed, their personal numbers masked by the one rule.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shebao.cases import services as cases
from shebao.cases.models import Case
from shebao.contributions.models import (
    DeemedYearsRecognition,
    MonthlyDeclaration,
)
from shebao.core.masking import Sensitive, mask
from shebao.documents.reports import case_report
from shebao.identity.models import OperatorProfile
from shebao.identity.onboarding import unit_register_at_counter
from shebao.policy.seed import policy_seed
from shebao.portal.display import UNIT_COLUMNS
from shebao.registry.choices import InsuranceType, UnitInsuranceStatus
from shebao.registry.models import UnitInsurance
from shebao.services.registry import registry
from shebao.services.spec import Mode, ServiceSpec
from tests import factories
from tests.api.conftest import client_for
from tests.batch.files import template
from tests.contributions.conftest import declare_we01, run
from tests.projects.helpers import register_project, worker_raw
from tests.retirement.helpers import channel_setup
from tests.services.budget import BUILDERS

pytestmark = pytest.mark.django_db

Verdict = tuple[bool, tuple[tuple[str, str], ...]]
RETIREMENT_CODES = (
    "hb_normal_retirement_application",
    "hb_normal_retirement_reapplication",
    "hb_special_job_early_retirement_approval",
    "hb_special_job_early_retirement_reapproval",
    "hb_early_retirement_illness_approval",
    "hb_early_retirement_illness_reapproval",
    "hb_military_cadre_early_retirement_approval",
    "hb_military_cadre_early_retirement_reapproval",
)
Setup = Callable[[Any, Any, Any], dict[str, Any]]


# ---------------------------------------------------------------- per-spec set-ups


def _enrolled(unit: Any, *types: str) -> dict[str, Any]:
    person = factories.person(name="王五", birth=dt.date(1988, 4, 9))
    factories.enrol(person, unit, *types, start=dt.date(2018, 1, 1))
    return {"id_number": person.id_number, "person_no": person.person_no, "name": person.name}


def _project(unit: Any, operator: Any, reviewer: Any, *, mining: bool = False) -> Any:
    return register_project(unit, operator, reviewer, mining=mining)


def _roster_filing(mining: bool) -> Setup:
    def setup(unit: Any, operator: Any, reviewer: Any) -> dict[str, Any]:
        worker = worker_raw(_project(unit, operator, reviewer, mining=mining))
        return worker | ({"end_date": "20210330"} if mining else {})  # the mine's last day

    return setup


def _info_change(mining: bool) -> Setup:
    def setup(unit: Any, operator: Any, reviewer: Any) -> dict[str, Any]:
        return {"project_no": _project(unit, operator, reviewer, mining=mining).project_no}

    return setup


def _monthly(unit: Any, operator: Any, _reviewer: Any) -> dict[str, Any]:
    declare_we01(unit, operator)
    MonthlyDeclaration.objects.filter(unit=unit).delete()  # staff and bases only
    return {"period": "202103"}


def _declaration_revocation(unit: Any, operator: Any, _reviewer: Any) -> dict[str, Any]:
    declare_we01(unit, operator)
    return {"period": "202103"}


def _bill_issue(unit: Any, operator: Any, _reviewer: Any) -> dict[str, Any]:
    declare_we01(unit, operator)
    return {"items": "", "period_to": "202103"}


def _bill_revocation(unit: Any, operator: Any, _reviewer: Any) -> dict[str, Any]:
    declare_we01(unit, operator)
    case = run("hb_payment_document_issue", unit, operator, collection_type="正常应缴")
    (number,) = case.effect["bills"]
    return {"document_no": number}


def _premium(mining: bool) -> Setup:
    def setup(unit: Any, operator: Any, reviewer: Any) -> dict[str, Any]:
        return {"project_no": _project(unit, operator, reviewer, mining=mining).project_no}

    return setup


def _premium_revocation(mining: bool) -> Setup:
    declare = (
        "hb_mining_project_premium_declaration"
        if mining
        else "hb_construction_project_premium_declaration"
    )

    def setup(unit: Any, operator: Any, reviewer: Any) -> dict[str, Any]:
        project = _project(unit, operator, reviewer, mining=mining)
        extra = {"capacity_quantity": "8325"} if mining else {}
        case = run(declare, unit, operator, project_no=project.project_no, **extra)
        (number,) = case.effect["bills"]
        return {"project_no": project.project_no, "document_no": number}

    return setup


def _unit_type_addition(unit: Any, _operator: Any, _reviewer: Any) -> dict[str, Any]:
    UnitInsurance.objects.filter(unit=unit, insurance_type=InsuranceType.UNEMPLOYMENT).update(
        status=UnitInsuranceStatus.SUSPENDED, status_date=dt.date(2021, 1, 1)
    )
    return {}


def _deemed(unit: Any, _operator: Any, _reviewer: Any) -> dict[str, Any]:
    person = factories.person(name="王五", birth=dt.date(1988, 4, 9))
    factories.enrol(person, unit, start=dt.date(2018, 1, 1))
    UnitInsurance.objects.filter(unit=unit, insurance_type=InsuranceType.PENSION).update(
        pooling_date=dt.date(2021, 1, 1)
    )
    DeemedYearsRecognition.objects.create(
        person=person,
        unit=unit,
        start_period="202007",
        end_period="202012",
        monthly_wage=Decimal("5000"),
        document_no="认定〔2021〕8号",
        recognised_on=dt.date(2021, 6, 1),
    )
    return {"person_no": person.person_no, "name": person.name}


def _unemployed_registered(unit: Any, _operator: Any, _reviewer: Any) -> dict[str, Any]:
    """§3.3.66: a person dismissed by the unit, 36 months paid, registered (§3.3.67)."""
    from shebao.unemployment.models import UnemploymentRegistration
    from shebao.unemployment.services import registrations_create
    from tests.unemployment.conftest import pay, suspended

    person = suspended(unit, name="失业者", start=dt.date(2021, 1, 1), end=dt.date(2023, 12, 31))
    pay(person, unit, "202101", "202312")
    registrations_create(
        unit=unit,
        registrations=[
            UnemploymentRegistration(
                person=person,
                unemployed_on=dt.date(2023, 12, 31),
                registered_on=dt.date(2024, 1, 10),
                reason="被用人单位解除劳动合同",
                wuhan_flag="汉内",
                medical_place="武汉",
                bank_account_name=person.name,
                bank_card="6222020200000000000",
                contact_name=person.name,
                contact_phone="18555555555",
            )
        ],
        serial_no="",
        decided_by_id=None,
    )
    return {
        "id_number": person.id_number,
        "name": person.name,
        "contact_name": person.name,
        "account_holder_name": person.name,
    }


def _retiree(unit: Any, _operator: Any, _reviewer: Any) -> dict[str, Any]:
    """§3.3.42: a retiree of the unit (approved, first award on record) to calculate."""
    from shebao.core.period import Period
    from shebao.pensions.services import register_retiree

    person = factories.person(name="王退休", birth=dt.date(1964, 3, 1))
    register_retiree(
        person_id=person.pk,
        unit_id=unit.pk,
        retirement_month=Period(2024, 3),
        category="normal",
        case_id=None,
        decided_by_id=None,
    )
    return {"person_no": person.person_no, "name": person.name}


def _certificate(unit: Any, _operator: Any, _reviewer: Any) -> dict[str, Any]:
    """§3.3.47: the policy (its verification period) and a month of paid pension in range."""
    from shebao.policy.seed import policy_seed
    from tests.pensions.conftest import pay

    policy_seed(unit.region)
    person = factories.person(name="赵参保", birth=dt.date(1985, 2, 3))
    factories.enrol(person, unit, start=dt.date(2018, 1, 1))
    pay(person, unit, "202001", "202001", Decimal("5000"))
    return {}


def _unit_whole(unit: Any, _operator: Any, _reviewer: Any) -> dict[str, Any]:
    person = factories.person(name="王五", birth=dt.date(1988, 4, 9))
    for enrolment in factories.enrol(person, unit, start=dt.date(2020, 1, 1)):
        enrolment.monthly_wage = Decimal("6500")
        enrolment.save()
    return {}


def _operator_confirmation(unit: Any, _operator: Any, reviewer: Any) -> dict[str, Any]:
    """An operator registered at the counter for another unit, joining this one."""
    done = unit_register_at_counter(
        region=unit.region,
        actor=reviewer,
        unit_no="100200300",
        name="南京测试科技有限公司",
        credit_code=factories.credit_code(),
        insurance_types=["110", "210"],
        start_date=dt.date(2026, 1, 1),
        operator_name="周敏",
        operator_id_number=factories.id_number(dt.date(1988, 6, 6)),
        operator_mobile="13912345678",
        username="zhoumin",
    )
    profile = OperatorProfile.objects.get(user=done.operator)
    return {"name": profile.name, "id_number": profile.id_number, "old_unit_no": ""}


#: Where the examples alone cannot pass: what the row needs from the registry.
SETUPS: dict[str, Setup] = {
    "hb_employee_enrolment": lambda u, o, r: {"work_injury": "", "work_start_date": "2024-03-01"},
    "hb_employee_insurance_suspension": lambda u, o, r: {
        **_enrolled(u),
        "work_injury": "",
        "suspension_date": "2024-01-31",
    },
    "hb_employee_insurance_type_reduction": lambda u, o, r: {
        **_enrolled(u),
        "change_date": "2024-03-04",
    },
    "hb_employee_insurance_type_addition": lambda u, o, r: _enrolled(u, InsuranceType.PENSION),
    "hb_construction_project_roster_filing": _roster_filing(mining=False),
    "hb_mining_project_roster_filing": _roster_filing(mining=True),
    "hb_construction_project_info_change": _info_change(mining=False),
    "hb_mining_project_info_change": _info_change(mining=True),
    "hb_unit_insurance_type_addition": _unit_type_addition,
    "hb_deemed_contribution_back_payment": _deemed,
    "hb_unit_whole_back_payment": _unit_whole,
    "hb_payment_document_issue": _bill_issue,
    "hb_payment_document_revocation": _bill_revocation,
    "hb_monthly_contribution_declaration": _monthly,
    "hb_contribution_declaration_revocation": _declaration_revocation,
    "hb_construction_project_premium_declaration": _premium(mining=False),
    "hb_mining_project_premium_declaration": _premium(mining=True),
    "hb_construction_project_premium_document_revocation": _premium_revocation(mining=False),
    "hb_mining_project_premium_document_cancellation": _premium_revocation(mining=True),
    "nj_multi_unit_operator_confirmation": _operator_confirmation,
    **{code: channel_setup(code) for code in RETIREMENT_CODES},
    "hb_basic_pension_calculation": _retiree,
    "hb_unit_insurance_certificate": _certificate,
    "hb_unemployment_benefit_claim": _unemployed_registered,
}


#: Services whose rows come from the query-budget test's builders (tests/services/budget.py)
#: instead of the examples, which name a person (个人编号) or counts (补缴月数) of their own.
FROM_BUILDERS = {
    "hb_unemployed_persons_batch_add",
    "hb_retiree_batch_qualification_declaration",
    "cq_construction_project_personnel_change",
    "hb_construction_project_roster_maintenance",
    "hb_mining_project_roster_maintenance",
    "hb_annual_contribution_wage_declaration",
    "hb_labour_contract_back_payment",
    "hb_community_flexible_worker_back_payment",
    "hb_deferred_unit_back_payment",
    "hb_overpayment_refund",
    "hb_contribution_wage_change_declaration",
}

#: Services whose examples pass as they are (made the unit's, with a fresh person).
PASS_FROM_EXAMPLES = {
    "hb_unit_insurance_type_reduction",
    "hb_construction_project_registration",
    "hb_mining_project_registration",
    "cq_online_business_application",
    "nj_operator_ca_training_application",
}


# ---------------------------------------------------------------- the two rows


def good_row(spec: ServiceSpec, unit: Any, operator: Any, reviewer: Any) -> dict[str, Any]:
    """The template's examples for the acting unit and a fresh person, then the set-up;
    or one row of the service's query-budget builder."""
    if spec.code in FROM_BUILDERS:
        (built,) = BUILDERS[spec.code](unit, operator, reviewer, 1)
        return built
    row: dict[str, Any] = {c.name: c.example for c in spec.row.columns() if c.example}
    if "unit_no" in row:
        row["unit_no"] = unit.unit_no
    if "unit_name" in row:
        row["unit_name"] = unit.name
    if "id_number" in row:
        row["id_number"] = factories.id_number(dt.date(1990, 6, 1))
    row.update(SETUPS.get(spec.code, lambda u, o, r: {})(unit, operator, reviewer))
    return row


def bad_row(spec: ServiceSpec, good: dict[str, Any]) -> dict[str, Any]:
    """``good`` with one typed value broken: an ID number's check digit, else a mobile, a
    date, a period, or a reference that does not exist."""
    columns = [c for c in spec.row.columns() if c.name in good and c.name not in UNIT_COLUMNS]
    bad = dict(good)
    if good.get("id_number"):
        last = good["id_number"][-1]
        bad["id_number"] = good["id_number"][:-1] + ("1" if last != "1" else "2")
    elif mobiles := [c for c in columns if c.sensitive == Sensitive.MOBILE]:
        bad[mobiles[0].name] = "12345"
    elif dates := [c for c in columns if c.kind == "date"]:
        bad[dates[0].name] = "2021-13-45"
    elif periods := [c for c in columns if "period" in c.name and str(good[c.name]).isdigit()]:
        bad[periods[0].name] = "202113"
    else:
        bad[next(c.name for c in columns if c.kind == "text")] = "99999999"
    return bad


# ---------------------------------------------------------------- the channels


def _draft(spec: ServiceSpec, unit: Any, operator: Any) -> Case:
    case = cases.case_start(service_code=spec.code, unit=unit, operator=operator)
    return cases.case_accept(
        case=case, declarant="王建", declarant_mobile="18555555555", agreement_accepted=True
    )


def _stored(case: Case) -> Verdict:
    rows = list(case.rows.order_by("row_no"))
    assert len(rows) == 1, [r.raw for r in rows]
    return rows[0].passed, tuple((e.get("column", ""), e["message"]) for e in rows[0].errors)


def _form_data(spec: ServiceSpec, row: dict[str, Any]) -> dict[str, str]:
    """What a person types into 单个添加: ticks as checkboxes, choices without their code."""
    data: dict[str, str] = {}
    for col in spec.row.columns():
        value = str(row.get(col.name, "") or "")
        if col.kind == "tick":
            if value:
                data[col.name] = "on"
        elif col.kind == "choice" and value and value not in col.choices:
            text = re.sub(r"^\d+\s*", "", value)  # "01 汉族" -> 汉族; 身份证 -> 居民身份证
            data[col.name] = next((c for c in col.choices if text in c), text)
        elif value:
            data[col.name] = value
    return data


def rosters(spec: ServiceSpec, rows: list[dict[str, Any]]) -> list[bytes]:
    """Our downloaded template once per row, the row typed below the example and its
    instruction line (the template's two thousand empty formatted lines cut, for speed)."""
    book = openpyxl.load_workbook(io.BytesIO(template(spec.code)))
    sheet = book.worksheets[0]
    start = next(
        r + 1
        for r in range(1, 40)
        if str(sheet.cell(r, 1).value or "").startswith("以上一行")  # 以上一行(为)填写示例
    )
    sheet.delete_rows(start + 1, sheet.max_row)
    files = []
    for row in rows:
        sheet.cell(start, 1, "1")
        for pos, col in enumerate(spec.row.columns(), start=2):
            sheet.cell(start, pos, row.get(col.name))
        out = io.BytesIO()
        book.save(out)
        files.append(out.getvalue())
    return files


def web_single(client: Any, spec: ServiceSpec, unit: Any, operator: Any, row: dict) -> Case:
    """单个添加, then each sub-row through its tab's 新增 (a one-person application's tabs);
    a sub-table the system prefilled is cleared first, so the case holds what the row says."""
    case = _draft(spec, unit, operator)
    response = client.post(f"/cases/{case.pk}/rows/add/", _form_data(spec, row))
    assert response.status_code == 302, response.context["form"].errors
    for table in spec.row.subtables():
        stored = case.rows.get()
        for _index in range(len(stored.raw.get(table.name) or [])):
            client.post(f"/cases/{case.pk}/sub/{table.name}/0/delete/")
        for sub in row.get(table.name) or []:
            response = client.post(f"/cases/{case.pk}/sub/{table.name}/add/", sub)
            assert response.status_code == 302
    return case


def web_upload(client: Any, spec: ServiceSpec, unit: Any, operator: Any, data: bytes) -> Case:
    case = _draft(spec, unit, operator)
    response = client.post(
        f"/cases/{case.pk}/imports/", {"file": SimpleUploadedFile("报盘.xlsx", data)}
    )
    assert response.status_code == 302
    return case


def _api_verdicts(response: Any) -> list[Verdict]:
    assert response.status_code == 200, response.json()
    body = response.json()
    verdicts: dict[int, Verdict] = {item["row"]: (True, ()) for item in body["passed"]}
    for item in body["failed"]:
        verdicts[item["row"]] = (
            False,
            tuple((e["column"] or "", e["message"]) for e in item["errors"]),
        )
    return [verdicts[n] for n in sorted(verdicts)]


def api_rows(api: Any, spec: ServiceSpec, row: dict) -> Verdict:
    response = api.post(f"/api/v1/services/{spec.code}/validate", {"rows": [row]}, format="json")
    (verdict,) = _api_verdicts(response)
    return verdict


def api_file(api: Any, spec: ServiceSpec, data: bytes) -> Verdict:
    response = api.post(
        f"/api/v1/services/{spec.code}/validate",
        {"file": SimpleUploadedFile("roster.xlsx", data)},
        format="multipart",
    )
    (verdict,) = _api_verdicts(response)
    return verdict


def report_of(case: Case, spec: ServiceSpec) -> Verdict | None:
    """The 申报表 prints the passed rows only, personal numbers masked as declared."""
    report = case_report(case)
    stored = case.rows.get()
    assert report.row_count == (1 if stored.passed else 0)
    if not stored.passed:
        return None
    sensitive = {c.name: c.sensitive for c in spec.row.columns() if c.sensitive}
    (printed,) = report.rows
    for column, cell in zip(report.columns[1:], printed.cells, strict=False):  # after 序号
        if column.name in sensitive and stored.cleaned.get(column.name):
            assert cell.text == mask(stored.cleaned[column.name], sensitive[column.name])
            assert stored.cleaned[column.name] not in cell.text
    return True, ()


# ---------------------------------------------------------------- the test


def channels_of(spec: ServiceSpec) -> list[str]:
    found = []
    if Mode.SINGLE in spec.modes:
        found.append("web single")
    if Mode.BATCH in spec.modes and spec.template is not None:
        found += ["web upload", "api file"]
    found.append("api rows")  # one row suits a single-entry service too
    return found


@pytest.fixture
def region(db, code):
    """The unit declaring ``code`` is in an area that offers it (issue #12 §7)."""
    return factories.region_offering(registry[code].areas)


@pytest.fixture
def world(settings, tmp_path, monkeypatch, region):
    """A seeded region, the calculation dates the rows were written for, private uploads."""
    from shebao.contributions import arrears, wage_change

    settings.MEDIA_ROOT = tmp_path / "private"
    policy_seed(region)
    monkeypatch.setattr(arrears, "calculation_date", lambda: dt.date(2022, 3, 10))
    monkeypatch.setattr(wage_change, "today", lambda: dt.date(2021, 4, 15))
    return region


@pytest.mark.parametrize("code", [spec.code for spec in registry])
def test_every_channel_gives_the_same_verdicts(world, code, unit, operator, reviewer, op_client):
    spec = registry[code]
    good = good_row(spec, unit, operator, reviewer)
    rows = {"passes": good, "fails": bad_row(spec, good)}
    api = client_for(operator)
    batch = Mode.BATCH in spec.modes and spec.template is not None
    files = dict(zip(rows, rosters(spec, list(rows.values())), strict=True)) if batch else {}
    verdicts: dict[str, dict[str, Verdict]] = {}
    for which, row in rows.items():
        seen = verdicts.setdefault(which, {})
        drafts = []
        if Mode.SINGLE in spec.modes:
            drafts.append(case := web_single(op_client, spec, unit, operator, row))
            seen["web single"] = _stored(case)
        if batch:
            data = files[which]
            drafts.append(case := web_upload(op_client, spec, unit, operator, data))
            seen["web upload"] = _stored(case)
            seen["api file"] = api_file(api, spec, data)
        seen["api rows"] = api_rows(api, spec, row)
        if (printed := report_of(drafts[0], spec)) is not None:
            seen["report"] = printed

    for which, seen in verdicts.items():
        assert len(set(seen.values())) == 1, (which, seen)
    assert verdicts["fails"]["api rows"][0] is False
    assert verdicts["passes"]["api rows"] == (True, ()), verdicts["passes"]


def test_every_service_has_a_row_that_passes():
    assert {spec.code for spec in registry} == set(SETUPS) | FROM_BUILDERS | PASS_FROM_EXAMPLES
