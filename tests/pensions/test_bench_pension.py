"""The pension award benchmark still runs end to end (tiny scale; timing not tested)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="PostgreSQL only"
)
def test_pension_award_bench_runs_at_a_tiny_scale():
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "bench/pension_award.py", "--retirees", "30", "--months", "12",
         "--db-suffix", "bench_pension_test"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert "loaded 30 retirees x 12 paid months (360 detail rows)" in out
    # set-based: the same handful of queries whatever the number of retirees
    found = re.search(r"awards: 30 retirees in [\d.]+ s \((\d+) queries", out)
    assert found and int(found[1]) < 30, out
    assert "machine:" in out and "load average" in out
