"""Paid unemployment-insurance months of a set of persons, counted in SQL.

A month counts when its money arrived, unit and person share together: a 正常应缴 detail
whose declaration's bill is 已足额到账, or a back-payment line (补缴, not 视同缴费) whose bill
is. Two units' lines of one period are one month (``COUNT(DISTINCT)``). One query for all
persons, so a batch's check does not query per row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection

from shebao.contributions.models import ArrearsKind, BillStatus, DeclarationStatus
from shebao.policy.choices import InsuranceType

_SQL = """
WITH paid AS (
    SELECT d.person_id, d.period
    FROM contributions_contributiondetail d
    JOIN contributions_monthlydeclaration m ON m.id = d.declaration_id
    WHERE d.insurance_type = %(type)s AND d.person_id = ANY(%(persons)s::bigint[])
      AND m.status = %(billed)s
      AND EXISTS (
        SELECT 1 FROM contributions_billline l
        JOIN contributions_bill b ON b.id = l.bill_id
        WHERE l.declaration_id = m.id AND b.status = %(paid)s)
    UNION ALL
    SELECT a.person_id, a.period
    FROM contributions_arrearsline a
    JOIN contributions_arrears r ON r.id = a.arrears_id
    WHERE a.insurance_type = %(type)s AND a.person_id = ANY(%(persons)s::bigint[])
      AND r.status = %(billed)s AND r.kind <> %(deemed)s
      AND EXISTS (
        SELECT 1 FROM contributions_billline l
        JOIN contributions_bill b ON b.id = l.bill_id
        WHERE l.arrears_id = r.id AND b.status = %(paid)s)
)
SELECT person_id, COUNT(DISTINCT period), MIN(period), MAX(period)
FROM paid
WHERE period > %(since)s
GROUP BY person_id
"""


@dataclass(frozen=True, slots=True)
class PaidMonths:
    """A person's paid unemployment months and the first and last of them (YYYYMM)."""

    months: int = 0
    first: str = ""
    last: str = ""


def paid_months(*, person_ids: Iterable[int], since: str = "") -> dict[int, PaidMonths]:
    """The paid months of each person after period ``since`` (all when ""); persons with
    none are absent."""
    ids = sorted({int(i) for i in person_ids})
    if not ids:
        return {}
    params: dict[str, Any] = {
        "type": InsuranceType.UNEMPLOYMENT.value,
        "persons": "{" + ",".join(map(str, ids)) + "}",
        "billed": DeclarationStatus.BILLED.value,
        "paid": BillStatus.PAID.value,
        "deemed": ArrearsKind.DEEMED.value,
        "since": since,
    }
    with connection.cursor() as cursor:
        cursor.execute(_SQL, params)
        return {p: PaidMonths(n, first, last) for p, n, first, last in cursor.fetchall()}
