"""综合查询: every registered query lists only the acting unit's rows, masked, paged, and exports
the current page, the selected rows or all rows as .xlsx with formulas neutralised."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from shebao.contributions.models import MonthlyDeclaration
from shebao.policy.areas import Area
from shebao.registry.choices import InsuranceType
from shebao.services.queries import queries
from tests import factories
from tests.projects.conftest import private_media  # noqa: F401  (uploads in a tmp folder)
from tests.projects.helpers import register_project

pytestmark = pytest.mark.django_db


def sheet_rows(response):
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(r) for r in book.active.iter_rows(values_only=True)]


@pytest.fixture
def staff(unit):
    people = []
    for n in range(25):
        person = factories.person(name=f"张{'一二三四五六七八九十'[n % 10]}{n:02d}")
        factories.enrol(person, unit, InsuranceType.PENSION)
        people.append(person)
    return people


@pytest.mark.parametrize("code", [q.code for q in queries])
def test_every_query_lists_and_exports_for_an_empty_unit(code):
    # a unit of a region that offers the query (issue #12 §7)
    region = factories.region_offering(queries[code].areas)
    op_client = factories.client_of(factories.unit(region_obj=region))
    page = op_client.get(f"/queries/{code}/")
    assert page.status_code == 200 and "没有符合条件的数据" in page.content.decode()
    export = op_client.post(f"/queries/{code}/export.xlsx", {"scope": "all"})
    assert export.status_code == 200
    assert sheet_rows(export)[2] == [c.label for c in queries[code].columns]


def test_index_lists_the_queries_the_units_region_offers(op_client):
    page = op_client.get("/queries/").content.decode()
    for q in queries:
        assert (f"/queries/{q.code}/" in page) == (Area.HUBEI in q.areas), q.code


def test_staff_are_the_units_own_masked_and_paged(op_client, staff, other_unit):
    stranger = factories.person(name="外单位人")
    factories.enrol(stranger, other_unit, InsuranceType.PENSION)
    first = op_client.get("/queries/unit_insured_staff/")
    assert first.context["page"].paginator.count == 25
    assert len(first.context["rows"]) == 20
    body = first.content.decode()
    assert "外单位人" not in body
    ident = staff[0].id_number
    assert ident not in body and f"{ident[:6]}********{ident[-4:]}" in body
    second = op_client.get("/queries/unit_insured_staff/", {"page": 2})
    assert len(second.context["rows"]) == 5


def test_filters_and_their_messages(op_client, staff):
    only = op_client.get("/queries/unit_insured_staff/", {"name": staff[3].name})
    assert [cells[1] for _k, cells in only.context["rows"]] == [staff[3].name]
    bad = op_client.get("/queries/unit_insured_staff/", {"insurance_type": "xx"})
    assert bad.status_code == 400 and "【险种类型】“xx”不在可选范围内" in bad.content.decode()
    period = op_client.get("/queries/hb_contribution_summary/", {"period_from": "2021-13"})
    assert period.status_code == 400 and "【费款所属期起】" in period.content.decode()
    year = op_client.get("/queries/hb_wage_declaration_info/", {"year": "20x0"})
    assert year.status_code == 400 and "应为四位年份" in year.content.decode()


def test_export_page_selected_and_all(op_client, staff, other_unit):
    page = sheet_rows(op_client.post("/queries/unit_insured_staff/export.xlsx", {"scope": "page"}))
    assert len(page) == 3 + 20
    assert page[3][2] == f"{staff[0].id_number[:6]}********{staff[0].id_number[-4:]}"

    everything = op_client.post("/queries/unit_insured_staff/export.xlsx", {"scope": "all"})
    assert len(sheet_rows(everything)) == 3 + 25

    foreign = factories.enrol(factories.person(name="外单位人"), other_unit)[0]
    mine = staff[0].enrolments.get()
    chosen = op_client.post(
        "/queries/unit_insured_staff/export.xlsx",
        {"scope": "selected", "key": [mine.pk, foreign.pk]},
    )
    rows = sheet_rows(chosen)
    assert len(rows) == 4 and rows[3][1] == staff[0].name  # the other unit's row is not exported
    none = op_client.post("/queries/unit_insured_staff/export.xlsx", {"scope": "selected"})
    assert none.status_code == 400 and "请先勾选" in none.content.decode()


def test_exported_text_never_runs_as_a_formula(op_client, unit, operator, reviewer):
    register_project(unit, operator, reviewer, project_name='=HYPERLINK("http://x")项目')
    rows = sheet_rows(op_client.post("/queries/unit_projects/export.xlsx", {"scope": "all"}))
    assert rows[3][1].startswith("'=HYPERLINK")


def test_contribution_summary_totals(op_client, unit):
    MonthlyDeclaration.objects.create(
        unit=unit,
        region=unit.region,
        period="202103",
        insurance_type=InsuranceType.PENSION,
        headcount=2,
        wage_total=Decimal("17776"),
        base_total=Decimal("17780"),
        unit_amount=Decimal("2844.80"),
        individual_amount=Decimal("1422.40"),
    )
    response = op_client.get("/queries/hb_contribution_summary/", {"period_from": "202103"})
    cells = response.context["rows"][0][1]
    assert cells[0] == "202103" and cells[6:9] == ["2,844.80", "1,422.40", "4,267.20"]


def test_the_api_serves_the_same_queries_scoped_and_masked(operator, staff, other_unit):
    from tests.api.conftest import client_for

    api = client_for(operator)
    listed = api.get("/api/v1/queries").json()
    assert {q["code"] for q in listed} == {q.code for q in queries if Area.HUBEI in q.areas}
    result = api.get("/api/v1/queries/unit_insured_staff", {"page": 2}).json()
    assert (result["count"], result["page"], len(result["rows"])) == (25, 2, 5)
    assert all("********" in row[2] for row in result["rows"])
    bad = api.get("/api/v1/queries/unit_insured_staff", {"status": "nope"})
    assert bad.status_code == 400 and "【参保状态】" in bad.json()["detail"]
    assert api.get("/api/v1/queries/nope").status_code == 404
