"""What a 参保证明 (§3.3.47) states, read set-based from the contribution records.

A line is one person, one 费款所属期, one 缴费到账时间 and one 缴费类型, with the base of
each insurance type (企业养老 110, 失业 210, 工伤 410) side by side, as WE-09 prints them.
Only money that arrived counts (缴费状态 已到账): a 正常应缴 detail whose declaration's bill
is 已足额到账, or a back-payment line (补缴, except 视同缴费年限补缴) whose bill is. The
arrival is the bill's last payment (``Payment.arrived_on``; a bill settled without one, as
old data, its issue day), and only arrivals up to the certificate's issue count, so a
certificate never changes after it is issued.

缴费类型 (inferred from WE-09's single 补收 row, see spec/worked-examples.md): 补收 for a
back-payment, or when the money arrived in a month after the period; 正常 otherwise.

The lines of 10,000 persons over 24 months take one query, the persons one more, the
rates table one more plus the policy look-ups (a fixed number).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext_noop

from shebao.core.errors import InvalidValue
from shebao.policy.choices import InsuranceType
from shebao.policy.models import Payer
from shebao.policy.selectors import rate_for, risk_class_for
from shebao.registry.models import Person, Unit, UnitInsurance, UnitInsuranceStatus

from .models import ArrearsKind, BillStatus, DeclarationStatus

#: the three columns of the certificate, in its order
CERTIFICATE_TYPES = (InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT, InsuranceType.WORK_INJURY)
TYPE_LABELS = {
    InsuranceType.PENSION: gettext_noop("企业养老保险"),
    InsuranceType.UNEMPLOYMENT: gettext_noop("失业保险"),
    InsuranceType.WORK_INJURY: gettext_noop("工伤保险"),
}
NORMAL = gettext_noop("正常")
BACK = gettext_noop("补收")
ARRIVED = gettext_noop("已到账")
NONE = "--"

_PAID = """
WITH arrival AS (
    SELECT b.id AS bill_id,
           COALESCE(MAX(p.arrived_on), (b.issued_at AT TIME ZONE %(tz)s)::date) AS arrived
    FROM contributions_bill b
    LEFT JOIN contributions_payment p ON p.bill_id = b.id
    WHERE b.unit_id = %(unit)s AND b.status = %(paid)s
    GROUP BY b.id
),
declared AS (
    SELECT l.declaration_id, MIN(a.arrived) AS arrived
    FROM contributions_billline l JOIN arrival a ON a.bill_id = l.bill_id
    WHERE l.declaration_id IS NOT NULL GROUP BY 1
),
back AS (
    SELECT l.arrears_id, MIN(a.arrived) AS arrived
    FROM contributions_billline l JOIN arrival a ON a.bill_id = l.bill_id
    WHERE l.arrears_id IS NOT NULL GROUP BY 1
),
paid AS (
    SELECT d.person_id, d.period, d.insurance_type, d.base, x.arrived, FALSE AS back
    FROM contributions_contributiondetail d
    JOIN contributions_monthlydeclaration m ON m.id = d.declaration_id
    JOIN declared x ON x.declaration_id = m.id
    WHERE d.unit_id = %(unit)s AND m.unit_id = %(unit)s AND m.status = %(billed)s
      AND d.period BETWEEN %(first)s AND %(last)s {person_d}
    UNION ALL
    SELECT a.person_id, a.period, a.insurance_type, a.base, x.arrived, TRUE
    FROM contributions_arrearsline a
    JOIN contributions_arrears r ON r.id = a.arrears_id
    JOIN back x ON x.arrears_id = r.id
    WHERE r.unit_id = %(unit)s AND r.status = %(billed)s AND r.kind <> %(deemed)s
      AND a.period BETWEEN %(first)s AND %(last)s {person_a}
)
"""

_LINES = (
    _PAID
    + """
SELECT q.person_id, q.period, q.arrived_month, q.back,
       MAX(CASE WHEN q.insurance_type = '110' THEN q.base END),
       MAX(CASE WHEN q.insurance_type = '210' THEN q.base END),
       MAX(CASE WHEN q.insurance_type = '410' THEN q.base END)
FROM (
    SELECT person_id, period, insurance_type, base, to_char(arrived, 'YYYYMM') AS arrived_month,
           back OR to_char(arrived, 'YYYYMM') > period AS back
    FROM paid WHERE arrived <= %(as_of)s
) q
JOIN registry_person rp ON rp.id = q.person_id
GROUP BY q.person_id, rp.person_no, q.period, q.arrived_month, q.back
ORDER BY q.period, rp.person_no, q.arrived_month, q.back
"""
)

_LAST = (
    _PAID
    + """
SELECT insurance_type, period, COUNT(DISTINCT person_id)
FROM (
    SELECT insurance_type, period, person_id,
           MAX(period) OVER (PARTITION BY insurance_type) AS last
    FROM paid WHERE arrived <= %(as_of)s
) q
WHERE period = last
GROUP BY 1, 2
"""
)


@dataclass(frozen=True, slots=True)
class CertificateLine:
    person_id: int
    period: str
    arrived_month: str
    back: bool
    #: base per insurance type code, None where the type has no line
    bases: tuple[Decimal | None, Decimal | None, Decimal | None]


@dataclass(frozen=True, slots=True)
class RateRow:
    label: str
    unit_rate: str
    person_rate: str
    last: str


def _params(
    *, unit_id: int, first: str, last: str, as_of: dt.date, person_id: int | None
) -> tuple[dict[str, Any], dict[str, str]]:
    params: dict[str, Any] = {
        "tz": settings.TIME_ZONE,
        "unit": unit_id,
        "paid": BillStatus.PAID.value,
        "billed": DeclarationStatus.BILLED.value,
        "deemed": ArrearsKind.DEEMED.value,
        "first": first,
        "last": last,
        "as_of": as_of,
        "person": person_id,
    }
    clauses = {"person_d": "", "person_a": ""}
    if person_id is not None:
        clauses = {
            "person_d": "AND d.person_id = %(person)s",
            "person_a": "AND a.person_id = %(person)s",
        }
    return params, clauses


def certificate_lines(
    *, unit_id: int, first: str, last: str, as_of: dt.date, person_id: int | None = None
) -> list[CertificateLine]:
    """The arrived lines of the unit (or one of its persons) from ``first`` to ``last``
    (YYYYMM, inclusive) as they stood on ``as_of``; one query."""
    params, clauses = _params(
        unit_id=unit_id, first=first, last=last, as_of=as_of, person_id=person_id
    )
    with connection.cursor() as cursor:
        cursor.execute(_LINES.format(**clauses), params)
        return [
            CertificateLine(p, period, month, bool(back), (b1, b2, b3))
            for p, period, month, back, b1, b2, b3 in cursor.fetchall()
        ]


def certificate_persons(person_ids: Sequence[int]) -> dict[int, Person]:
    """The persons the lines name (name, 个人编号, 证件号码 decrypted), one query."""
    if not person_ids:
        return {}
    return {
        p.pk: p
        for p in Person.objects.filter(pk__in=set(person_ids)).only(
            "pk", "person_no", "name", "id_number", "id_type"
        )
    }


def _percent(rate: Decimal) -> str:
    return f"{rate * 100:.1f}%"


def _rates_of(unit: Unit, kind: InsuranceType, on: dt.date) -> tuple[str, str]:
    try:
        risk_class = risk_class_for(unit=unit, on=on) if kind == InsuranceType.WORK_INJURY else None
        unit_rate = rate_for(
            region=unit.region, insurance_type=kind, payer=Payer.UNIT, on=on, risk_class=risk_class
        )
    except InvalidValue:
        return NONE, NONE
    if kind == InsuranceType.WORK_INJURY:  # no individual part
        return _percent(unit_rate), NONE
    person_rate = rate_for(region=unit.region, insurance_type=kind, payer=Payer.INDIVIDUAL, on=on)
    return _percent(unit_rate), _percent(person_rate)


def certificate_rates(*, unit: Unit, on: dt.date, person_id: int | None = None) -> list[RateRow]:
    """参保缴费比例情况: per type the current rates (when the unit is insured for it) and
    缴费截止时间 / 缴费人数, the last period that arrived by ``on`` and its headcount."""
    from django.utils.translation import gettext as _

    params, clauses = _params(
        unit_id=unit.pk, first="000000", last="999999", as_of=on, person_id=person_id
    )
    with connection.cursor() as cursor:
        cursor.execute(_LAST.format(**clauses), params)
        last = {t: (period, n) for t, period, n in cursor.fetchall()}
    insured = set(
        UnitInsurance.objects.filter(unit=unit, status=UnitInsuranceStatus.ACTIVE).values_list(
            "insurance_type", flat=True
        )
    )
    rows = []
    for kind in CERTIFICATE_TYPES:
        unit_rate, person_rate = _rates_of(unit, kind, on) if kind in insured else (NONE, NONE)
        period, count = last.get(kind.value, (None, 0))
        rows.append(
            RateRow(
                label=_(TYPE_LABELS[kind]),
                unit_rate=unit_rate,
                person_rate=person_rate,
                last=_("%(p)s / %(n)d人") % {"p": period, "n": count} if period else NONE,
            )
        )
    return rows


_COUNTS = (
    _PAID
    + """
SELECT COUNT(DISTINCT person_id), COUNT(*) FROM (
    SELECT DISTINCT person_id, period, to_char(arrived, 'YYYYMM'),
           back OR to_char(arrived, 'YYYYMM') > period
    FROM paid WHERE arrived <= %(as_of)s
) q
"""
)


def certificate_counts(
    *, unit_id: int, first: str, last: str, as_of: dt.date, person_id: int | None = None
) -> tuple[int, int]:
    """(persons, lines) of what ``certificate_lines`` would list; one query."""
    params, clauses = _params(
        unit_id=unit_id, first=first, last=last, as_of=as_of, person_id=person_id
    )
    with connection.cursor() as cursor:
        cursor.execute(_COUNTS.format(**clauses), params)
        persons, lines = cursor.fetchone()
    return int(persons), int(lines)
