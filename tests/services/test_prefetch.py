"""The engine's ``prefetch`` step: once per validation, over the rows that parsed, and its
result in the check's context."""

from __future__ import annotations

from typing import Any

import pytest

from shebao.services.rows import RowModel, Text, column
from shebao.services.spec import CheckContext, ServiceSpec
from shebao.services.validation import validate_rows

pytestmark = pytest.mark.django_db


class NameRow(RowModel):
    name: Text = column("姓名")


class Prefetching(ServiceSpec):
    code = "test_prefetching"
    title = "预取测试"
    row = NameRow

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def prefetch(self, unit: Any, rows: list[Any]) -> Any:
        self.calls.append([row.name for row in rows])
        return {"known": {"张三"}}

    def check(self, ctx: CheckContext, rows: list[tuple[int, Any]]) -> None:
        for number, row in rows:
            if row.name not in ctx.prefetched["known"]:
                ctx.fail(number, "姓名", "未登记")


def test_prefetch_runs_once_over_the_parsed_rows_and_the_check_reads_it(unit):
    spec = Prefetching()
    result = validate_rows(
        spec=spec, unit=unit, rows=[(2, {"name": "张三"}), (3, {"name": "李四"}), (4, {})]
    )
    assert spec.calls == [["张三", "李四"]]  # row 4 failed its schema: not prefetched
    assert [r.row for r in result.passed] == [2]
    assert [str(e) for e in result.rows[1].errors] == ["第 3 行【姓名】：未登记"]


def test_prefetch_defaults_to_nothing(unit):
    assert ServiceSpec().prefetch(unit, []) is None
