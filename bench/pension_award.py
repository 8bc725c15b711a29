"""Benchmark: the pension award (§3.3.42, 国发〔2005〕38号) of a region's January, 10,000
retirees at once.

    DATABASE_URL=postgres://... PYTHONPATH=src .venv/bin/python bench/pension_award.py \\
        [--retirees 10000] [--months 108]

PostgreSQL only (the paid-months aggregate uses ``= ANY``). Creates a fresh
``<name>_bench_pension`` database next to DATABASE_URL (dropped at the end), and loads in
SQL (INSERT ... SELECT over generated numbers): one region with the seeded parameters, a
unit per 100 retirees, every retiree paid ``--months`` months from 201601 (a billed
declaration per unit and month, a 已足额到账 bill covering it, one detail line per person
and month on a base of 4,000-15,999), a quarter with 72 deemed months (199001-199512), and
each a 离退休人员 retiring in 202501 (two thirds born 1965-01 at 60, one third 1975-01 at
50). Then ``awards_compute`` for all of them in one call, timed: the account rebuild (a
row per person and year), the contribution index, the three parts, the award rows. The
target is ≤ 30 s for 10,000; the machine's load (``uptime``) is printed with the figure.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from import_roster import bench_database_url, django_setup, drop_bench_database  # noqa: E402

TARGET_SECONDS = 30.0
PER_UNIT = 100
FIRST = "2016-01-01"


def _sql(statement: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement)


def load(retirees: int, months: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from shebao.core.migration_ops import encrypt_columns
    from shebao.policy.models import Region
    from shebao.policy.seed import policy_seed

    call_command("migrate", verbosity=0)
    _sql("SET session_replication_role = replica")  # generated rows: skip the FK triggers
    region = Region.objects.create(code="420100", name="武汉市", is_provincial_level=False)
    policy_seed(region, years=range(2015, 2027))
    units = max(1, -(-retirees // PER_UNIT))
    now = "'2025-01-01 00:00:00+00'"
    period = f"to_char(DATE '{FIRST}' + (m.m || ' month')::interval, 'YYYYMM')"
    decl_id = f"((u.n - 1) * {months} + m.m + 1)"
    _sql(
        "INSERT INTO registry_unit (id, unit_no, name, credit_code, region_id, created_at) "
        "SELECT n, '42' || lpad(n::text, 7, '0'), '武汉测试' || n || '有限公司', "
        f"'91420100' || lpad(n::text, 10, '0'), {region.pk}, {now} "
        f"FROM generate_series(1, {units}) AS s(n)"
    )
    _sql(
        "INSERT INTO registry_person (id, person_no, id_number, id_number_hash, id_type, name, "
        "gender, birth_date, ethnicity, mobile, post_type, created_at, updated_at) "
        "SELECT n, lpad(n::text, 12, '0'), '42' || lpad(n::text, 16, '0'), 'h' || n, "
        "'居民身份证(户口簿)', '退休' || n, CASE WHEN n % 3 = 0 THEN '2' ELSE '1' END, "
        "CASE WHEN n % 3 = 0 THEN DATE '1975-01-15' ELSE DATE '1965-01-15' END, '汉族', "
        f"'139' || lpad(n::text, 8, '0'), '', {now}, {now} FROM generate_series(1, {retirees}) AS s(n)"
    )
    encrypt, _decrypt = encrypt_columns(
        "registry_person", ["id_number", "mobile"], id_number_hash=("id_number_hash", "id_number")
    )
    encrypt(None, SimpleNamespace(connection=connection))
    _sql(
        "INSERT INTO contributions_monthlydeclaration (id, period, insurance_type, status, "
        "headcount, wage_total, base_total, unit_amount, individual_amount, serial_no, "
        "declared_at, cancelled_by, region_id, unit_id) "
        f"SELECT {decl_id}, {period}, '110', 'billed', 0, 0, 0, 0, 0, '', {now}, '', "
        f"{region.pk}, u.n FROM generate_series(1, {units}) AS u(n) "
        f"CROSS JOIN generate_series(0, {months - 1}) AS m(m)"
    )
    _sql(
        "INSERT INTO contributions_bill (id, document_no, kind, collection_type, "
        "insurance_type, period_from, period_to, unit_amount, individual_amount, total_amount, "
        "received_amount, status, due_date, tax_invoiced, serial_no, issued_at, revoked_by, "
        "region_id, unit_id, interest, late_fee) "
        f"SELECT id, 'B' || lpad(id::text, 15, '0'), 'payment', 'normal', '110', period, "
        f"period, 0, 0, 0, 0, 'paid', DATE '2030-01-01', false, '', {now}, '', region_id, "
        "unit_id, 0, 0 FROM contributions_monthlydeclaration"
    )
    _sql(
        "INSERT INTO contributions_billline (insurance_type, period, headcount, base_total, "
        "unit_amount, individual_amount, bill_id, declaration_id, interest, late_fee, "
        "period_to, source) SELECT '110', period, 0, 0, 0, 0, id, id, 0, 0, '', 'declaration' "
        "FROM contributions_monthlydeclaration"
    )
    base = "(4000 + (p.n * 37) % 12000)"
    _sql(
        "INSERT INTO contributions_contributiondetail (period, insurance_type, wage, base, "
        "unit_amount, individual_amount, person_id, unit_id, declaration_id) "
        f"SELECT {period}, '110', {base}, {base}, round({base} * 0.16, 2), "
        f"round({base} * 0.08, 2), p.n, u.n, {decl_id} "
        f"FROM generate_series(1, {retirees}) AS p(n) "
        f"CROSS JOIN LATERAL (SELECT (p.n - 1) / {PER_UNIT} + 1 AS n) AS u "
        f"CROSS JOIN generate_series(0, {months - 1}) AS m(m)"
    )
    _sql(
        "INSERT INTO contributions_deemedyearsrecognition (start_period, end_period, "
        "monthly_wage, document_no, recognised_on, person_id, unit_id) "
        f"SELECT '199001', '199512', 3000, '认定' || n, DATE '2020-01-01', n, "
        f"(n - 1) / {PER_UNIT} + 1 FROM generate_series(1, {retirees}) AS s(n) WHERE n % 4 = 0"
    )
    _sql(
        "INSERT INTO pensions_retiree (retirement_month, category, status, "
        "recalculation_allowed, created_at, person_id, unit_id) "
        f"SELECT '202501', 'normal', 'normal', false, {now}, n, (n - 1) / {PER_UNIT} + 1 "
        f"FROM generate_series(1, {retirees}) AS s(n)"
    )
    _sql("SET session_replication_role = DEFAULT")
    for table in ("registry_unit", "registry_person", "contributions_monthlydeclaration",
                  "contributions_bill"):  # fmt: skip
        _sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
        )
    _sql("VACUUM ANALYZE")


def compute() -> dict[str, object]:
    from django.db import connection, transaction

    from shebao.pensions.award import awards_compute
    from shebao.pensions.models import AccountYear, Retiree

    queries = [0]

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries[0] += 1
        return execute(sql, params, many, context)

    profile = None
    if os.environ.get("BENCH_PROFILE"):  # where the time goes: the 25 costliest calls
        import cProfile

        profile = cProfile.Profile()
        profile.enable()
    t0 = time.perf_counter()
    with connection.execute_wrapper(count), transaction.atomic():
        retirees = list(Retiree.objects.select_related("person", "unit__region"))
        awards = awards_compute(retirees=retirees, reason="bench", by_id=None, case_id=None)
    seconds = time.perf_counter() - t0
    if profile is not None:
        import pstats

        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    total = sum(a.total for a in awards)
    return {
        "awards": len(awards),
        "account_years": AccountYear.objects.count(),
        "seconds": seconds,
        "queries": queries[0],
        "total": total,
        "first": awards[0] if awards else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--retirees", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=108)
    parser.add_argument("--db-suffix", default="bench_pension", help="the throwaway database")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("bench/pension_award.py needs DATABASE_URL=postgres://...", file=sys.stderr)
        return 2
    OUT.mkdir(exist_ok=True)
    url = bench_database_url(OUT, args.db_suffix)
    django_setup(url)
    try:
        t0 = time.perf_counter()
        load(args.retirees, args.months)
        print(
            f"loaded {args.retirees:,} retirees x {args.months} paid months "
            f"({args.retirees * args.months:,} detail rows) in {time.perf_counter() - t0:.1f} s"
        )
        result = compute()
        load_avg = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
        first = result["first"]
        print(
            f"awards: {result['awards']:,} retirees in {result['seconds']:.2f} s "
            f"({result['queries']} queries, {result['account_years']:,} account years), "
            f"total {result['total']:,.2f} a month"
        )
        if first is not None:
            print(
                f"first: index {first.average_index}, months {first.actual_months}+"
                f"{first.deemed_months}, account {first.account_balance}, "
                f"age {first.retirement_age} -> {first.payout_months}, "
                f"{first.basic_pension} + {first.account_pension} + "
                f"{first.transitional_pension} = {first.total}"
            )
        print(f"machine: {load_avg}")
        met = result["seconds"] <= TARGET_SECONDS * args.retirees / 10_000
        print(f"target <= {TARGET_SECONDS:.0f} s per 10,000: {'met' if met else 'NOT met'}")
        return 0
    finally:
        drop_bench_database(url)


if __name__ == "__main__":
    raise SystemExit(main())
