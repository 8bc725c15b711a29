"""Benchmark: the monthly declaration (§3.3.22) of a 100,000-person unit and of a whole region.

    PYTHONPATH=src .venv/bin/python bench/monthly_declaration.py \\
        [--units 50000] [--persons 2000000] [--unit-persons 100000] [--orm-persons 10000]

Creates its own database (SQLite in bench/out/, or a fresh ``<name>_bench_monthly`` on the
PostgreSQL server of DATABASE_URL, dropped at the end; never the dev database), loads one
region with ``--units`` units and ``--persons`` insured persons in SQL (INSERT ... SELECT over
generated numbers): each person enrolled in pension and unemployment, 95 % with an
all-types 缴费基数 for contribution year 2024, 1 % with a per-type pension base, the rest
falling back to their monthly wage; 2 % stopped, 1 % starting after the periods declared.
The first unit has ``--unit-persons`` persons, the second ``--orm-persons``, the others
share the rest (skewed: a few big units, many small ones). Then, each in its own process so
that peak memory is per side:

(a) unit: the real service path for the big unit's 202503 (then 202505 and 202506, the
    target judged on the median of the three) — case_start, case_accept,
    case_row_add (the check counts the lines), case_submit (re-check, then the set-based
    INSERT ... SELECT and the aggregate);
(b) the same service path on the second unit (202503), and the naive Django ORM loop on it
    (202502): for each enrolment look up its base, compute it and the amounts in Python,
    ``bulk_create`` the details; both must give the same totals;
(c) region: ``declarations_for_region`` for 202504, every unit of the region at once.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

from import_roster import (  # noqa: E402
    bench_database_url,
    django_setup,
    drop_bench_database,
    peak_mb,
)

REGION_CODE = "420100"
UNIT_PERIOD, ORM_PERIOD, REGION_PERIOD = "202503", "202502", "202504"
#: The big unit declares these too, each in a fresh process: one figure is one sample on a
#: shared machine, so the target is judged on the median of the three.
UNIT_REPEATS = ("202505", "202506")
YEAR = 2024  # the contribution year 202407-202506 holding the three periods
TYPES = ("110", "210")  # pension, unemployment


# -- data, generated in SQL --------------------------------------------------------------


def _numbers(n: int) -> tuple[str, str]:
    """(WITH clause, FROM item) yielding ``s.n`` = 1..n on either database."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return "", f"generate_series(1, {n}) AS s(n)"
    return (
        f"WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < {n}) ",
        "seq s",
    )


def _pad(expr: str, width: int) -> str:
    from django.db import connection

    zeros = "0" * width
    if connection.vendor == "postgresql":
        return f"lpad(CAST({expr} AS TEXT), {width}, '0')"
    return f"substr('{zeros}' || ({expr}), -{width})"


def _insert(sql: str, n: int) -> None:
    from django.db import connection

    with_clause, numbers = _numbers(n)
    with connection.cursor() as cursor:
        cursor.execute(with_clause + sql.replace("{numbers}", numbers))


def load(units: int, persons: int, unit_persons: int, orm_persons: int) -> None:
    """One region, its units and persons, enrolments and bases, all set-based."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from shebao.core.migration_ops import encrypt_columns
    from shebao.identity.models import OperatorUnit
    from shebao.policy.models import Region
    from shebao.policy.seed import policy_seed

    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":  # bulk load: generated rows, skip the FK triggers
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
    region = Region.objects.create(code=REGION_CODE, name="武汉市", is_provincial_level=False)
    policy_seed(region)
    now = "'2025-01-01 00:00:00+00'" if connection.vendor == "postgresql" else "'2025-01-01'"
    rest = units - 2
    # person n -> unit: 1 for the first unit_persons, 2 for the next orm_persons, then a
    # skewed spread over the other units (a multiplicative hash squared: big units first).
    unit_of = (
        f"CASE WHEN s.n <= {unit_persons} THEN 1 "
        f"WHEN s.n <= {unit_persons + orm_persons} THEN 2 "
        f"ELSE 3 + CAST(((s.n * 2654435761) % 4294967296) / 4294967296.0 "
        f"* ((s.n * 2654435761) % 4294967296) / 4294967296.0 * {rest} AS INTEGER) % {rest} END"
    )
    _insert(
        "INSERT INTO registry_unit (id, unit_no, name, credit_code, region_id, created_at) "
        f"SELECT s.n, '42' || {_pad('s.n', 7)}, '武汉测试' || s.n || '有限公司', "
        f"'91420100' || {_pad('s.n', 10)}, {region.pk}, {now} FROM {{numbers}}",
        units,
    )
    for t in TYPES:
        _insert(
            "INSERT INTO registry_unitinsurance (unit_id, insurance_type, start_date, status, "
            "change_reason, changed_by) "
            f"SELECT s.n, '{t}', '2000-01-01', 'active', '', '' FROM {{numbers}}",
            units,
        )
    _insert(
        "INSERT INTO registry_person (id, person_no, id_number, id_number_hash, id_type, name, "
        "gender, birth_date, ethnicity, mobile, post_type, created_at, updated_at) "
        f"SELECT s.n, {_pad('s.n', 12)}, '42' || {_pad('s.n', 16)}, 'h' || s.n, "
        f"'居民身份证(户口簿)', '职工' || s.n, '1', '1985-06-15', '汉族', "
        f"'139' || {_pad('s.n', 8)}, '', {now}, {now} FROM {{numbers}}",
        persons,
    )
    # SQL cannot encrypt: the ID numbers and mobiles become tokens (and the ID number hashed)
    # through the same code as the data migration, so the rows are as wide as real ones.
    encrypt, _decrypt = encrypt_columns(
        "registry_person", ["id_number", "mobile"], id_number_hash=("id_number_hash", "id_number")
    )
    encrypt(None, SimpleNamespace(connection=connection))
    wage = "(3000 + (s.n * 37) % 20000)"  # 3,000-22,999: some under the floor, some capped
    per_type_wage = "(4000 + (s.n * 37) % 20000)"
    for t in TYPES:
        _insert(
            "INSERT INTO registry_enrolment (person_id, unit_id, insurance_type, status, "
            "start_period, end_period, start_date, monthly_wage, suspension_reason, "
            "opened_by, closed_by) "
            f"SELECT s.n, {unit_of}, '{t}', "
            "CASE WHEN s.n % 50 = 7 THEN 'suspended' ELSE 'active' END, "
            "CASE WHEN s.n % 100 = 13 THEN '202506' ELSE '202001' END, "
            "CASE WHEN s.n % 50 = 7 THEN '202412' ELSE '' END, '2020-01-01', "
            f"{wage}, '', '', '' FROM {{numbers}}",
            persons,
        )
    for kind, w, keep in (("", wage, "s.n % 20 <> 0"), ("110", per_type_wage, "s.n % 100 = 1")):
        # the rule of policy_seed's 6,500 standard: round to 10 yuan, floor 3,900, cap 19,500
        base = f"(CASE WHEN {w} < 3900 THEN 3900 WHEN {w} > 19500 THEN 19500 ELSE ({w} + 5) / 10 * 10 END)"
        clamp = f"(CASE WHEN {w} < 3900 THEN 'floor' WHEN {w} > 19500 THEN 'cap' ELSE '' END)"
        _insert(
            "INSERT INTO contributions_contributionbase (person_id, unit_id, insurance_type, "
            "year, declared_wage, base, clamp, start_period, end_period, serial_no, created_at) "
            f"SELECT s.n, {unit_of}, '{kind}', {YEAR}, {w}, {base}, {clamp}, "
            f"'{YEAR}07', '{YEAR + 1}06', '', {now} FROM {{numbers}} WHERE {keep}",
            persons,
        )
    user_model = get_user_model()
    for n in (1, 2):
        user = user_model.objects.create_user(f"bench_op{n}", password="Bench-pass-123")
        OperatorUnit.objects.create(user=user, unit_id=n)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")
            for table in ("registry_unit", "registry_person"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT MAX(id) FROM {table}))"
                )
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


# -- the sides ---------------------------------------------------------------------------


def declare_through_cases(unit_id: int, period: str) -> dict[str, Any]:
    """§3.3.22 as an operator does it: start, accept, one row, submit (completes at once)."""
    from shebao.cases import services as cases
    from shebao.identity.models import OperatorUnit
    from shebao.registry.models import Unit

    unit = Unit.objects.select_related("region").get(pk=unit_id)
    operator = OperatorUnit.objects.get(unit=unit).user
    t0 = time.perf_counter()
    case = cases.case_start(
        service_code="hb_monthly_contribution_declaration", unit=unit, operator=operator
    )
    case = cases.case_accept(
        case=case, declarant="王建", declarant_mobile="18555555555", agreement_accepted=True
    )
    t1 = time.perf_counter()
    stored = cases.case_row_add(case=case, raw={"period": period})
    assert stored.passed, stored.errors
    t2 = time.perf_counter()
    case = cases.case_submit(case=case, actor=operator)
    t3 = time.perf_counter()
    assert case.status == "completed", case.status
    return {
        "seconds": t3 - t0,
        "check_s": t2 - t1,
        "submit_s": t3 - t2,
        "details": case.effect["details"],
        **_persons_and_totals(unit_id, period),
    }


def _persons_and_totals(unit_id: int | None, period: str) -> dict[str, Any]:
    from django.db.models import Count, Sum

    from shebao.contributions.models import ContributionDetail

    qs = ContributionDetail.objects.filter(period=period)
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    sums = qs.aggregate(
        n=Count("id"),
        persons=Count("person_id", distinct=True),
        base=Sum("base"),
        unit_amount=Sum("unit_amount"),
        individual_amount=Sum("individual_amount"),
    )
    return {
        "rows_written": sums["n"],
        "persons": sums["persons"],
        "totals": [  # SQLite sums floats: compare to the cent
            str(Decimal(sums[k] or 0).quantize(Decimal("0.01")))
            for k in ("base", "unit_amount", "individual_amount")
        ],
    }


def declare_with_orm_loop(unit_id: int, period: str) -> dict[str, Any]:
    """What a Django team would otherwise write: the same rules, one enrolment at a time in
    Python (bases looked up from a dict, not one query each; details bulk-created)."""
    from django.db import transaction
    from django.db.models import Count, Q, Sum

    from shebao.contributions.models import ALL_TYPES, ContributionBase, ContributionDetail
    from shebao.contributions.models import MonthlyDeclaration as Declaration
    from shebao.core.money import amount_due
    from shebao.core.period import Period
    from shebao.policy.selectors import Payer, base_rule_for, contribution_year_of, rate_for
    from shebao.registry.models import Enrolment, Unit

    unit = Unit.objects.select_related("region").get(pk=unit_id)
    t0 = time.perf_counter()
    p = Period.parse(period)
    region = unit.region
    rule = base_rule_for(region=region, year=contribution_year_of(p, region=region))
    rates = {
        t: tuple(
            rate_for(region=region, insurance_type=t, payer=payer, on=p.first_day)
            for payer in (Payer.UNIT, Payer.INDIVIDUAL)
        )
        for t in TYPES
    }
    with transaction.atomic():
        declarations = {
            t: Declaration.objects.create(unit=unit, region=region, period=period, insurance_type=t)
            for t in TYPES
        }
        bases = {
            (b.person_id, b.insurance_type): b
            for b in ContributionBase.objects.filter(
                unit=unit, start_period__lte=period, end_period__gte=period
            )
        }
        enrolments = Enrolment.objects.filter(
            Q(end_period="") | Q(end_period__gt=period),
            unit=unit,
            insurance_type__in=TYPES,
            start_period__lte=period,
        )
        details = []
        for e in enrolments.iterator(chunk_size=2000):
            b = bases.get((e.person_id, e.insurance_type)) or bases.get((e.person_id, ALL_TYPES))
            if b is not None:
                wage, base = b.declared_wage, b.base
            elif e.monthly_wage is not None:
                wage, (base, _flag) = e.monthly_wage, rule.base(e.monthly_wage)
            else:
                continue
            unit_rate, person_rate = rates[e.insurance_type]
            details.append(
                ContributionDetail(
                    period=period,
                    person_id=e.person_id,
                    unit_id=e.unit_id,
                    insurance_type=e.insurance_type,
                    wage=wage,
                    base=base,
                    unit_amount=amount_due(base, unit_rate),
                    individual_amount=amount_due(base, person_rate),
                    declaration=declarations[e.insurance_type],
                )
            )
        ContributionDetail.objects.bulk_create(details, batch_size=1000)
        for d in declarations.values():
            sums = ContributionDetail.objects.filter(period=period, declaration=d).aggregate(
                n=Count("id"),
                wage=Sum("wage"),
                base=Sum("base"),
                unit_amount=Sum("unit_amount"),
                individual_amount=Sum("individual_amount"),
            )
            d.headcount = sums["n"]
            d.wage_total, d.base_total = sums["wage"] or 0, sums["base"] or 0
            d.unit_amount = sums["unit_amount"] or Decimal(0)
            d.individual_amount = sums["individual_amount"] or Decimal(0)
            d.save()
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "details": len(details), **_persons_and_totals(unit_id, period)}


def declare_region(period: str) -> dict[str, Any]:
    from shebao.contributions.services import declarations_for_region
    from shebao.core.period import Period
    from shebao.policy.models import Region

    region = Region.objects.get(code=REGION_CODE)
    t0 = time.perf_counter()
    run = declarations_for_region(region=region, period=Period.parse(period))
    seconds = time.perf_counter() - t0
    return {
        "seconds": seconds,
        "units": run.units,
        "declarations": run.declarations,
        "details": run.details,
        "skipped": {k: len(v) for k, v in run.skipped.items()},
        **_persons_and_totals(None, period),
    }


def side(name: str) -> dict[str, Any]:
    before = peak_mb()
    if name.startswith("unit"):
        result = declare_through_cases(1, name.partition(":")[2] or UNIT_PERIOD)
    elif name == "sample":
        result = declare_through_cases(2, UNIT_PERIOD)
    elif name == "orm":
        result = declare_with_orm_loop(2, ORM_PERIOD)
    else:
        result = declare_region(REGION_PERIOD)
    return {**result, "peak_mb": peak_mb(), "baseline_mb": before}


def run_side(name: str, database_url: str) -> dict[str, Any]:
    env = dict(os.environ, DATABASE_URL=database_url, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.run(
        [sys.executable, __file__, "--side", name],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"{name} side failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- main --------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=50_000, help="units in the region")
    parser.add_argument("--persons", type=int, default=2_000_000, help="persons in the region")
    parser.add_argument("--unit-persons", type=int, default=100_000, help="the big unit's")
    parser.add_argument("--orm-persons", type=int, default=10_000, help="the ORM sample unit's")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for SQLite (bench/out)")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    parser.add_argument("--side", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.side:
        django_setup(os.environ["DATABASE_URL"])
        print(json.dumps(side(args.side), ensure_ascii=False))
        return
    if args.units < 3 or args.persons < args.unit_persons + args.orm_persons + args.units:
        parser.error("need --units >= 3 and --persons >= unit-persons + orm-persons + units")

    args.out.mkdir(parents=True, exist_ok=True)
    os.environ["SHEBAO_VAR_DIR"] = str(args.out / "var")
    database_url = bench_database_url(args.out, "bench_monthly")
    django_setup(database_url)
    engine = database_url.split(":", 1)[0]
    t0 = time.perf_counter()
    load(args.units, args.persons, args.unit_persons, args.orm_persons)
    print(
        f"Set-up: {engine} database, 1 region, {args.units:,} units, {args.persons:,} persons "
        f"({2 * args.persons:,} enrolments, bases for {YEAR}) loaded in "
        f"{time.perf_counter() - t0:.1f} s; {os.cpu_count()} CPUs"
    )
    try:
        unit = run_side("unit", database_url)
        repeats = [run_side(f"unit:{p}", database_url) for p in UNIT_REPEATS]
        sample = run_side("sample", database_url)
        orm = run_side("orm", database_url)
        region = run_side("region", database_url)
    finally:
        if not args.keep:
            drop_bench_database(database_url)

    def rate(r: dict[str, Any]) -> float:
        return r["persons"] / r["seconds"]

    print()
    print(f"{'':44}{'persons':>10}{'rows':>11}{'seconds':>9}{'persons/s':>11}{'peak MB':>9}")
    for label, r in (
        (f"(a) one unit {UNIT_PERIOD}, cases service path", unit),
        (f"(b) sample unit {UNIT_PERIOD}, cases service path", sample),
        (f"(b) sample unit {ORM_PERIOD}, naive ORM loop", orm),
        (f"(c) region {REGION_PERIOD}, declarations_for_region", region),
    ):
        print(
            f"{label:44}{r['persons']:>10,}{r['rows_written']:>11,}{r['seconds']:>9.2f}"
            f"{rate(r):>11,.0f}{r['peak_mb']:>9.0f}"
        )
    print()
    print(
        f"(a) {unit['persons']:,} persons, {unit['rows_written']:,} detail rows in "
        f"{unit['seconds']:.2f} s (check {unit['check_s']:.2f} s, submit {unit['submit_s']:.2f} s); "
        f"peak RSS {unit['peak_mb']:.0f} MB (Django loaded: {unit['baseline_mb']:.0f} MB)"
    )
    runs = sorted([unit["seconds"], *(r["seconds"] for r in repeats)])
    median = runs[len(runs) // 2]
    print(
        f"(a) the same unit declaring {', '.join(UNIT_REPEATS)} too: "
        + ", ".join(f"{r['seconds']:.2f} s" for r in repeats)
        + f"; median of the three {median:.2f} s"
    )
    same = "same totals" if orm["totals"] == sample["totals"] else "DIFFERENT totals"
    ratio = rate(sample) / rate(orm)
    print(
        f"(b) naive ORM loop: {orm['persons']:,} persons in {orm['seconds']:.2f} s, {same} as "
        f"the service path (base, unit, individual: {', '.join(orm['totals'])}); "
        f"ratio: the service path is {ratio:.1f}x faster (persons/s)"
    )
    print(
        f"(c) region: {region['units']:,} units, {region['declarations']:,} declarations, "
        f"{region['details']:,} detail rows in {region['seconds']:.1f} s; left out: "
        + ", ".join(f"{k} {v}" for k, v in region["skipped"].items())
    )
    full = args.unit_persons >= 100_000 and args.persons >= 2_000_000 and args.units >= 50_000
    if full and engine.startswith("postgres"):
        print(
            "Targets (100k-person unit <= 3 s, 2M-person region <= 10 min on PostgreSQL): "
            f"unit (median) {'met' if median <= 3 else 'MISSED'}, "
            f"region {'met' if region['seconds'] <= 600 else 'MISSED'}"
        )
    else:
        print(
            "Targets are for the full scale on PostgreSQL (100k-person unit <= 3 s, region <= 10 min)"
        )


if __name__ == "__main__":
    main()
