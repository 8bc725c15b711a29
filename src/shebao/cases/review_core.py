"""The reviewable-application core: what a case and a certificate order share.

An application is filled in as a draft, submitted with its materials, reviewed within a
number of working days and decided once. The parts that must not differ between them:

- :class:`Lifecycle`: the allowed status moves, and the decision as one conditional
  UPDATE (``decide``), so of two reviewers clicking at the same moment exactly one wins
  and the other is told the application was decided already;
- :func:`review_due`: the working-day due date, counted from the local day of submission;
- :func:`missing_materials`: which required materials are not uploaded yet; the upload's
  own checks (type sniffed from the bytes, size, digest) are
  :func:`shebao.cases.materials.image_check`;
- the review-queue page: ``templates/_review_queue.html`` drawn from
  :class:`shebao.cases.review_queue.ReviewQueue`.

Events stay with each application's own audit helper; this module writes none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Manager, Model, QuerySet
from django.utils import timezone

from .timing import due_date


@dataclass(frozen=True)
class Lifecycle:
    """The allowed moves of an application's status (``{from: {to, ...}}``)."""

    moves: Mapping[str, frozenset[str]]

    def allows(self, before: str, after: str) -> bool:
        return after in self.moves.get(before, frozenset())

    def move(self, application: Model, after: str) -> str:
        """Set ``application.status`` to ``after`` (the caller holds its row lock and saves);
        returns the status it left."""
        obj: Any = application
        before = str(obj.status)
        self._check([before], after)
        obj.status = after
        return before

    def _check(self, sources: Iterable[str], after: str) -> None:
        refused = [s for s in sources if not self.allows(s, after)]
        if refused:  # a programming error, not a user's: the flow itself is wrong
            raise ValueError(f"status move not allowed: {refused} -> {after}")

    def decide(
        self,
        queryset: Manager[Any] | QuerySet[Any],
        *,
        pk: int,
        before: str | Iterable[str],
        after: str,
        **fields: Any,
    ) -> bool:
        """Move row ``pk`` from ``before`` to ``after`` (setting ``fields``) if it is still
        in ``before``; True for the one caller whose UPDATE matched the row.

        No lock is taken and nothing is read first: the status in the WHERE clause is
        the lock, so a double click or a second reviewer finds no row and gets False.
        """
        sources = [before] if isinstance(before, str) else list(before)
        self._check(sources, after)
        return bool(queryset.filter(pk=pk, status__in=sources).update(status=after, **fields))


def review_due(submitted_at: dt.datetime, workdays: int) -> dt.date:
    """The last day of the review: ``workdays`` working days after the local submission day."""
    return due_date(timezone.localdate(submitted_at), workdays)


def missing_materials(required: Iterable[tuple[str, str]], uploaded: Iterable[str]) -> list[str]:
    """Names of the required ``(code, name)`` materials whose code is not among ``uploaded``."""
    have = set(uploaded)
    return [name for code, name in required if code not in have]
