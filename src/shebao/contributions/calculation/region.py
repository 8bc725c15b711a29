"""A whole region's declaration of a period at once, on the lines a unit's own runs."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from shebao.core.period import Period
from shebao.policy.models import Region, UnitRiskClass
from shebao.policy.selectors import (
    Payer,
    base_rule_for,
    contribution_year_of,
    rate_for,
)
from shebao.registry.choices import InsuranceType, UnitInsuranceStatus
from shebao.registry.models import Unit, UnitInsurance

from ..models import (
    HOLDING,
    DeclarationStatus,
    MonthlyDeclaration,
)
from .unit import MICROS, _insert_details_sql, _lines_from, _qn, aggregate


@dataclass(frozen=True)
class RegionRun:
    """What :func:`declare_region` wrote, and the units it left out (as the per-unit check
    would have refused them)."""

    units: int
    declarations: int
    details: int
    without_staff: list[int]
    without_base: list[int]
    without_risk_class: list[int]


def _in_list(values: list[Any] | tuple[Any, ...]) -> str:
    return ", ".join(["%s"] * len(values))


def declare_region(
    *, region: Region, period: Period, types: tuple[str, ...], serial_no: str
) -> RegionRun:
    """Declare ``period`` for every unit of ``region`` in each of ``types`` it pays in and has
    not declared yet, set-based: one INSERT of the declarations, one INSERT ... SELECT of the
    details per insurance type (per risk class for work injury), one aggregate UPDATE.

    The lines are ``_lines_from``, the query a unit's own declaration runs, so both give the
    same cents. A unit is left out, like the per-unit check refuses it, when a line due has
    neither a base nor a wage, when it has work injury but no risk class, or when no
    person is due at all. Concurrent declarations of the same unit and period are refused
    by the ``monthly_declaration_once`` constraint (IntegrityError: run again).
    """
    on = period.first_day
    rule = base_rule_for(region=region, year=contribution_year_of(period, region=region))
    md = _qn(MonthlyDeclaration._meta.db_table)
    ui = _qn(UnitInsurance._meta.db_table)
    unit_table = _qn(Unit._meta.db_table)
    rc = _qn(UnitRiskClass._meta.db_table)
    p = str(period)
    mine = f"{md}.period = %s AND {md}.serial_no = %s"
    mine_params = [p, serial_no]
    latest_class = (
        f"FROM {rc} rc WHERE rc.effective_from <= %s AND NOT EXISTS (SELECT 1 FROM {rc} r2 "
        "WHERE r2.unit_id = rc.unit_id AND r2.effective_from <= %s "
        "AND r2.effective_from > rc.effective_from)"
    )
    params: list[Any] = [p, str(DeclarationStatus.DECLARED), serial_no, timezone.now(), region.pk]
    params += [str(UnitInsuranceStatus.ACTIVE), *types, p, *map(str, HOLDING)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {md} (unit_id, region_id, period, insurance_type, status, headcount, "
            "wage_total, base_total, unit_amount, individual_amount, serial_no, declared_at, "
            "cancelled_by) "
            f"SELECT ui.unit_id, u.region_id, %s, ui.insurance_type, %s, 0, 0, 0, 0, 0, %s, %s, '' "
            f"FROM {ui} ui JOIN {unit_table} u ON u.id = ui.unit_id "
            f"WHERE u.region_id = %s AND ui.status = %s AND ui.insurance_type IN ({_in_list(types)}) "
            f"AND NOT EXISTS (SELECT 1 FROM {md} h WHERE h.unit_id = ui.unit_id AND h.period = %s "
            f"AND h.insurance_type = ui.insurance_type AND h.status IN ({_in_list(HOLDING)}))",
            params,
        )
        if connection.vendor == "postgresql":
            # Fresh statistics: planned on the old ones (no rows of this run), the joins
            # below become nested loops over 50,000 declarations (minutes instead of seconds).
            cursor.execute(f"ANALYZE {md}")
        # Units the per-unit check would refuse: no risk class for work injury, or a line
        # without base nor wage (only enrolments without a wage can be one: cheap to find).
        cursor.execute(
            f"SELECT DISTINCT unit_id FROM {md} WHERE {mine} AND insurance_type = %s "
            f"AND unit_id NOT IN (SELECT rc.unit_id {latest_class})",
            [*mine_params, str(InsuranceType.WORK_INJURY), on, on],
        )
        without_risk_class = sorted(r[0] for r in cursor.fetchall())
        join = (
            f"JOIN {md} d ON d.unit_id = e.unit_id AND d.insurance_type = e.insurance_type "
            "AND d.period = %s AND d.serial_no = %s"
        )
        lines, params = _lines_from(
            rule=rule,
            period=period,
            where="e.monthly_wage IS NULL",
            where_params=[],
            join=join,
            join_params=(p, serial_no),
        )
        cursor.execute(
            f"SELECT DISTINCT c.unit_id FROM ({lines}) c WHERE c.base_cents IS NULL", params
        )
        without_base = sorted(r[0] for r in cursor.fetchall())
        for chunk in _chunks(sorted(set(without_risk_class) | set(without_base))):
            cursor.execute(
                f"DELETE FROM {md} WHERE {mine} AND unit_id IN ({_in_list(chunk)})",
                [*mine_params, *chunk],
            )
        for t in types:
            groups: list[tuple[Decimal, Decimal, str, list[Any]]] = []
            if t == InsuranceType.WORK_INJURY:
                cursor.execute(
                    f"SELECT DISTINCT rc.risk_class {latest_class} AND rc.unit_id IN "
                    f"(SELECT unit_id FROM {md} WHERE {mine} AND insurance_type = %s)",
                    [on, on, *mine_params, t],
                )
                for (risk,) in sorted(cursor.fetchall()):
                    rate = rate_for(
                        region=region, insurance_type=t, payer=Payer.UNIT, on=on, risk_class=risk
                    )
                    where = "AND rc.risk_class = %s AND rc.unit_id = e.unit_id"
                    groups.append(
                        (
                            rate,
                            Decimal(0),
                            f" AND EXISTS (SELECT 1 {latest_class} {where})",
                            [on, on, risk],
                        )
                    )
            else:
                rates = [
                    rate_for(region=region, insurance_type=t, payer=payer, on=on)
                    for payer in (Payer.UNIT, Payer.INDIVIDUAL)
                ]
                groups.append((rates[0], rates[1], "", []))
            for unit_rate, person_rate, extra, extra_params in groups:
                lines, params = _lines_from(
                    rule=rule,
                    period=period,
                    where="e.insurance_type = %s" + extra,
                    where_params=[t, *extra_params],
                    join=join,
                    join_params=(p, serial_no),
                    columns=", d.id AS declaration_id",
                )
                sql = _insert_details_sql(
                    period=period,
                    lines=lines,
                    unit_rate=str(int(unit_rate * MICROS)),
                    person_rate=str(int(person_rate * MICROS)),
                    declaration="c.declaration_id",
                )
                cursor.execute(sql, params)
        aggregate(cursor, period=period, where=mine, params=mine_params)
        staffed = f"SELECT unit_id FROM {md} WHERE {mine} AND headcount > 0"
        cursor.execute(
            f"SELECT DISTINCT unit_id FROM {md} WHERE {mine} AND unit_id NOT IN ({staffed})",
            [*mine_params, *mine_params],
        )
        without_staff = sorted(r[0] for r in cursor.fetchall())
        for chunk in _chunks(without_staff):
            cursor.execute(
                f"DELETE FROM {md} WHERE {mine} AND unit_id IN ({_in_list(chunk)})",
                [*mine_params, *chunk],
            )
        cursor.execute(
            f"SELECT COUNT(DISTINCT unit_id), COUNT(*), COALESCE(SUM(headcount), 0) "
            f"FROM {md} WHERE {mine}",
            mine_params,
        )
        units, declarations, details = cursor.fetchone()
    return RegionRun(
        units=int(units),
        declarations=int(declarations),
        details=int(details),
        without_staff=without_staff,
        without_base=without_base,
        without_risk_class=without_risk_class,
    )


def _chunks(values: list[int], size: int = 500) -> list[list[int]]:
    return [values[i : i + size] for i in range(0, len(values), size)]
