"""Migrations 0004-0006: existing clear-text rows are encrypted and hashed, and back."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from shebao.core import crypto, migration_ops
from tests.factories import id_number

BEFORE = [("registry", "0003_projects")]
AFTER = [("registry", "0006_person_id_number_hash_unique")]


def stored_persons(*columns: str) -> list[tuple]:
    with connection.cursor() as cur:
        cur.execute(f"SELECT {', '.join(columns)} FROM registry_person ORDER BY id")  # noqa: S608
        return cur.fetchall()


@pytest.mark.django_db(transaction=True)
def test_existing_persons_are_encrypted_in_batches_and_decrypted_on_reverse(monkeypatch):
    monkeypatch.setattr(migration_ops, "BATCH", 2)  # several batches for 5 persons
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    Person = executor.loader.project_state(BEFORE).apps.get_model("registry", "Person")
    numbers = [id_number(seq=n) for n in range(1, 6)]
    for n, number in enumerate(numbers):
        Person.objects.create(
            person_no=f"2000000000{n}",
            id_number=number,
            name="张三",
            gender="1",
            birth_date=dt.date(1990, 5, 17),
            mobile="13812345678" if n % 2 else "",
        )

    MigrationExecutor(connection).migrate(AFTER)
    rows = stored_persons("id_number", "mobile", "id_number_hash")
    assert all(crypto.is_token(stored_id) for stored_id, _m, _h in rows)
    assert [crypto.decrypt(stored_id) for stored_id, _m, _h in rows] == numbers
    assert [h for _i, _m, h in rows] == [crypto.person_hash(n) for n in numbers]
    assert [m == "" or crypto.decrypt(m) == "13812345678" for _i, m, _h in rows] == [True] * 5
    assert "13812345678" not in str(rows)

    MigrationExecutor(connection).migrate(BEFORE)
    assert stored_persons("id_number", "mobile") == [
        (number, "13812345678" if n % 2 else "") for n, number in enumerate(numbers)
    ]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
