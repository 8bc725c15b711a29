"""Back-payment interest worked out again when a 记账利率 is published.

A back-payment whose interest months reach a year without a published rate stands on the
last published one (暂按, ``ArrearsLine.interest_provisional``). When an administrator
enters the rate (``policy.services.interest_rate_publish``) every provisional line of the
region is worked out again on its own calculation day (``Arrears.calculated_on``: the
months owed do not move, only the rate does):

- not yet billed (``declared``): the lines, their explanation and the record's interest
  are replaced; the unit bills the corrected amount.
- billed: the document is fixed (printed with its QR code, possibly paid), so its amounts
  stay and the lines keep their 暂按 note; the difference between the billed interest and
  the interest at the published rates is recorded on the case's audit trail and returned
  to the administrator, for the agency to settle (no 差额 document is issued here).

Each affected case gets one case audit event (the same trail its submission and review wrote).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.dispatch import receiver
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.audit.services import audit_record
from shebao.audit.types import EventType
from shebao.core.money import format_money
from shebao.core.period import Period
from shebao.policy.models import AccountInterestRate, Region
from shebao.policy.services import interest_rate_published

from . import arrears_calc as calc
from .arrears import LIVE, interest_rates
from .models import Arrears, ArrearsLine, BillLine, BillStatus, DeclarationStatus

RECOMPUTED = EventType.CASE_INTEREST_RECOMPUTE
DIFFERENCE = EventType.CASE_INTEREST_DIFFERENCE
INTEREST_PREFIX = "个人账户利息 "
SUMMARY = gettext_noop(
    "%(y)d年记账利率已保存：按公布利率重算了 %(n)d 笔未开单补缴的个人账户利息；"
    "%(b)d 笔已开具应缴认定单的补缴保留原金额，利息差额合计 %(d)s 元已记入办件记录"
)


@dataclass(frozen=True)
class RecordChange:
    arrears: int
    case: int | None
    serial_no: str
    lines: int
    before: Decimal
    after: Decimal
    #: the 应缴认定单 that fixed a billed record's amounts; "" when not billed
    bill: str = ""

    @property
    def difference(self) -> Decimal:
        return self.after - self.before


@dataclass
class InterestRecompute:
    """What publishing ``year``'s rate changed in the region's back-payments."""

    year: int
    recomputed: list[RecordChange] = field(default_factory=list)
    billed: list[RecordChange] = field(default_factory=list)

    def __str__(self) -> str:
        difference = sum((c.difference for c in self.billed), Decimal(0))
        return _(SUMMARY) % {
            "y": self.year,
            "n": len(self.recomputed),
            "b": len(self.billed),
            "d": format_money(difference),
        }


def _explained(explanation: str, text: str) -> str:
    parts = explanation.split("；")
    return "；".join(text if p.startswith(INTEREST_PREFIX) else p for p in parts)


def _billed_on(record: Arrears) -> str:
    line = (
        BillLine.objects.filter(arrears=record)
        .exclude(bill__status=BillStatus.REVOKED)
        .select_related("bill")
        .first()
    )
    return line.bill.document_no if line else ""


def _record_recompute(record: Arrears) -> tuple[RecordChange, list[ArrearsLine]]:
    """The record's provisional lines at today's rates (not saved)."""
    lines = list(record.lines.filter(interest_provisional__isnull=False))
    on = record.calculated_on
    periods = sorted({Period.parse(line.period) for line in lines})
    rates, provisional = interest_rates(record.region, calc.interest_years(periods, on))
    before = after = Decimal(0)
    for line in lines:
        part = calc.interest_part(
            line.individual_amount, Period.parse(line.period), on, rates, provisional
        )
        before += line.interest
        after += part.amount
        line.interest, line.interest_provisional = part.amount, part.provisional
        line.explanation = _explained(line.explanation, part.text)
    billed = record.status == DeclarationStatus.BILLED
    change = RecordChange(
        arrears=record.pk,
        case=record.case_id,
        serial_no=record.serial_no,
        lines=len(lines),
        before=before,
        after=after,
        bill=_billed_on(record) if billed else "",
    )
    return change, lines


def arrears_interest_recompute(
    *, region: Region, year: int, actor: Any, ip: str | None = None
) -> InterestRecompute:
    """Work out again the region's provisional back-payment interest (module docstring);
    called in the transaction that stores ``year``'s rate."""
    result = InterestRecompute(year=year)
    provisional = ArrearsLine.objects.filter(
        arrears__region=region, interest_provisional__isnull=False
    ).values("arrears_id")
    records = list(
        Arrears.objects.select_for_update(of=("self",))
        .filter(pk__in=provisional, status__in=LIVE, fees_on_billing=False)
        .select_related("region", "case")
        .order_by("pk")
    )
    by_case: dict[int, list[RecordChange]] = defaultdict(list)
    for record in records:
        change, lines = _record_recompute(record)
        if record.status == DeclarationStatus.BILLED:
            result.billed.append(change)
        else:
            ArrearsLine.objects.bulk_update(
                lines, ["interest", "interest_provisional", "explanation"]
            )
            record.interest = record.interest + change.difference
            record.save(update_fields=["interest"])
            result.recomputed.append(change)
        if record.case_id is not None:
            by_case[record.case_id].append(change)
    cases = {r.case_id: r.case for r in records if r.case is not None}
    rate = AccountInterestRate.objects.get(region=region, year=year).rate
    for case_id, changes in by_case.items():
        case = cases[case_id]
        audit_record(
            event_type=DIFFERENCE if all(c.bill for c in changes) else RECOMPUTED,
            case=case,
            from_status=case.status,
            to_status=case.status,
            actor=actor,
            acting_unit=case.unit,
            ip=ip,
            detail={
                "interest_rate_year": year,
                "interest_rate": str(rate),
                "arrears": [
                    {
                        "arrears": c.arrears,
                        "lines": c.lines,
                        "interest_before": f"{c.before:.2f}",
                        "interest_after": f"{c.after:.2f}",
                        "difference": f"{c.difference:.2f}",
                        "bill": c.bill,
                        "applied": not c.bill,
                    }
                    for c in changes
                ],
            },
        )
    return result


@receiver(interest_rate_published, dispatch_uid="contributions_arrears_interest")
def _on_interest_rate_published(
    sender: Any, *, region: Region, year: int, actor: Any, ip: str | None = None, **_: Any
) -> InterestRecompute:
    return arrears_interest_recompute(region=region, year=year, actor=actor, ip=ip)


__all__ = ["InterestRecompute", "RecordChange", "arrears_interest_recompute"]
