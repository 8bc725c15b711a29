"""Issuing a document: the one path every 征集类型 takes (lock the sources, draft the lines,
save the document, mark the sources ``billed``, audit), and the project premium bill."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from shebao.audit.types import EventType
from shebao.core.errors import InvalidValue
from shebao.core.models import next_values
from shebao.core.period import Period
from shebao.registry.models import Project, Unit

from ..models import (
    REFUND_COLLECTION_TYPES,
    Bill,
    BillKind,
    BillLine,
    BillLineSource,
    CollectionType,
    DeclarationStatus,
    UnitBankAccount,
)
from .common import (
    BILL_VALIDITY_DAYS,
    DECLARATIONS_CHANGED,
    DOCUMENT_NO_COUNTER,
    NOTHING_TO_BILL,
    ZERO,
    bill_event,
)
from .reads import PendingItem


@dataclass
class Draft:
    """What a kind makes of its locked sources: the document's lines (unsaved), the account a
    退费 document is paid out to, what else the issue event records, and what to link once
    the lines are saved."""

    collection_type: str
    lines: list[BillLine]
    bank_account: UnitBankAccount | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    after_save: Callable[[], None] | None = None


@dataclass(frozen=True)
class IssueKind:
    """One 征集类型 of §3.3.26: its source rows (``model``, audited under ``source``), how
    its 待征集信息 are listed and how a document is drafted from locked rows."""

    model: type[models.Model]
    source: str
    pending: Callable[[Unit, str | None, str | None], list[PendingItem]]
    draft: Callable[[Unit, list[Any]], Draft]


def _document_no(today: dt.date) -> str:
    """征集通知单号: YYYYMM and a 10-digit number from a counter (16 digits, never reused)."""
    (n,) = next_values(DOCUMENT_NO_COUNTER)
    return f"{today:%Y%m}{n:010d}"


def _new_bill(
    *,
    unit: Unit,
    collection_type: str,
    periods: Iterable[str],
    serial_no: str,
    kind: str = BillKind.PAYMENT,
    **fields: Any,
) -> Bill:
    today = timezone.localdate()
    shown = sorted(periods)
    return Bill.objects.create(
        document_no=_document_no(today),
        unit=unit,
        region=unit.region,
        kind=kind,
        collection_type=collection_type,
        period_from=shown[0],
        period_to=shown[-1],
        due_date=today + dt.timedelta(days=BILL_VALIDITY_DAYS),
        serial_no=serial_no,
        **fields,
    )


def _bill_of_lines(
    *,
    unit: Unit,
    collection_type: str,
    lines: list[BillLine],
    serial_no: str,
    bank_account: UnitBankAccount | None = None,
) -> Bill:
    """A document whose amounts, period span and type are those of ``lines`` (then saved)."""

    def total(name: str) -> Decimal:
        return sum((getattr(line, name) for line in lines), ZERO)

    types = {line.insurance_type for line in lines}
    parts = {n: total(n) for n in ("unit_amount", "individual_amount", "interest", "late_fee")}
    kind = BillKind.REFUND if collection_type in REFUND_COLLECTION_TYPES else BillKind.PAYMENT
    bill = _new_bill(
        unit=unit,
        collection_type=collection_type,
        kind=kind,
        periods=[p for line in lines for p in (line.period, line.period_to or line.period)],
        serial_no=serial_no,
        insurance_type=types.pop() if len(types) == 1 else "",
        total_amount=sum(parts.values(), ZERO),
        bank_account=bank_account,
        **parts,
    )
    for line in lines:
        line.bill = bill
    BillLine.objects.bulk_create(lines)
    return bill


def _locked(model: Any, *, unit: Unit, ids: Sequence[int]) -> list[Any]:
    """The rows, locked in pk order; all must still be the unit's and ``declared``."""
    rows = list(
        model.objects.select_for_update().filter(pk__in=list(ids), unit=unit).order_by("pk")
    )
    if not rows:
        raise InvalidValue(_(NOTHING_TO_BILL))
    if len(rows) != len(set(ids)) or any(r.status != DeclarationStatus.DECLARED for r in rows):
        raise InvalidValue(_(DECLARATIONS_CHANGED))
    return rows


def _issued(
    bill: Bill,
    *,
    rows: Sequence[Any],
    source: str,
    actor: User | None,
    serial_no: str,
    **detail: Any,
) -> Bill:
    """The rows a new bill covers become ``billed``; the issue is audited with their ids
    under ``source`` (``declarations``, ``arrears`` …) and ``detail``."""
    type(rows[0]).objects.filter(pk__in=[r.pk for r in rows]).update(
        status=DeclarationStatus.BILLED
    )
    detail[source] = [r.pk for r in rows]
    bill_event(
        bill, event_type=EventType.BILL_ISSUE, before="", actor=actor, serial_no=serial_no, **detail
    )
    return bill


def issue(
    kind: IssueKind, *, unit: Unit, ids: Sequence[int], serial_no: str, actor: User | None
) -> Bill:
    """One document of ``kind`` for the unit's declared rows ``ids``, which become ``billed``.

    The rows are locked and must all still be declared and unbilled: a cancellation or
    another bill in between stops this one (``InvalidValue``), never bills a row twice.
    """
    locked = _locked(kind.model, unit=unit, ids=ids)
    draft = kind.draft(unit, locked)
    if not draft.lines:
        raise InvalidValue(_(NOTHING_TO_BILL))
    bill = _bill_of_lines(
        unit=unit,
        collection_type=draft.collection_type,
        lines=draft.lines,
        serial_no=serial_no,
        bank_account=draft.bank_account,
    )
    if draft.after_save is not None:
        draft.after_save()
    return _issued(
        bill, rows=locked, source=kind.source, actor=actor, serial_no=serial_no, **draft.detail
    )


def bill_issue_for_project(
    *,
    project: Project,
    amount: Decimal,
    basis: Decimal,
    rate: Decimal,
    insurance_type: str,
    serial_no: str,
    actor: User | None,
) -> Bill:
    """§3.3.24 / §3.3.25: the project's work-injury premium as a 项目工伤 bill (unit only)."""
    period = str(Period.of(timezone.localdate()))
    bill = _new_bill(
        unit=project.unit,
        collection_type=CollectionType.PROJECT,
        periods=[period],
        serial_no=serial_no,
        insurance_type=insurance_type,
        project=project,
        unit_amount=amount,
        individual_amount=Decimal(0),
        total_amount=amount,
    )
    BillLine.objects.create(
        bill=bill,
        source=BillLineSource.PROJECT,
        insurance_type=insurance_type,
        period=period,
        unit_amount=amount,
        basis=basis,
        rate=rate,
    )
    bill_event(bill, event_type=EventType.BILL_ISSUE, before="", actor=actor, serial_no=serial_no)
    return bill
