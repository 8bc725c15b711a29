"""Migration 0006: existing bill lines get their source (a declaration, else a project)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import credit_code

#: The state 0006 starts from: its parents in the app (the merge nodes that once joined them
#: are gone, see tests/ops/test_migrations.py).
BEFORE = [
    ("contributions", "0002_arrears_refunds"),
    ("contributions", "0002_bills"),
    ("contributions", "0002_wage_change"),
    ("contributions", "0003_detail_bulk_writes"),
]
AFTER = [("contributions", "0006_bill_line_sources")]


@pytest.mark.django_db(transaction=True)
def test_existing_lines_keep_what_they_came_from():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Region = apps.get_model("registry", "Region")
    Unit = apps.get_model("registry", "Unit")
    Declaration = apps.get_model("contributions", "MonthlyDeclaration")
    Bill = apps.get_model("contributions", "Bill")
    BillLine = apps.get_model("contributions", "BillLine")
    region = Region.objects.create(code="429900", name="湖北省省本级", is_provincial_level=True)
    unit = Unit.objects.create(
        unit_no="100000001", name="武汉测试有限公司", credit_code=credit_code(1), region=region
    )
    declaration = Declaration.objects.create(
        unit=unit, region=region, period="202103", insurance_type="110", status="billed"
    )
    amounts = {"unit_amount": Decimal("10"), "individual_amount": Decimal("0")}
    bill = Bill.objects.create(
        document_no="2021030000000001",
        unit=unit,
        region=region,
        collection_type="normal",
        period_from="202103",
        period_to="202103",
        total_amount=Decimal("20"),
        due_date=dt.date(2021, 4, 1),
        **amounts,
    )
    BillLine.objects.create(
        bill=bill, declaration=declaration, insurance_type="110", period="202103", **amounts
    )
    BillLine.objects.create(
        bill=bill, insurance_type="410", period="202103", basis=Decimal("1000"), **amounts
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    lines = apps.get_model("contributions", "BillLine").objects.order_by("pk")
    assert [(line.source, line.declaration_id) for line in lines] == [
        ("declaration", declaration.pk),
        ("project", None),
    ]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
