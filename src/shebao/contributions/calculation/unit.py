"""One unit's declaration of a period: the plan, the lines due and their INSERT ... SELECT."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection

from shebao.core.period import Period
from shebao.policy.models import ClampOrder
from shebao.policy.selectors import (
    BaseRule,
    Payer,
    base_rule_for,
    contribution_year_of,
    rate_for,
    risk_class_for,
)
from shebao.registry.choices import InsuranceType
from shebao.registry.models import Enrolment, Unit

from ..models import (
    ALL_TYPES,
    AuditedBase,
    ContributionBase,
    ContributionDetail,
    MonthlyDeclaration,
    WageChange,
)

MICROS = 1_000_000


@dataclass(frozen=True)
class Plan:
    """What one declaration of a unit's period needs from policy, looked up once."""

    unit: Unit
    period: Period
    types: tuple[str, ...]
    rule: BaseRule
    unit_rates: dict[str, Decimal]
    individual_rates: dict[str, Decimal]


def plan_for(*, unit: Unit, period: Period, types: list[str] | tuple[str, ...]) -> Plan:
    """Rates and base rule in force for the period; raises ``MissingParameter``."""
    region = unit.region
    on = period.first_day
    rule = base_rule_for(region=region, year=contribution_year_of(period, region=region))
    unit_rates: dict[str, Decimal] = {}
    individual_rates: dict[str, Decimal] = {}
    for t in types:
        risk = risk_class_for(unit=unit, on=on) if t == InsuranceType.WORK_INJURY else None
        for payer, into in ((Payer.UNIT, unit_rates), (Payer.INDIVIDUAL, individual_rates)):
            into[t] = rate_for(region=region, insurance_type=t, payer=payer, on=on, risk_class=risk)
    return Plan(unit, period, tuple(sorted(types)), rule, unit_rates, individual_rates)


def _qn(name: str) -> str:
    return connection.ops.quote_name(name)


def _cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def _round_sql(expr: str, unit_cents: int) -> str:
    """Half-up to a multiple of ``unit_cents`` on non-negative integer cents."""
    return f"(((2 * ({expr}) + {unit_cents}) / {2 * unit_cents}) * {unit_cents})"


def _fallback_base_sql(rule: BaseRule, wage: str) -> str:
    """``BaseRule.base`` in SQL over integer cents; NULL when the wage is NULL."""
    unit = _cents(rule.rounding_unit)
    floor, cap = _cents(rule.floor), _cents(rule.cap)
    w = f"CAST(ROUND({wage} * 100) AS BIGINT)"
    if rule.clamp_order == ClampOrder.ROUND_THEN_CLAMP:
        r = _round_sql(w, unit)
        return f"(CASE WHEN {r} < {floor} THEN {floor} WHEN {r} > {cap} THEN {cap} ELSE {r} END)"
    return (
        f"(CASE WHEN {w} < {floor} THEN {_round_sql(str(floor), unit)} "
        f"WHEN {w} > {cap} THEN {_round_sql(str(cap), unit)} ELSE {_round_sql(w, unit)} END)"
    )


def _lines_from(
    *,
    rule: BaseRule,
    period: Period,
    where: str,
    where_params: list[Any],
    join: str = "",
    join_params: tuple[Any, ...] = (),
    columns: str = "",
) -> tuple[str, list[Any]]:
    """SELECT person_id, unit_id, insurance_type, wage, base_cents (+ ``columns``) of every
    line due in ``period`` among the enrolments ``e`` (joined with ``join``) that ``where``
    keeps: the one query both a unit's declaration and a region's run go through."""
    e = Enrolment._meta.db_table
    cb = ContributionBase._meta.db_table
    p = str(period)
    base_join = (
        "LEFT JOIN {cb} {a} ON {a}.person_id = e.person_id AND {a}.unit_id = e.unit_id "
        "AND {a}.insurance_type = {t} AND {a}.start_period <= %s AND {a}.end_period >= %s"
    )
    changed = (
        f"LEFT JOIN {_qn(WageChange._meta.db_table)} wc ON wc.person_id = e.person_id "
        "AND wc.unit_id = e.unit_id AND wc.start_period <= %s AND wc.end_period >= %s "
        f"LEFT JOIN {_qn(AuditedBase._meta.db_table)} ab ON ab.person_id = e.person_id "
        "AND ab.unit_id = e.unit_id AND ab.period = %s"
    )
    sql = (
        "SELECT e.person_id AS person_id, e.unit_id AS unit_id, "
        "e.insurance_type AS insurance_type, "
        "COALESCE(wc.wage, bt.declared_wage, ba.declared_wage, e.monthly_wage) AS wage, "
        "COALESCE(CAST(ROUND(ab.base * 100) AS BIGINT), "
        f"{_fallback_base_sql(rule, 'wc.wage')}, "
        "CAST(ROUND(bt.base * 100) AS BIGINT), CAST(ROUND(ba.base * 100) AS BIGINT), "
        f"{_fallback_base_sql(rule, 'e.monthly_wage')}) AS base_cents{columns} "
        f"FROM {_qn(e)} e {join} "
        + base_join.format(cb=_qn(cb), a="bt", t="e.insurance_type")
        + " "
        + base_join.format(cb=_qn(cb), a="ba", t="%s")
        + f" {changed} WHERE {where} "
        "AND e.start_period <= %s AND (e.end_period = '' OR e.end_period > %s)"
    )
    params: list[Any] = [*join_params, p, p, ALL_TYPES, p, p, p, p, p, *where_params, p, p]
    return sql, params


def _lines_sql(plan: Plan) -> tuple[str, list[Any]]:
    """The lines of one unit's declaration of ``plan.types``."""
    types = ", ".join(["%s"] * len(plan.types))
    return _lines_from(
        rule=plan.rule,
        period=plan.period,
        where=f"e.unit_id = %s AND e.insurance_type IN ({types})",
        where_params=[plan.unit.pk, *plan.types],
    )


def line_counts(plan: Plan) -> tuple[int, int]:
    """(enrolments due, lines without any base or wage) for the plan, without writing.

    Cheap, as the check runs it on every row and again on submit: the base joins are LEFT
    JOINs, so they cannot change whether anything is due, and only an enrolment without a
    ``monthly_wage`` can end up without a base, so only those go through the joins.
    """
    e = Enrolment._meta.db_table
    types = ", ".join(["%s"] * len(plan.types))
    p = str(plan.period)
    due = (
        f"e.unit_id = %s AND e.insurance_type IN ({types}) "
        "AND e.start_period <= %s AND (e.end_period = '' OR e.end_period > %s)"
    )
    lines, params = _lines_from(
        rule=plan.rule,
        period=plan.period,
        where=f"e.unit_id = %s AND e.insurance_type IN ({types}) AND e.monthly_wage IS NULL",
        where_params=[plan.unit.pk, *plan.types],
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {_qn(e)} e WHERE {due}", [plan.unit.pk, *plan.types, p, p]
        )
        (total,) = cursor.fetchone()
        cursor.execute(f"SELECT COUNT(*) FROM ({lines}) c WHERE c.base_cents IS NULL", params)
        (missing,) = cursor.fetchone()
    return int(total), int(missing)


def _case(column: str, values: dict[str, object]) -> tuple[str, list[Any]]:
    whens = " ".join("WHEN %s THEN %s" for _ in values)
    params: list[Any] = []
    for key, value in values.items():
        params += [key, value]
    return f"(CASE {column} {whens} END)", params


def _insert_details_sql(
    *,
    period: Period,
    lines: str,
    unit_rate: str,
    person_rate: str,
    declaration: str,
) -> str:
    """INSERT the detail lines of ``lines`` (a ``_lines_from`` query, aliased ``c``) with
    amounts ``(base_cents × rate_micros + ½·10⁶) / 10⁶`` cents, skipping lines without base."""
    detail = ContributionDetail._meta
    columns = ", ".join(
        _qn(detail.get_field(name).column)  # type: ignore[union-attr,arg-type]
        for name in DETAIL_COLUMNS
    )
    half = MICROS // 2
    return (
        f"INSERT INTO {_qn(detail.db_table)} ({columns}) "
        f"SELECT '{period}', c.person_id, c.unit_id, c.insurance_type, c.wage, "
        "c.base_cents / 100.0, "
        f"((c.base_cents * {unit_rate} + {half}) / {MICROS}) / 100.0, "
        f"((c.base_cents * {person_rate} + {half}) / {MICROS}) / 100.0, "
        f"{declaration} "
        f"FROM ({lines}) c WHERE c.base_cents IS NOT NULL"
    )


DETAIL_COLUMNS = (
    "period",
    "person",
    "unit",
    "insurance_type",
    "wage",
    "base",
    "unit_amount",
    "individual_amount",
    "declaration",
)


def declare(*, plan: Plan, serial_no: str) -> list[MonthlyDeclaration]:
    """Write the declarations of ``plan`` (one per type) and their details, set-based."""
    declarations = {
        t: MonthlyDeclaration.objects.create(
            unit=plan.unit,
            region=plan.unit.region,
            period=str(plan.period),
            insurance_type=t,
            serial_no=serial_no,
        )
        for t in plan.types
    }
    lines, line_params = _lines_sql(plan)
    unit_rate, unit_params = _case(
        "c.insurance_type", {t: int(r * MICROS) for t, r in plan.unit_rates.items()}
    )
    person_rate, person_params = _case(
        "c.insurance_type", {t: int(r * MICROS) for t, r in plan.individual_rates.items()}
    )
    declaration, declaration_params = _case(
        "c.insurance_type", {t: d.pk for t, d in declarations.items()}
    )
    sql = _insert_details_sql(
        period=plan.period,
        lines=lines,
        unit_rate=unit_rate,
        person_rate=person_rate,
        declaration=declaration,
    )
    params = [*unit_params, *person_params, *declaration_params, *line_params]
    ids = [d.pk for d in declarations.values()]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        aggregate(
            cursor,
            period=plan.period,
            where=f"id IN ({', '.join(['%s'] * len(ids))})",
            params=ids,
            unit_id=plan.unit.pk,
        )
    return list(MonthlyDeclaration.objects.filter(pk__in=ids).order_by("insurance_type"))


def aggregate(
    cursor: Any, *, period: Period, where: str, params: list[Any], unit_id: int | None = None
) -> None:
    """缴费人数 and the totals of the declarations ``where`` selects, from their details of
    ``period``, in one UPDATE (PostgreSQL and SQLite >= 3.33 both have UPDATE ... FROM).

    Details have no index on the declaration (one index less to write per line): a unit's
    declarations are read through ``detail_period_unit`` by naming the unit."""
    md = _qn(MonthlyDeclaration._meta.db_table)
    detail = _qn(ContributionDetail._meta.db_table)
    of_unit = "" if unit_id is None else "AND unit_id = %s "
    cursor.execute(
        f"UPDATE {md} SET headcount = a.n, wage_total = a.wage, base_total = a.base, "
        "unit_amount = a.unit_amount, individual_amount = a.individual_amount "
        "FROM (SELECT declaration_id, COUNT(*) AS n, SUM(wage) AS wage, SUM(base) AS base, "
        "SUM(unit_amount) AS unit_amount, SUM(individual_amount) AS individual_amount "
        f"FROM {detail} WHERE period = %s {of_unit}AND declaration_id IN "
        f"(SELECT id FROM {md} WHERE {where}) GROUP BY declaration_id) a "
        f"WHERE {md}.id = a.declaration_id",
        [str(period), *([] if unit_id is None else [unit_id]), *params],
    )


@dataclass(frozen=True)
class Due:
    """What one insurance type of a plan would declare: the totals ``declare`` writes."""

    insurance_type: str
    headcount: int
    base_total: Decimal
    unit_amount: Decimal
    individual_amount: Decimal


def amounts_due(plan: Plan) -> list[Due]:
    """Per type, the headcount and amounts ``declare`` would write, without writing: the
    same lines and the same integer-cent arithmetic, summed in one query (the confirmation
    page shows them before the unit submits)."""
    lines, line_params = _lines_sql(plan)
    unit_rate, unit_params = _case(
        "c.insurance_type", {t: int(r * MICROS) for t, r in plan.unit_rates.items()}
    )
    person_rate, person_params = _case(
        "c.insurance_type", {t: int(r * MICROS) for t, r in plan.individual_rates.items()}
    )
    half = MICROS // 2
    sql = (
        "SELECT c.insurance_type, COUNT(*), SUM(c.base_cents), "
        f"SUM((c.base_cents * {unit_rate} + {half}) / {MICROS}), "
        f"SUM((c.base_cents * {person_rate} + {half}) / {MICROS}) "
        f"FROM ({lines}) c WHERE c.base_cents IS NOT NULL GROUP BY c.insurance_type"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*unit_params, *person_params, *line_params])
        found = {str(t): (int(n), int(b), int(u), int(p)) for t, n, b, u, p in cursor.fetchall()}
    return [
        Due(t, n, Decimal(b) / 100, Decimal(u) / 100, Decimal(p) / 100)
        for t in plan.types
        for n, b, u, p in [found.get(t, (0, 0, 0, 0))]
    ]


def lines_due(plan: Plan) -> list[tuple[int, str, Decimal | None, Decimal | None]]:
    """(person id, type, wage, base) of every line the plan's period is due, without
    writing; base None when the person has neither a base nor a wage (不可做账).
    Used by the unit-wide back-payment (§3.3.33), which books the same lines later."""
    lines, params = _lines_sql(plan)
    sql = f"SELECT c.person_id, c.insurance_type, c.wage, c.base_cents FROM ({lines}) c"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        (
            int(person),
            str(kind),
            Decimal(str(wage)) if wage is not None else None,
            Decimal(int(cents)) / 100 if cents is not None else None,
        )
        for person, kind, wage, cents in rows
    ]
