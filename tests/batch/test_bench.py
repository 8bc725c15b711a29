"""The benchmark script still runs end to end (on a tiny roster; the timing itself is not tested)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_bench_script_runs_on_a_small_roster(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}  # its own SQLite file
    env["PYTHONPATH"] = str(ROOT / "src")
    proc = subprocess.run(
        [sys.executable, "bench/import_roster.py", "--rows", "300", "--iie-rows", "100",
         "--out", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert "Shebao read_roster+validate_rows      300" in out
    assert "django-import-export ran on the first 100 rows only" in out
    assert "Ratio: Shebao is" in out
    assert "  e.g. 第 " in out and "行【" in out  # bad rows are reported with reasons
    assert (tmp_path / "roster_300.xlsx").exists()
