"""The 参保证明 benchmark still runs end to end (tiny scale; timing not tested)."""

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
def test_certificate_bench_runs_at_a_tiny_scale():
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "bench/participation_certificate.py", "--persons", "30",
         "--months", "4", "--pdf-persons", "3", "--db-suffix", "bench_certificate_test"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert "loaded 30 persons x 4 months x 3 types (360 detail rows)" in out
    found = re.search(r"read: 120 lines of 30 persons in [\d.]+ s \((\d+) queries\)", out)
    assert found and int(found[1]) == 2, out
    assert re.search(r"pdf: 3 persons \(12 lines\), \d+ pages", out), out
    assert "machine:" in out and "load average" in out
