"""The monthly calculation (R-BASE-09): amounts due from enrolments and bases, in SQL.

One ``INSERT ... SELECT`` writes every person-month-type line of a declaration, so a unit
of 100,000 staff costs one statement, not 100,000 Python objects. The arithmetic runs on
integer cents so SQLite (floating point) and PostgreSQL (numeric) give the same cents:

- base: the person's ``ContributionBase`` for the contribution year holding the period
  (a per-type base before the all-types one of §3.3.20); without one, the enrolment's
  ``monthly_wage`` through the year's base rule (rounding and floor/cap, as
  ``BaseRule.base`` does it in Python);
- amount: ``(base_cents × rate_micros + 500000) / 1000000`` in integer division, i.e.
  base × rate half-up to the cent (``shebao.core.money.amount_due``); rates have at most
  six decimals (the policy field), so ``rate × 10⁶`` is exact.

A person is enrolled in period P if the enrolment started in or before P and has not
stopped, or stopped after P: the stop month (停保年月) itself is not due.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, Sum

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

from .models import ALL_TYPES, ContributionBase, ContributionDetail, MonthlyDeclaration

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


def _lines_sql(plan: Plan) -> tuple[str, list[Any]]:
    """SELECT person_id, unit_id, insurance_type, wage, base_cents of every line due."""
    e = Enrolment._meta.db_table
    cb = ContributionBase._meta.db_table
    period = str(plan.period)
    types = ", ".join(["%s"] * len(plan.types))
    base_join = (
        "LEFT JOIN {cb} {a} ON {a}.person_id = e.person_id AND {a}.unit_id = e.unit_id "
        "AND {a}.insurance_type = {t} AND {a}.start_period <= %s AND {a}.end_period >= %s"
    )
    sql = (
        "SELECT e.person_id AS person_id, e.unit_id AS unit_id, "
        "e.insurance_type AS insurance_type, "
        "COALESCE(bt.declared_wage, ba.declared_wage, e.monthly_wage) AS wage, "
        "COALESCE(CAST(ROUND(bt.base * 100) AS BIGINT), CAST(ROUND(ba.base * 100) AS BIGINT), "
        f"{_fallback_base_sql(plan.rule, 'e.monthly_wage')}) AS base_cents "
        f"FROM {_qn(e)} e "
        + base_join.format(cb=_qn(cb), a="bt", t="e.insurance_type")
        + " "
        + base_join.format(cb=_qn(cb), a="ba", t="%s")
        + f" WHERE e.unit_id = %s AND e.insurance_type IN ({types}) "
        "AND e.start_period <= %s AND (e.end_period = '' OR e.end_period > %s)"
    )
    params: list[Any] = [period, period, ALL_TYPES, period, period, plan.unit.pk]
    params += list(plan.types)
    params += [period, period]
    return sql, params


def line_counts(plan: Plan) -> tuple[int, int]:
    """(lines due, lines without any base or wage) for the plan, without writing."""
    lines, params = _lines_sql(plan)
    sql = (
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN c.base_cents IS NULL THEN 1 ELSE 0 END), 0) "
        f"FROM ({lines}) c"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        total, missing = cursor.fetchone()
    return int(total), int(missing)


def _case(column: str, values: dict[str, object]) -> tuple[str, list[Any]]:
    whens = " ".join("WHEN %s THEN %s" for _ in values)
    params: list[Any] = []
    for key, value in values.items():
        params += [key, value]
    return f"(CASE {column} {whens} END)", params


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
    detail = ContributionDetail._meta
    columns = ", ".join(
        _qn(detail.get_field(name).column)  # type: ignore[union-attr,arg-type]
        for name in (
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
    )
    half = MICROS // 2
    sql = (
        f"INSERT INTO {_qn(detail.db_table)} ({columns}) "
        "SELECT %s, c.person_id, c.unit_id, c.insurance_type, c.wage, c.base_cents / 100.0, "
        f"((c.base_cents * {unit_rate} + {half}) / {MICROS}) / 100.0, "
        f"((c.base_cents * {person_rate} + {half}) / {MICROS}) / 100.0, "
        f"{declaration} "
        f"FROM ({lines}) c WHERE c.base_cents IS NOT NULL"
    )
    params = [str(plan.period), *unit_params, *person_params, *declaration_params, *line_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    _aggregate(plan, list(declarations.values()))
    return list(declarations.values())


def _aggregate(plan: Plan, declarations: list[MonthlyDeclaration]) -> None:
    """缴费人数 and the totals of each declaration, from its details in one query."""
    totals = {
        row["declaration_id"]: row
        for row in ContributionDetail.objects.filter(
            period=str(plan.period), declaration__in=declarations
        )
        .values("declaration_id")
        .annotate(
            n=Count("id"),
            wage=Sum("wage"),
            base=Sum("base"),
            unit_amount=Sum("unit_amount"),
            individual_amount=Sum("individual_amount"),
        )
        .order_by()
    }
    for d in declarations:
        row = totals.get(d.pk)
        if row is None:
            continue
        d.headcount = row["n"]
        d.wage_total = row["wage"]
        d.base_total = row["base"]
        d.unit_amount = row["unit_amount"]
        d.individual_amount = row["individual_amount"]
    MonthlyDeclaration.objects.bulk_update(
        declarations,
        ["headcount", "wage_total", "base_total", "unit_amount", "individual_amount"],
    )


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
