"""Matching spreadsheet header cells to a row model's columns.

People upload our template, the manual's own template (one header row written as
``参保险种/城镇职工养老保险 (A)``) and hand-made files (``身份证号码,姓名,...,失业保险``).
Labels are compared after normalisation, and again without the trailing ``(...)`` note,
so all three map to the same columns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..rows import Column

_SPACES = re.compile(r"[\s\u3000\u00a0]+")
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")
_FULL_WIDTH = str.maketrans({"（": "(", "）": ")", "／": "/", "：": ":", "＊": "*"})

#: Other names people give the same column; a label only maps through these when the
#: spec has exactly one column whose label is in the same set.
SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset({"身份证号码", "证件号码", "公民身份号码", "身份证号", "身份证"}),
    frozenset({"城镇职工养老保险", "城镇企业职工养老保险", "城镇职工基本养老保险", "养老保险"}),
    frozenset({"联系电话", "手机号码", "手机号", "联系电话(手机)"}),
    frozenset({"停保(减员)日期", "停保日期", "停保时间", "减员日期", "停保(减员)时间"}),
    frozenset({"停保(减员)原因", "停保原因", "减员原因"}),
    frozenset({"本次申报参工时间", "参工时间", "参加工作时间"}),
)


def normalise(text: object) -> str:
    """``" 参保险种／城镇职工养老保险 （A） "`` -> ``"参保险种/城镇职工养老保险(A)"``."""
    if text is None:
        return ""
    return _SPACES.sub("", str(text)).translate(_FULL_WIDTH).lstrip("*")


def variants(text: object) -> list[str]:
    """The keys a header cell may match: as written, without a group prefix, without its note."""
    full = normalise(text)
    if not full:
        return []
    keys = [full]
    if "/" in full:
        keys.append(full.rsplit("/", 1)[1])
    for key in list(keys):
        bare = _TRAILING_NOTE.sub("", key)
        if bare and bare != key:
            keys.append(bare)
    return keys


@dataclass(frozen=True)
class LabelIndex:
    """The lookup from normalised header text to a column's field name, for one row model."""

    exact: dict[str, str]
    loose: dict[str, str]

    @classmethod
    def of(cls, columns: Sequence[Column]) -> LabelIndex:
        exact: dict[str, str] = {}
        loose: dict[str, str] = {}
        for col in columns:
            for label in dict.fromkeys((col.label, col.header, *col.aliases)):
                keys = variants(label)
                exact.setdefault(keys[0], col.name)
                if col.group:
                    exact.setdefault(normalise(f"{col.group}/{label}"), col.name)
                for key in keys[1:]:
                    loose.setdefault(key, col.name)
        for group in SYNONYMS:
            owners = {loose.get(k) or exact.get(k) for k in group} - {None}
            if len(owners) == 1:
                owner = owners.pop()
                for key in group:
                    loose.setdefault(key, owner)  # type: ignore[arg-type]
        return cls(exact, loose)

    def match(self, cell: object) -> str | None:
        keys = variants(cell)
        for key in keys:
            if key in self.exact:
                return self.exact[key]
        for key in keys:
            if key in self.loose:
                return self.loose[key]
        return None
