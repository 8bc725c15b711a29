"""Named counters (person numbers, bill numbers, serial numbers): unique, ascending, above their
start and above what a database kept in the old ``Counter`` row; PostgreSQL and SQLite."""

from __future__ import annotations

import uuid

import pytest

from shebao.core.models import Counter, counter_last, counter_raise, next_values

pytestmark = pytest.mark.django_db(transaction=True)  # sequences are made on their own connection


def fresh_name(tag: str) -> str:
    """Sequences outlive a test's flush; each test takes names no other test used."""
    return f"test_{tag}_{uuid.uuid4().hex[:12]}"


def test_values_are_unique_ascending_and_above_the_start():
    name = fresh_name("start")
    first = next_values(name, 3, start=1000)
    second = next_values(name, 2, start=1000)
    assert first == [1001, 1002, 1003]
    assert len(second) == 2 and second == sorted(second) and min(second) > max(first)
    assert counter_last(name) == max(second)


def test_a_counter_continues_above_its_old_row():
    name = fresh_name("legacy")
    Counter.objects.create(name=name, value=500)
    assert next_values(name) == [501]


def test_values_stay_above_a_start_higher_than_the_old_row():
    name = fresh_name("above")
    Counter.objects.create(name=name, value=500)
    assert next_values(name, 2, start=1000) == [1001, 1002]


def test_raising_a_counter_never_lowers_it():
    name = fresh_name("raise")
    counter_raise(name, at_least=700)
    assert next_values(name) == [701]
    counter_raise(name, at_least=10)
    assert next_values(name) == [702]
    assert next_values(name, 0) == []


def test_a_counter_name_must_be_a_plain_identifier():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL turns the name into a sequence")
    with pytest.raises(ValueError):
        next_values("x; DROP TABLE core_counter")


def test_parallel_draws_never_repeat_a_value_even_on_first_use():
    from django.db import connection

    from tests.cases.test_concurrency import outcomes, race

    if connection.vendor != "postgresql":  # its in-memory test database cannot take threads;
        pytest.skip("SQLite files: see tests/cases/test_sqlite_parallel.py")

    name = fresh_name("parallel")  # the threads race to create its sequence, too

    def draws() -> list[int]:
        return [v for size in (1, 3, 1, 2, 1) for v in next_values(name, size, start=100)]

    won, lost = outcomes(race(*[draws for _ in range(12)]))

    assert lost == []
    values = [v for batch in won for v in batch]
    assert len(values) == 12 * 8 and len(set(values)) == len(values)
    assert min(values) > 100
    assert all(batch == sorted(batch) for batch in won)  # each thread's draws ascend
