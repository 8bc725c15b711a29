"""Writing many rows at once on PostgreSQL: ``COPY`` instead of ``bulk_create``.

Django's client-side parameter binding quotes each value of ``bulk_create``'s UNNEST
arrays in Python, which is most of the award's time for a region's January (bench/
pension_award.py); ``COPY ... FROM STDIN`` streams the rows as they are. Ids are taken
from the table's sequence first, so the caller still gets its rows' primary keys.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.db import connection, models

M = TypeVar("M", bound=models.Model)


def id_array(ids: Iterable[int]) -> str:
    """A PostgreSQL array literal of ids, bound as one string (``= ANY(%s::bigint[])``)."""
    return "{" + ",".join(str(int(i)) for i in ids) + "}"


def next_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` fresh primary keys from the model's sequence."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)",
            [count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    json_columns: Sequence[int] = (),
) -> None:
    """Append ``rows`` (values in ``columns`` order, database column names) to the table;
    the values at ``json_columns`` are dumped to JSON text first."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            if not json_columns:
                for row in rows:
                    copy.write_row(row)
                return
            for row in rows:
                values = list(row)
                for i in json_columns:
                    values[i] = json.dumps(values[i], ensure_ascii=False)
                copy.write_row(values)


def copy_objects(objs: list[M]) -> list[M]:
    """Insert unsaved model instances by ``COPY`` and give them their primary keys, as
    ``bulk_create`` would (auto_now fields set to now; no signals, no ``save()``)."""
    if not objs:
        return objs
    from django.utils import timezone

    model = type(objs[0])
    fields = [f for f in model._meta.concrete_fields]
    now = timezone.now()
    for obj, pk in zip(objs, next_ids(model, len(objs)), strict=True):
        obj.pk = pk
        for f in fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                setattr(obj, f.attname, now)
        obj._state.adding = False
        obj._state.db = connection.alias
    names = [f.attname for f in fields]
    copy_rows(
        model,
        [str(f.column) for f in fields],
        ([getattr(obj, name) for name in names] for obj in objs),
        json_columns=[i for i, f in enumerate(fields) if isinstance(f, models.JSONField)],
    )
    return objs
