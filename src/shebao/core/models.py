import re

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, models, transaction


class Counter(models.Model):
    """A named global counter. PostgreSQL draws from a sequence per name instead (see
    ``next_values``); this row is then only the starting point for databases that predate it."""

    name = models.CharField(max_length=50, primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


COUNTER_NAME = re.compile(r"[a-z][a-z0-9_]{0,47}")  # within PostgreSQL's 63-byte names
_sequences_seen: set[tuple[str, str]] = set()


def next_values(name: str, count: int = 1, *, start: int = 0) -> list[int]:
    """Draw ``count`` unique values of counter ``name``, ascending, all above ``start``.

    On PostgreSQL each counter is a sequence: ``nextval`` never waits for another transaction,
    so a caller's long transaction (a region's monthly declaration) holds up no one else's
    submission. Sequences are not transactional: a rolled-back caller leaves a gap, and a
    batch drawn while others draw need not be consecutive. SQLite keeps the locked row; it
    serialises writers anyway.
    """
    if count < 1:
        return []
    if connection.vendor != "postgresql":
        return list(_row_values(name, count, start))
    sequence = _sequence_ensure(name, start)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count]
        )
        return sorted(value for (value,) in cursor.fetchall())


def counter_raise(name: str, *, at_least: int) -> None:
    """Make the next value of counter ``name`` greater than ``at_least`` (e.g. after a bulk
    load that numbered rows itself); never lowers it."""
    if connection.vendor != "postgresql":
        _row_values(name, 0, at_least)
        return
    sequence = _sequence_ensure(name, at_least)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(%s::regclass, %s) FROM pg_sequences"
            " WHERE schemaname = current_schema() AND sequencename = %s"
            " AND coalesce(last_value, start_value - 1) < %s",
            [sequence, at_least, sequence, at_least],
        )


def counter_last(name: str) -> int | None:
    """The last value drawn from counter ``name`` (or its starting point); None if never used."""
    if connection.vendor != "postgresql":
        return Counter.objects.filter(name=name).values_list("value", flat=True).first()
    sequence = f"shebao_counter_{name}"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(last_value, start_value - 1) FROM pg_sequences"
            " WHERE schemaname = current_schema() AND sequencename = %s",
            [sequence],
        )
        found = cursor.fetchone()
    return None if found is None else int(found[0])


def _row_values(name: str, count: int, start: int) -> range:
    """The ``Counter`` row's next ``count`` values above ``start`` (none: only raise it)."""
    with transaction.atomic():
        Counter.objects.get_or_create(name=name, defaults={"value": start})
        counter = Counter.objects.select_for_update().get(name=name)
        first = max(counter.value, start) + 1
        counter.value = first + count - 1
        counter.save(update_fields=["value"])
    return range(first, first + count)


def _sequence_ensure(name: str, start: int) -> str:
    """The counter's sequence, created on first use (per process) above its legacy ``Counter`` row.

    Looked up and created on a connection of its own, in autocommit: DDL made inside the
    caller's transaction would hold every other first caller until that commit, and a name the
    caller's connection had looked up in vain stays cached as missing for the rest of its
    transaction (PostgreSQL processes the invalidation only at its next new lock).
    """
    if not COUNTER_NAME.fullmatch(name):
        raise ValueError(f"bad counter name {name!r}")
    sequence = f"shebao_counter_{name}"
    key = (str(connection.settings_dict["NAME"]), sequence)
    if key in _sequences_seen:
        return sequence
    own = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with own.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [sequence])
            (exists,) = cursor.fetchone()
            if not exists:
                cursor.execute(
                    f"SELECT max(value) FROM {Counter._meta.db_table} WHERE name = %s", [name]
                )
                (legacy,) = cursor.fetchone()
                first = max(legacy or 0, start) + 1
                cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {sequence} START WITH {first:d}")
    except IntegrityError:
        pass  # another first caller created it at the same moment
    finally:
        own.close()
    _sequences_seen.add(key)
    return sequence
