"""Benchmark: a 100,000-row enrolment roster through Shebao's import pipeline vs django-import-export.

    PYTHONPATH=src .venv/bin/python bench/import_roster.py [--rows 100000] [--iie-rows 10000]

Sets up a throwaway database (SQLite in bench/out/, or a fresh ``<name>_bench`` database on
the PostgreSQL server of DATABASE_URL), a region and a unit with some staff already insured,
writes the roster .xlsx to bench/out/ (realistic names, valid ID numbers, ~2 % bad rows of
every kind the validator explains), then runs each side in its own process so that peak
memory is measured per side:

(a) Shebao: ``read_roster`` + ``validate_rows`` for hb_employee_enrolment, the real pipeline
    with its database checks (existing persons and enrolments, duplicates in the file);
(b) django-import-export: a ModelResource over a comparable model (same columns, the same ID
    number / mobile / 民族 validators) doing ``import_data(dataset, dry_run=True)`` on the same
    file loaded with tablib. It is slow, so by default it runs on the first --iie-rows rows
    of the same roster and its rows/s is extrapolated to the full size (the output says so).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(ROOT / "src"))

CODE = "hb_employee_enrolment"
UNIT_NO = "420100001"
OTHER_UNIT_NO = "420100002"
SEED = 20260301
EXISTING = 2000  # persons already insured elsewhere; some of them appear in the roster
HEADERS = [
    "序号",
    "单位编号",
    "单位名称",
    "身份证号码",
    "姓名",
    "民族",
    "本次申报参工时间",
    "月缴费工资",
    "参保险种/城镇职工养老保险 (A)",
    "参保险种/失业保险 (√)",
    "参保险种/工伤保险 (√)",
    "联系电话 (手机)",
]


# -- set-up ------------------------------------------------------------------------------


def bench_database_url(out: Path, suffix: str = "bench") -> str:
    """A throwaway database: SQLite in bench/out, or ``<name>_<suffix>`` next to DATABASE_URL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        path = out / f"{suffix}.sqlite3"
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    name = f"{cfg['NAME']}_{suffix}"
    admin = psycopg.connect(
        host=cfg["HOST"] or None,
        port=cfg["PORT"] or None,
        user=cfg["USER"] or None,
        password=cfg["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name


def drop_bench_database(database_url: str) -> None:
    """Remove the throwaway PostgreSQL database (the SQLite file stays in bench/out/)."""
    if not database_url.startswith("postgres"):
        return
    import dj_database_url
    import psycopg
    from django.db import connections

    connections.close_all()
    cfg = dj_database_url.parse(database_url)
    with psycopg.connect(
        host=cfg["HOST"] or None,
        port=cfg["PORT"] or None,
        user=cfg["USER"] or None,
        password=cfg["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{cfg["NAME"]}"')


def django_setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shebao.settings")
    os.environ.setdefault("SHEBAO_VAR_DIR", str(OUT / "var"))  # never the project's var/
    # Fresh keys, as in production (the public dev keys are refused with DEBUG=0); the
    # sides inherit them from this process's environment.
    from cryptography.fernet import Fernet

    os.environ.setdefault("SHEBAO_FIELD_ENCRYPTION_KEYS", Fernet.generate_key().decode())
    os.environ.setdefault("SHEBAO_LOOKUP_HMAC_KEY", Fernet.generate_key().decode())
    import django

    django.setup()


def seed_database(rng: random.Random, people: list[dict[str, Any]]) -> None:
    """Region, the unit (all three types), another unit whose staff partly reappear."""
    from django.core.management import call_command

    from shebao.policy.models import Region
    from shebao.registry.choices import EnrolmentStatus, InsuranceType
    from shebao.registry.models import Enrolment, Person, Unit, UnitInsurance

    call_command("migrate", verbosity=0)
    region = Region.objects.create(code="420100", name="武汉市", is_provincial_level=False)
    units = []
    for no, name, code in (
        (UNIT_NO, "武汉长江机械制造有限公司", "91420100MA4K000017"),
        (OTHER_UNIT_NO, "武汉汉江物流有限公司", "91420100MA4K000025"),
    ):
        unit = Unit.objects.create(unit_no=no, name=name, credit_code=code, region=region)
        for t in InsuranceType:
            UnitInsurance.objects.create(
                unit=unit, insurance_type=t, start_date=dt.date(2000, 1, 1)
            )
        units.append(unit)
    persons = [
        Person(
            person_no=str(10_000_000_000 + i),
            id_number=p["id"],
            name=p["name"],
            gender="1",
            birth_date=p["birth"],
            ethnicity="汉族",
        )
        for i, p in enumerate(people)
    ]
    Person.objects.bulk_create(persons, batch_size=1000)
    saved = {p.id_number: p for p in Person.objects.all()}
    Enrolment.objects.bulk_create(
        [
            Enrolment(
                person=saved[p["id"]],
                unit=units[1],
                insurance_type=InsuranceType.PENSION,
                status=EnrolmentStatus.ACTIVE,
                start_period="202001",
                start_date=dt.date(2020, 1, 1),
            )
            for p in people
        ],
        batch_size=1000,
    )


# -- the roster --------------------------------------------------------------------------


def make_people(rng: random.Random, count: int, used: set[str]) -> list[dict[str, Any]]:
    from shebao.core.ids import check_digit
    from shebao.demo.names import GIVEN, SURNAMES, generation
    from shebao.demo.roster import HUBEI_AREAS, MOBILE_PREFIXES

    surnames = [s for s, _w in SURNAMES]
    weights = [w for _s, w in SURNAMES]
    areas = [a for a, _w in HUBEI_AREAS]
    area_weights = [w for _a, w in HUBEI_AREAS]
    people = []
    while len(people) < count:
        male = rng.random() < 0.55
        birth = dt.date(rng.randint(1966, 2004), 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        area = rng.choices(areas, area_weights)[0]
        order = rng.randint(0, 499) * 2 + (1 if male else 0)
        body = f"{area}{birth:%Y%m%d}{order:03d}"
        ident = body + check_digit(body)
        if ident in used:
            continue
        used.add(ident)
        gender = "1" if male else "2"
        name = rng.choices(surnames, weights)[0] + rng.choice(
            GIVEN[(generation(birth.year), gender)]
        )
        people.append(
            {
                "id": ident,
                "name": name,
                "birth": birth,
                "mobile": rng.choice(MOBILE_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}",
            }
        )
    return people


def roster_rows(rng: random.Random, rows: int, existing: list[dict[str, Any]]) -> list[list[Any]]:
    """Data rows in the manual's column order; about 2 % are bad in one way or another."""
    from shebao.registry.choices import ETHNICITY_CODED

    people = make_people(rng, rows, {p["id"] for p in existing})
    ethnic = [(ETHNICITY_CODED[0], 92), (ETHNICITY_CODED[14], 4), (ETHNICITY_CODED[2], 2)]
    out: list[list[Any]] = []
    for n, person in enumerate(people, start=1):
        start = dt.date(2025, rng.randint(1, 12), 1)
        wage: Any = float(rng.randint(250, 1500) * 10)
        row: list[Any] = [
            str(n),
            UNIT_NO if rng.random() < 0.3 else "",
            "",
            person["id"],
            person["name"],
            rng.choices([e for e, _w in ethnic], [w for _e, w in ethnic])[0],
            start if rng.random() < 0.5 else start.isoformat(),
            wage,
            "√",
            "√",
            "√" if rng.random() < 0.7 else "",
            person["mobile"],
        ]
        roll = rng.random()
        if roll < 0.004:  # wrong check digit
            ident = person["id"]
            row[3] = ident[:17] + ("0" if ident[17] != "0" else "1")
        elif roll < 0.006:  # typed as a number: Excel kept 15 digits
            row[3] = float(person["id"][:15] + "000") if person["id"][17] != "X" else person["id"]
        elif roll < 0.008:  # old 15-digit number
            row[3] = person["id"][:6] + person["id"][8:17]
        elif roll < 0.010:  # unknown 民族
            row[5] = "99 火星族"
        elif roll < 0.012:  # duplicate of an earlier row
            if out:
                row[3] = out[rng.randrange(len(out))][3]
        elif roll < 0.014:  # impossible date
            row[6] = "2025-02-30"
        elif roll < 0.016:  # bad mobile
            row[11] = "1380013800"
        elif roll < 0.017:  # missing name
            row[4] = ""
        elif roll < 0.020 and existing:  # already insured in another unit
            other = existing[rng.randrange(len(existing))]
            row[3], row[4] = other["id"], other["name"]
        out.append(row)
    return out


def write_roster(path: Path, rows: list[list[Any]]) -> None:
    """One header row in the manual's style (both sides read it), XlsxWriter for speed."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("在职职工增员申报表")
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADERS)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
            elif isinstance(value, float):
                sheet.write_number(r, c, value)
            elif value != "":
                sheet.write_string(r, c, value)
    book.close()


# -- the two sides, each in its own process ----------------------------------------------


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def side_shebao(path: Path) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from shebao.cases.models import Case
    from shebao.cases.rows import store_rows
    from shebao.registry.models import Unit
    from shebao.services.batch.gcpause import gc_paused
    from shebao.services.batch.readers import read_roster
    from shebao.services.registry import registry
    from shebao.services.validation import validate_rows

    spec = registry[CODE]
    unit = Unit.objects.select_related("region").get(unit_no=UNIT_NO)
    before = peak_mb()
    c0, t0 = time.process_time(), time.perf_counter()
    data = path.read_bytes()
    roster = read_roster(spec, data, path.name)
    t1 = time.perf_counter()
    result = validate_rows(spec=spec, unit=unit, rows=roster.rows)
    c2, t2 = time.process_time(), time.perf_counter()
    # What an import then stores: every row as a CaseRow (raw, cleaned: encrypted at rest).
    operator = get_user_model().objects.create_user("bench_operator")
    case = Case.objects.create(service_code=CODE, unit=unit, region=unit.region, operator=operator)
    c3, t3 = time.process_time(), time.perf_counter()
    with gc_paused():
        store_rows(case, result.rows, replace=True)
    c4, t4 = time.process_time(), time.perf_counter()
    failed = result.failed
    return {
        "rows": roster.total,
        "read_s": t1 - t0,
        "validate_s": t2 - t1,
        "seconds": t2 - t0,
        "store_s": t4 - t3,
        # this process's CPU time: less bent by other jobs on a shared machine than wall time
        "cpu_s": c2 - c0,
        "store_cpu_s": c4 - c3,
        "passed": len(result.rows) - len(failed),
        "failed": len(failed),
        "peak_mb": peak_mb(),
        "baseline_mb": before,
        "sample_errors": [str(e) for item in failed[:6] for e in item.errors[:1]],
    }


def side_iie(path: Path) -> dict[str, Any]:
    import tablib
    from django.core.exceptions import ValidationError
    from django.core.validators import MinValueValidator, RegexValidator
    from django.db import connection, models
    from import_export import fields, resources, widgets

    from shebao.core.errors import InvalidValue
    from shebao.core.ids import IdNumber
    from shebao.registry.choices import ETHNICITY_CODED

    def valid_id_number(value: str) -> None:
        try:
            IdNumber.parse(value)
        except InvalidValue as exc:
            raise ValidationError(str(exc))

    class BenchEnrolment(models.Model):
        unit_no = models.CharField(max_length=12, blank=True)
        unit_name = models.CharField(max_length=100, blank=True)
        id_number = models.CharField(max_length=18, unique=True, validators=[valid_id_number])
        name = models.CharField(
            max_length=30, validators=[RegexValidator(r"^[\u3400-\u9fff·]{2,30}$")]
        )
        ethnicity = models.CharField(max_length=10, choices=[(e, e) for e in ETHNICITY_CODED])
        work_start_date = models.DateField()
        monthly_wage = models.DecimalField(
            max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
        )
        pension = models.BooleanField(default=False)
        unemployment = models.BooleanField(default=False)
        work_injury = models.BooleanField(default=False)
        mobile = models.CharField(max_length=11, validators=[RegexValidator(r"^1[3-9]\d{9}$")])

        class Meta:
            app_label = "registry"
            db_table = "bench_iie_enrolment"
            managed = False

    with connection.schema_editor() as editor:
        editor.create_model(BenchEnrolment)

    class TickWidget(widgets.BooleanWidget):
        def clean(self, value: Any, row: Any = None, **kwargs: Any) -> bool:
            return str(value or "").strip() == "√"

    def text(attribute: str, column: str) -> fields.Field:
        return fields.Field(attribute=attribute, column_name=column, widget=widgets.CharWidget())

    class BenchResource(resources.ModelResource):
        unit_no = text("unit_no", "单位编号")
        unit_name = text("unit_name", "单位名称")
        id_number = text("id_number", "身份证号码")
        name = text("name", "姓名")
        ethnicity = text("ethnicity", "民族")
        work_start_date = fields.Field(
            attribute="work_start_date",
            column_name="本次申报参工时间",
            widget=widgets.DateWidget("%Y-%m-%d"),
        )
        monthly_wage = fields.Field(
            attribute="monthly_wage", column_name="月缴费工资", widget=widgets.DecimalWidget()
        )
        pension = fields.Field(
            attribute="pension", column_name="参保险种/城镇职工养老保险 (A)", widget=TickWidget()
        )
        unemployment = fields.Field(
            attribute="unemployment", column_name="参保险种/失业保险 (√)", widget=TickWidget()
        )
        work_injury = fields.Field(
            attribute="work_injury", column_name="参保险种/工伤保险 (√)", widget=TickWidget()
        )
        mobile = text("mobile", "联系电话 (手机)")

        class Meta:
            model = BenchEnrolment
            import_id_fields = ("id_number",)
            fields = (
                "unit_no",
                "unit_name",
                "id_number",
                "name",
                "ethnicity",
                "work_start_date",
                "monthly_wage",
                "pension",
                "unemployment",
                "work_injury",
                "mobile",
            )
            clean_model_instances = True
            skip_unchanged = False
            use_transactions = True

    before = peak_mb()
    t0 = time.perf_counter()
    with path.open("rb") as handle:
        dataset = tablib.Dataset().load(handle, format="xlsx")
    t1 = time.perf_counter()
    result = BenchResource().import_data(dataset, dry_run=True, raise_errors=False)
    t2 = time.perf_counter()
    invalid = len(result.invalid_rows) + len(result.row_errors())
    return {
        "rows": len(dataset),
        "read_s": t1 - t0,
        "validate_s": t2 - t1,
        "seconds": t2 - t0,
        "passed": len(dataset) - invalid,
        "failed": invalid,
        "peak_mb": peak_mb(),
        "baseline_mb": before,
    }


def run_side(side: str, path: Path, database_url: str) -> dict[str, Any]:
    env = dict(os.environ, DATABASE_URL=database_url, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.run(
        [sys.executable, __file__, "--side", side, "--file", str(path)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"{side} side failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- main --------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--iie-rows",
        type=int,
        default=10_000,
        help="rows given to django-import-export (0 = all); its rows/s is extrapolated",
    )
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the files (bench/out)")
    parser.add_argument("--side", choices=["shebao", "iie"], help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.side:
        django_setup(os.environ["DATABASE_URL"])
        result = side_shebao(args.file) if args.side == "shebao" else side_iie(args.file)
        print(json.dumps(result, ensure_ascii=False))
        return

    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    os.environ["SHEBAO_VAR_DIR"] = str(out / "var")
    database_url = bench_database_url(out)
    django_setup(database_url)
    rng = random.Random(SEED)
    t0 = time.perf_counter()
    existing = make_people(rng, EXISTING, set())
    seed_database(rng, existing)
    rows = roster_rows(rng, args.rows, existing[: EXISTING // 2])
    full = out / f"roster_{args.rows}.xlsx"
    write_roster(full, rows)
    iie_rows = args.iie_rows if 0 < args.iie_rows < args.rows else args.rows
    sample = full
    if iie_rows < args.rows:
        sample = out / f"roster_{args.rows}_first_{iie_rows}.xlsx"
        write_roster(sample, rows[:iie_rows])
    engine = database_url.split(":", 1)[0]
    print(
        f"Set-up: {engine} database, {EXISTING} persons already insured, roster {full.name} "
        f"({args.rows:,} rows, {full.stat().st_size / 1e6:.1f} MB) written in "
        f"{time.perf_counter() - t0:.1f} s; {os.cpu_count()} CPUs"
    )

    try:
        shebao = run_side("shebao", full, database_url)
        iie = run_side("iie", sample, database_url)
    finally:
        drop_bench_database(database_url)

    shebao_rate = shebao["rows"] / shebao["seconds"]
    iie_rate = iie["rows"] / iie["seconds"]
    print()
    print(
        f"{'':32}{'rows':>9}{'read s':>9}{'check s':>9}{'total s':>9}{'rows/s':>10}{'peak MB':>9}"
    )
    for label, r, rate in (
        ("Shebao read_roster+validate_rows", shebao, shebao_rate),
        ("django-import-export dry run", iie, iie_rate),
    ):
        print(
            f"{label:32}{r['rows']:>9,}{r['read_s']:>9.2f}{r['validate_s']:>9.2f}"
            f"{r['seconds']:>9.2f}{rate:>10,.0f}{r['peak_mb']:>9.0f}"
        )
    print()
    print(
        f"Shebao: {shebao['rows']:,} rows in {shebao['seconds']:.2f} s, {shebao['passed']:,} passed, "
        f"{shebao['failed']:,} failed; peak RSS {shebao['peak_mb']:.0f} MB "
        f"(process with Django loaded before the run: {shebao['baseline_mb']:.0f} MB)"
    )
    print(
        f"Shebao: storing the {shebao['rows']:,} validated rows as case rows took "
        f"{shebao['store_s']:.2f} s (read + check + store: "
        f"{shebao['seconds'] + shebao['store_s']:.2f} s); CPU time of the process: "
        f"read + check {shebao['cpu_s']:.2f} s, store {shebao['store_cpu_s']:.2f} s"
    )
    for line in shebao["sample_errors"]:
        print(f"  e.g. {line}")
    if iie["rows"] < shebao["rows"]:
        projected = shebao["rows"] / iie_rate
        print(
            f"django-import-export ran on the first {iie['rows']:,} rows only (it is slow); "
            f"at {iie_rate:,.0f} rows/s the {shebao['rows']:,} rows would take about "
            f"{projected:,.0f} s (extrapolated). Peak RSS {iie['peak_mb']:.0f} MB for the sample."
        )
    else:
        print(
            f"django-import-export: {iie['rows']:,} rows in {iie['seconds']:.2f} s, "
            f"peak RSS {iie['peak_mb']:.0f} MB"
        )
    ratio = shebao_rate / iie_rate
    print(f"Ratio: Shebao is {ratio:.1f}x faster (rows/s).")
    ok_time = shebao["seconds"] <= 10 * shebao["rows"] / 100_000
    ok_mem = shebao["peak_mb"] <= 1024
    print(
        "Targets (100k rows <= 10 s, <= 1 GB, >= 20x): "
        f"time {'met' if ok_time else 'MISSED'}, memory {'met' if ok_mem else 'MISSED'}, "
        f"ratio {'met' if ratio >= 20 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
