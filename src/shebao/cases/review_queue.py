"""The review queue (审核队列), one page for every reviewable application.

The agency's case queue and the CA's certificate-order queue show the same thing: the
applications waiting for a decision, earliest due date first, the overdue ones flagged
已超期, filtered by status. Each view turns its own objects into :class:`QueueRow` lines
and renders ``_review_queue.html`` with a :class:`ReviewQueue`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class QueueRow:
    """One line of the queue, whatever the application."""

    url: str
    reference: str  # 业务流水号 / 订单号
    title: str  # 业务名称 / 办理事项
    unit_no: str
    unit_name: str
    extra: str  # the column the queue adds (申报人 / 参保区域)
    submitted_at: dt.datetime | None
    due_date: dt.date | None
    status: str
    status_label: str
    pending: bool  # waiting for a decision: 审核 rather than 查看
    overdue: bool


@dataclass(frozen=True)
class QueueFilter:
    """A select of the 查询条件 form."""

    name: str
    label: str
    choices: Sequence[tuple[str, Any]]  # (value, label); a label may be lazy
    value: str


@dataclass(frozen=True)
class ReviewQueue:
    page: Page[Any]
    rows: list[QueueRow]
    filters: list[QueueFilter]
    #: Column labels of the reference, the title, the added column and the submission time.
    headers: tuple[str, str, str, str]
    empty: str  # the table's line when nothing matches


def queue_status(
    requested: str | None, choices: Iterable[tuple[str, Any]], *, pending: str, draft: str
) -> tuple[str, list[tuple[str, Any]]]:
    """The status a queue lists (``pending`` unless another is asked for; never drafts, which
    stay the applicant's own) and the status filter's choices, 全部 first."""
    shown = [(value, label) for value, label in choices if value != draft]
    status = pending if requested is None else requested
    if status not in {"", *(value for value, _label in shown)}:
        status = pending
    return status, [("", _("全部")), *shown]


def queue_rows(
    page: Page[Any],
    *,
    pending: str,
    today: dt.date,
    line: Callable[[Any], dict[str, Any]],
) -> list[QueueRow]:
    """The page's applications as queue lines. ``line(obj)`` gives ``url``, ``reference``,
    ``title``, ``extra`` and ``submitted_at``; the unit, status and due date are read from
    the application itself."""
    rows = []
    for obj in page.object_list:
        is_pending = obj.status == pending
        due: dt.date | None = obj.due_date
        rows.append(
            QueueRow(
                unit_no=obj.unit.unit_no,
                unit_name=obj.unit.name,
                due_date=due,
                status=str(obj.status),
                status_label=str(obj.get_status_display()),
                pending=is_pending,
                overdue=is_pending and due is not None and due < today,
                **line(obj),
            )
        )
    return rows


def filtered_url(url: str, **filters: str) -> str:
    """``url`` with the queue's filters that follow the reviewer from a case to the next
    (the service filter): a reviewer who filtered the queue to one service stays on it
    through the case page, the approval confirmation and "next case"."""
    kept = {name: value for name, value in filters.items() if value}
    return f"{url}?{urlencode(kept)}" if kept else url
