"""The monthly declaration benchmark still runs end to end (tiny scale; timing not tested)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_monthly_declaration_bench_runs_at_a_tiny_scale(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}  # its own SQLite file
    env["PYTHONPATH"] = str(ROOT / "src")
    proc = subprocess.run(
        [sys.executable, "bench/monthly_declaration.py", "--units", "20", "--persons", "1200",
         "--unit-persons", "400", "--orm-persons", "200", "--out", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert "1 region, 20 units, 1,200 persons (2,400 enrolments" in out
    # 2 % stopped and 1 % starting later are not due: 400 -> 388 persons, two lines each
    assert re.search(r"\(a\) one unit 202503, cases service path +388 +776 ", out), out
    assert "same totals as the service path" in out  # the naive loop agrees to the cent
    assert "the service path is" in out and "x faster" in out
    region = re.search(r"\(c\) region: 20 units, 40 declarations, ([\d,]+) detail rows", out)
    assert region, out
    assert int(region[1].replace(",", "")) == 2 * 1164  # 1,200 less 3 %
    assert (tmp_path / "bench_monthly.sqlite3").exists()
