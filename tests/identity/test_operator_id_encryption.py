"""The operators' ID numbers (profile, CA training) are encrypted at rest and kept unique
through the keyed hash; migrations 0006-0008 encrypt existing rows and reverse."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from shebao.core import crypto, migration_ops
from shebao.identity.models import OperatorProfile, OperatorTraining
from tests import factories

BEFORE = [("identity", "0006_encrypt_personal_data")]
AFTER = [("identity", "0009_operator_id_number_hash_unique")]


def stored(table: str) -> list[tuple]:
    with connection.cursor() as cur:
        cur.execute(f"SELECT id_number, id_number_hash FROM {table} ORDER BY id")
        return cur.fetchall()


def x_id_number() -> str:
    return next(n for n in (factories.id_number(seq=s) for s in range(1, 500)) if n[-1] == "X")


@pytest.mark.django_db
def test_operator_id_numbers_hold_no_clear_text_and_stay_unique(unit, operator, other_unit):
    ident = x_id_number()
    OperatorProfile.objects.create(user=operator, name="赵六", id_number=ident, mobile="")
    training = {"name": "赵六", "mobile": "13700001111", "status": "qualified", "serial_no": "1"}
    OperatorTraining.objects.create(unit=unit, id_number=ident, **training)
    OperatorTraining.objects.create(unit=other_unit, id_number=ident, **training)
    for table in ("identity_operatorprofile", "identity_operatortraining"):
        for token, digest in stored(table):
            assert ident not in token and crypto.decrypt(token) == ident
            assert digest == crypto.person_hash(ident)
    assert (
        OperatorProfile.objects.get(id_number_hash=crypto.person_hash(ident.lower())).user
        == operator
    )
    assert OperatorTraining.objects.get(unit=unit).id_number == ident

    other = factories.operator(unit)
    with transaction.atomic(), pytest.raises(IntegrityError):  # typed with a lower-case x
        OperatorProfile.objects.create(user=other, name="赵六", id_number=ident.lower())
    with transaction.atomic(), pytest.raises(IntegrityError):
        OperatorTraining.objects.create(unit=unit, id_number=ident, **training)


@pytest.mark.django_db(transaction=True)
def test_existing_operator_id_numbers_are_encrypted_in_batches_and_back(monkeypatch):
    monkeypatch.setattr(migration_ops, "BATCH", 2)  # several batches for 3 rows
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    User = old.get_model("auth", "User")
    Profile = old.get_model("identity", "OperatorProfile")
    Training = old.get_model("identity", "OperatorTraining")
    region = old.get_model("registry", "Region").objects.create(code="429900", name="湖北省省本级")
    unit = old.get_model("registry", "Unit").objects.create(
        unit_no="420100001", name="武汉测试", credit_code="91420100MA4K000001", region=region
    )
    numbers = [factories.id_number(seq=n) for n in range(1, 4)]
    for n, number in enumerate(numbers):
        user = User.objects.create(username=f"op{n}")
        Profile.objects.create(user=user, name="赵六", id_number=number, mobile="")
        Training.objects.create(
            unit=unit, id_number=number, name="赵六", mobile="", status="qualified", serial_no="1"
        )

    MigrationExecutor(connection).migrate(AFTER)
    for table in ("identity_operatorprofile", "identity_operatortraining"):
        rows = stored(table)
        assert [crypto.decrypt(token) for token, _h in rows] == numbers
        assert [h for _t, h in rows] == [crypto.person_hash(n) for n in numbers]
        assert not any(n in str(rows) for n in numbers)

    MigrationExecutor(connection).migrate(BEFORE)
    with connection.cursor() as cur:
        cur.execute("SELECT id_number FROM identity_operatortraining ORDER BY id")
        assert [n for (n,) in cur.fetchall()] == numbers
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
