"""From a sheet's grid to the data rows of a roster: the header is found by its labels (our
template, the manual's own template and hand-made files all work); the example row, the
instruction line, blank rows and the footer (合计, 说明, signatures) are skipped."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from shebao.core.errors import InvalidValue

from ..roster import RosterFormat
from .cells import CONVERTERS, FORMULA_CHARS, cell_text
from .guard import check_cell
from .labels import LabelIndex, normalise

HEADER_SEARCH_ROWS = 15
INSTRUCTION_MARK = normalise("以上一行填写示例")
FOOTER_PREFIXES = tuple(
    normalise(p)
    for p in (
        "合计",
        "合 计",
        "总计",
        "说明",
        "填报说明",
        "填表说明",
        "以上事项",
        "以上填报",
        "单位负责人",
        "单位经办人",
        "经办人:",
        "填报日期",
        "制表",
        "注:",
    )
)
_FOOTER_FIRST_CHARS = frozenset(p[0] for p in FOOTER_PREFIXES) | {"*", " ", "\u3000"}

Grid = list[list[Any]]  # row i is spreadsheet row i + 1


@dataclass
class Roster:
    """The data rows of an upload, keyed by the row model's field names."""

    rows: list[tuple[int, dict[str, Any]]]
    header_row: int  # the (last) spreadsheet row of the header; data starts below it
    columns: list[str] = field(default_factory=list)  # field names found in the header
    kind: str = "xlsx"  # the file's type (readers.XLSX, XLS or CSV), set by read_roster

    @property
    def total(self) -> int:
        return len(self.rows)


# -- header ------------------------------------------------------------------------------


@dataclass
class Header:
    positions: dict[int, str]  # column index -> field name
    last_row: int  # index in the grid of the header's last row
    score: int


def _match_row(
    cells: Sequence[Any], index: LabelIndex, taken: set[str]
) -> tuple[dict[int, str], int]:
    found: dict[int, str] = {}
    unmatched = 0
    for pos, cell in enumerate(cells):
        if cell is None or cell == "" or not isinstance(cell, str):
            if cell not in (None, ""):
                unmatched += 1
            continue
        name = index.match(cell)
        if name is None or name in taken or name in found.values():
            unmatched += 1
            continue
        found[pos] = name
    return found, unmatched


def _find_header(grid: Grid, index: LabelIndex) -> Header | None:
    best: tuple[int, dict[int, str]] | None = None
    for i, cells in enumerate(grid[:HEADER_SEARCH_ROWS]):
        found, _unmatched = _match_row(cells, index, set())
        if found and (best is None or len(found) > len(best[1])):
            best = (i, found)
    if best is None:
        return None
    i, positions = best
    last = i
    # A two-row header: group names above their leaf columns (参保险种 / 城镇职工养老保险 ...).
    for j in (i + 1, i - 1):
        if 0 <= j < len(grid):
            extra, unmatched = _match_row(grid[j], index, set(positions.values()))
            extra = {p: n for p, n in extra.items() if p not in positions}
            if extra and len(extra) >= unmatched:
                positions.update(extra)
                last = max(last, j)
    return Header(positions, last, len(positions))


def pick_sheet(grids: list[Grid], index: LabelIndex) -> tuple[Grid, Header | None]:
    best: tuple[Grid, Header | None] = (grids[0] if grids else [], None)
    for grid in grids:
        header = _find_header(grid, index)
        if header is not None and (best[1] is None or header.score > best[1].score):
            best = (grid, header)
    return best


# -- rows --------------------------------------------------------------------------------


def _missing(layout: RosterFormat, found: set[str]) -> list[str]:
    return [c.label for c in layout.columns() if c.required and c.name not in found]


def _is_footer(cells: Sequence[Any]) -> bool:
    for cell in cells:
        if cell is None or cell == "":
            continue
        if type(cell) is not str or cell[0] not in _FOOTER_FIRST_CHARS:
            return False
        return normalise(cell).startswith(FOOTER_PREFIXES)
    return False


def _is_instruction(cells: Sequence[Any]) -> bool:
    return any(type(c) is str and INSTRUCTION_MARK in normalise(c) for c in cells if c)


def roster_rows(layout: RosterFormat, grid: Grid, header: Header | None) -> Roster:
    columns = layout.columns()
    if header is None:
        labels = "、".join(c.label for c in columns if c.required)
        raise InvalidValue(
            _(
                "报盘文件前 %(n)d 行中没有找到表头，请使用【模板下载】得到的模板填写"
                "（表头应包含：%(l)s）"
            )
            % {"n": HEADER_SEARCH_ROWS, "l": labels}
        )
    missing = _missing(layout, set(header.positions.values()))
    if missing:
        raise InvalidValue(_("报盘文件缺少必填列：%(c)s") % {"c": "、".join(missing)})

    kinds = {c.name: c.kind for c in columns}
    mapped = sorted(
        (pos, name, CONVERTERS.get(kinds[name], cell_text))
        for pos, name in header.positions.items()
    )
    found = set(header.positions.values())
    examples = {c.name: cell_text(c.example) for c in columns if c.name in found and c.example}
    start = header.last_row + 1
    cell_limit = settings.IMPORT_MAX_CELL_CHARS
    column_labels = {c.name: c.label for c in columns}

    # The instruction line sits right below the example row; whatever lies between the
    # header and it is the example (the manual's own template masks the example ID).
    instruction = next(
        (i for i in range(start, min(start + 5, len(grid))) if _is_instruction(grid[i])), None
    )
    rows: list[tuple[int, dict[str, Any]]] = []
    for i in range(start, len(grid)):
        cells = grid[i]
        width = len(cells)
        values: dict[str, Any] = {}
        for pos, name, convert in mapped:
            if pos < width:
                value = cells[pos]
                if type(value) is str:  # the common case, inlined (as cell_text does it)
                    text = value.strip()
                    if text[:1] == "'" and text[1:2] in FORMULA_CHARS:
                        text = text[1:]
                elif value is None or value == "":
                    continue
                else:
                    text = convert(value)
                if text:
                    if len(text) > cell_limit:
                        check_cell(text, row=i + 1, column=column_labels[name])
                    values[name] = text
        if _is_footer(cells):
            break
        if not values:
            continue
        if instruction is not None and i <= instruction:
            if i == instruction or _like_example(values, examples, strict=False):
                continue
        elif _like_example(values, examples, strict=True):
            continue
        rows.append((i + 1, values))
    return Roster(
        rows=rows, header_row=header.last_row + 1, columns=[name for _p, name, _c in mapped]
    )


def _like_example(values: dict[str, Any], examples: dict[str, str], *, strict: bool) -> bool:
    if strict:  # every mapped cell as in the example (values holds the non-empty cells)
        return values == examples
    same = sum(1 for name, text in values.items() if examples.get(name) == text)
    return same >= 3 and same * 2 >= len(values)
