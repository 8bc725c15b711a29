"""A file layout: the columns a file carries, its template and the title it is known by.

A service's batch roster (报盘) is one, declared on its ``ServiceSpec``; the agency's file
imports (到账文件, 税务开票信息) are only this: no case, effect or review. The roster reader,
the template and the failed-rows workbook read a ``RosterFormat``, so they take either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .rows import Column, RowModel

if TYPE_CHECKING:
    from .spec import ServiceSpec, Template


@dataclass(frozen=True)
class RosterFormat:
    title: str
    row: type[RowModel]
    template: Template | None = None

    def columns(self) -> list[Column]:
        return self.row.columns()


def roster_format(layout: RosterFormat | ServiceSpec[Any]) -> RosterFormat:
    """The layout of ``layout``: itself, or the one a service declares."""
    return layout if isinstance(layout, RosterFormat) else layout.roster_format()
