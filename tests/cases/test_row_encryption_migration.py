"""Migrations cases 0003-0004: existing JSON rows become one token each, and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from shebao.core import crypto
from tests.factories import credit_code, id_number

BEFORE = [("cases", "0003_rowimport_lease")]
AFTER = [("cases", "0005_encrypt_personal_data")]


@pytest.mark.django_db(transaction=True)
def test_existing_rows_are_encrypted_and_read_back_as_dicts():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    region = apps.get_model("registry", "Region").objects.create(code="429900", name="湖北")
    unit = apps.get_model("registry", "Unit").objects.create(
        unit_no="100000001", name="武汉测试有限公司", credit_code=credit_code(1), region=region
    )
    user = apps.get_model("auth", "User").objects.create(username="op")
    case = apps.get_model("cases", "Case").objects.create(
        service_code="x", unit=unit, region=region, operator=user, declarant_mobile="18555555555"
    )
    raw = {"id_number": id_number(), "name": "张三", "wage": 5000}
    apps.get_model("cases", "CaseRow").objects.create(case=case, row_no=1, raw=raw)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    with connection.cursor() as cur:
        cur.execute("SELECT raw, cleaned FROM cases_caserow")
        [(stored_raw, stored_cleaned)] = cur.fetchall()
        cur.execute("SELECT declarant_mobile FROM cases_case")
        [(stored_mobile,)] = cur.fetchall()
    assert crypto.is_token(stored_raw) and stored_cleaned is None
    assert crypto.is_token(stored_mobile)
    row = executor.loader.project_state(AFTER).apps.get_model("cases", "CaseRow").objects.get()
    assert row.raw == raw

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    row = executor.loader.project_state(BEFORE).apps.get_model("cases", "CaseRow").objects.get()
    assert row.raw == raw
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
