"""Money in 综合查询 (issue #12 §3): 1,391,675.60 on screen, a plain 1391675.60 in the API,
a number (shown #,##0.00) in the .xlsx export, so a clerk can add the cells up."""

import io
from decimal import Decimal

from openpyxl import load_workbook

from shebao.contributions.models import MonthlyDeclaration
from shebao.registry.choices import InsuranceType


def declare(unit):
    MonthlyDeclaration.objects.create(
        unit=unit,
        region=unit.region,
        period="202103",
        insurance_type=InsuranceType.PENSION,
        headcount=2,
        wage_total=Decimal("17776"),
        base_total=Decimal("1391675.6"),
        unit_amount=Decimal("2844.80"),
        individual_amount=Decimal("1422.40"),
    )


def test_screen_api_and_export_each_get_money_their_way(op_client, unit):
    declare(unit)
    page = op_client.get("/queries/hb_contribution_summary/", {"period_from": "202103"})
    assert "1,391,675.60" in page.content.decode()

    export = op_client.post("/queries/hb_contribution_summary/export.xlsx", {"scope": "all"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    header = [c.value for c in sheet[3]]
    row = [c for c in sheet[4]]
    base = row[header.index("缴费基数总额")]
    assert base.data_type == "n" and base.value == 1391675.6
    assert base.number_format == "#,##0.00"
    period = row[0]
    assert period.data_type == "s" and period.value == "202103"


def test_the_api_keeps_plain_amounts(operator, unit):
    from tests.api.conftest import client_for

    declare(unit)
    response = client_for(operator).get(
        "/api/v1/queries/hb_contribution_summary", {"period_from": "202103"}
    )
    assert response.status_code == 200, response.content
    (row,) = response.json()["rows"]
    assert "1391675.60" in row and "2844.80" in row and not any("," in str(c) for c in row)
