"""Key rotation for the encrypted columns and the ID-number look-up hashes.

``field_keys_rotate`` re-encrypts every encrypted column of every model with the first key
of ``SHEBAO_FIELD_ENCRYPTION_KEYS``; ``lookup_hashes_rehash`` recomputes every
``IdNumberHashField`` under the current ``SHEBAO_LOOKUP_HMAC_KEY``. Both go by primary key,
one short transaction a batch that locks only that batch's rows (``FOR UPDATE``), so the
site keeps running and a concurrent save is never overwritten with the value read before it.
Values already current are left alone: a stopped run is resumed by running it again and a
finished one rewrites nothing. docs/encryption-at-rest.md.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Field

from . import crypto
from .fields import EncryptedMixin, IdNumberHashField

log = logging.getLogger(__name__)

#: (primary key, values of the columns) -> the new values, None where nothing changes
Rewrite = Callable[[list[Any]], list[Any]]


def encrypted_columns() -> Iterator[tuple[str, list[str]]]:
    """(table, encrypted columns) of every installed model that has some."""
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        fields = model._meta.concrete_fields
        columns = [str(f.column) for f in fields if isinstance(f, EncryptedMixin)]
        if columns:
            yield model._meta.db_table, columns


def hash_columns() -> Iterator[tuple[str, str, str]]:
    """(table, hash column, encrypted source column) of every ``IdNumberHashField``."""
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, IdNumberHashField):
                source = model._meta.get_field(field.source)
                assert isinstance(source, Field)  # a column of the row, not a reverse relation
                yield model._meta.db_table, str(field.column), str(source.column)


def field_keys_rotate(
    *, batch_size: int = 2000, progress: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Re-encrypt with the first key; returns the values rewritten per ``table.column``."""
    rewritten: dict[str, int] = {}
    for table, columns in encrypted_columns():
        counts = _rewrite_table(
            table, columns, lambda values: [_rotated(v) for v in values], batch_size=batch_size
        )
        for column, count in zip(columns, counts, strict=True):
            rewritten[f"{table}.{column}"] = count
            if progress:
                progress(f"{table}.{column}: {count} re-encrypted")
    log.warning("field keys rotated: %s values re-encrypted", sum(rewritten.values()))
    return rewritten


def _rotated(value: str | None) -> str | None:
    """The token under the first key, or None when nothing needs writing."""
    if not value or not crypto.is_token(value) or not crypto.needs_rotation(value):
        return None
    return crypto.rotate(value)


def lookup_hashes_rehash(
    *, batch_size: int = 2000, progress: Callable[[str], None] | None = None
) -> int:
    """Recompute every ID-number hash under the current HMAC key; returns rows changed."""

    def rehashed(values: list[Any]) -> list[Any]:
        token, old = values
        new = crypto.person_hash(crypto.decrypt(token)) if token else None
        return [None, new if new != old else None]

    changed = 0
    for table, hash_col, source in hash_columns():
        [_, count] = _rewrite_table(table, [source, hash_col], rehashed, batch_size=batch_size)
        changed += count
        if progress:
            progress(f"{table}.{hash_col}: {count} recomputed")
    log.warning("lookup hashes recomputed: %s rows", changed)
    return changed


def _rewrite_table(
    table: str, columns: list[str], rewrite: Rewrite, *, batch_size: int
) -> list[int]:
    """Apply ``rewrite`` to ``columns`` of every row, batch by batch; counts per column."""
    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c in columns)
    select = f"SELECT id, {cols} FROM {qn(table)} WHERE id > %s ORDER BY id LIMIT %s" + (
        " FOR UPDATE" if connection.features.has_select_for_update else ""
    )
    counts = [0] * len(columns)
    last = 0
    while True:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(select, [last, batch_size])
            rows = cur.fetchall()
            if not rows:
                return counts
            last = rows[-1][0]
            by_columns: dict[tuple[str, ...], list[list[Any]]] = {}
            for pk, *values in rows:
                new = rewrite(values)
                changed = tuple(c for c, n in zip(columns, new, strict=True) if n is not None)
                if changed:
                    by_columns.setdefault(changed, []).append(
                        [n for n in new if n is not None] + [pk]
                    )
                    for i, n in enumerate(new):
                        counts[i] += n is not None
            for changed, updates in by_columns.items():
                sets = ", ".join(f"{qn(c)} = %s" for c in changed)
                cur.executemany(f"UPDATE {qn(table)} SET {sets} WHERE id = %s", updates)
