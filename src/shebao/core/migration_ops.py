"""Data migrations that encrypt existing clear-text columns (and decrypt them on reverse).

They read and write the columns in raw SQL (the fields' own ``from_db_value`` would try to
decrypt the clear text), in batches of ``BATCH`` rows by primary key, each batch its own
transaction when the migration is ``atomic = False``: a run stopped half-way is simply run
again, as values that already are tokens (or already clear, on reverse) are left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.db import transaction

from . import crypto

BATCH = 2000

Op = Callable[[Any, Any], None]


def encrypt_columns(
    table: str, columns: Sequence[str], *, id_number_hash: tuple[str, str] | None = None
) -> tuple[Op, Op]:
    """(forward, reverse) for ``RunPython``. ``id_number_hash=(hash_column, source_column)``
    also fills the keyed hash of the source's clear text (and clears it on reverse)."""

    def forward(apps: Any, schema_editor: Any) -> None:
        hash_col, source = id_number_hash or ("", "")
        targets = [*columns, hash_col] if hash_col else list(columns)
        reads = list(dict.fromkeys([*columns, *([source] if source else [])]))
        for rows in _batches(schema_editor.connection, table, reads):
            updates = []
            for pk, *values in rows:
                clear = dict(zip(reads, values, strict=True))
                new = [_encrypted(clear[c]) for c in columns]
                if hash_col:
                    value = clear[source]
                    value = crypto.decrypt(value) if value and crypto.is_token(value) else value
                    new.append(crypto.person_hash(value) if value else None)
                updates.append([*new, pk])
            _update(schema_editor.connection, table, targets, updates)

    def reverse(apps: Any, schema_editor: Any) -> None:
        for rows in _batches(schema_editor.connection, table, list(columns)):
            updates = [[*(_decrypted(v) for v in values), pk] for pk, *values in rows]
            _update(schema_editor.connection, table, list(columns), updates)
        if id_number_hash:
            with schema_editor.connection.cursor() as cur:
                qn = schema_editor.connection.ops.quote_name
                cur.execute(f"UPDATE {qn(table)} SET {qn(id_number_hash[0])} = NULL")

    return forward, reverse


def _encrypted(value: str | None) -> str | None:
    if not value or crypto.is_token(value):
        return value
    return crypto.encrypt(value)


def _decrypted(value: str | None) -> str | None:
    if not value or not crypto.is_token(value):
        return value
    return crypto.decrypt(value)


def _batches(connection: Any, table: str, columns: list[str]) -> Iterator[list[Any]]:
    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c in columns)
    last = 0
    while True:
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT id, {cols} FROM {qn(table)} WHERE id > %s ORDER BY id LIMIT %s",
                [last, BATCH],
            )
            rows = cur.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _update(connection: Any, table: str, columns: list[str], updates: list[list[Any]]) -> None:
    qn = connection.ops.quote_name
    sets = ", ".join(f"{qn(c)} = %s" for c in columns)
    with transaction.atomic(using=connection.alias), connection.cursor() as cur:
        cur.executemany(f"UPDATE {qn(table)} SET {sets} WHERE id = %s", updates)
