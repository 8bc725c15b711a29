"""The paid pension months of a set of persons, aggregated in SQL.

A month counts when its money arrived: a 正常应缴 detail whose declaration's bill is
已足额到账, or a back-payment line (补缴, any kind but 视同缴费年限补缴, whose months are
deemed ones) whose bill is. A person's two lines of one period (two units) are one month (``COUNT(DISTINCT)``),
their bases and amounts both counted.
The result is one row per person, calendar year and half of the year around the region's
contribution-year start, so the same rows give the account (calendar years) and the
contribution index (申报年度): the database does the months, Python the years.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection

from shebao.contributions.models import ArrearsKind, BillStatus, DeclarationStatus
from shebao.policy.choices import InsuranceType

from .bulk import id_array

_SQL = """
WITH paid AS (
    SELECT d.person_id, d.period, d.base, d.individual_amount
    FROM contributions_contributiondetail d
    JOIN contributions_monthlydeclaration m ON m.id = d.declaration_id
    WHERE d.insurance_type = %(type)s AND d.person_id = ANY(%(persons)s::bigint[])
      AND m.status = %(billed)s
      AND EXISTS (
        SELECT 1 FROM contributions_billline l
        JOIN contributions_bill b ON b.id = l.bill_id
        WHERE l.declaration_id = m.id AND b.status = %(paid)s)
    UNION ALL
    SELECT a.person_id, a.period, a.base, a.individual_amount
    FROM contributions_arrearsline a
    JOIN contributions_arrears r ON r.id = a.arrears_id
    WHERE a.insurance_type = %(type)s AND a.person_id = ANY(%(persons)s::bigint[])
      AND r.status = %(billed)s AND r.kind <> %(deemed)s
      AND EXISTS (
        SELECT 1 FROM contributions_billline l
        JOIN contributions_bill b ON b.id = l.bill_id
        WHERE l.arrears_id = r.id AND b.status = %(paid)s)
)
SELECT person_id,
       CAST(SUBSTR(period, 1, 4) AS INTEGER) AS year,
       CAST(SUBSTR(period, 5, 2) AS INTEGER) >= %(start)s AS late,
       COUNT(DISTINCT period) AS months, SUM(base) AS base, SUM(individual_amount) AS amount
FROM paid
WHERE period <= %(until)s
GROUP BY 1, 2, 3
"""


@dataclass(frozen=True, slots=True)
class PaidHalf:
    """The paid months of one person in one calendar year, before or from ``start``."""

    person_id: int
    year: int
    #: from the contribution year's first month on (so in 申报年度 ``year``, else year - 1)
    late: bool
    months: int
    base: Decimal
    amount: Decimal

    @property
    def contribution_year(self) -> int:
        return self.year if self.late else self.year - 1


def paid_halves(*, person_ids: Sequence[int], start_month: int, until: str) -> list[PaidHalf]:
    """The paid pension months of ``person_ids`` up to period ``until`` (YYYYMM), one
    query, grouped per person, year and half."""
    if not person_ids:
        return []
    params: dict[str, Any] = {
        "type": InsuranceType.PENSION.value,
        "persons": id_array(person_ids),
        "billed": DeclarationStatus.BILLED.value,
        "paid": BillStatus.PAID.value,
        "deemed": ArrearsKind.DEEMED.value,
        "start": start_month,
        "until": until,
    }
    with connection.cursor() as cursor:
        cursor.execute(_SQL, params)
        return [
            PaidHalf(p, y, bool(late), n, Decimal(base), Decimal(amount))
            for p, y, late, n, base, amount in cursor.fetchall()
        ]
