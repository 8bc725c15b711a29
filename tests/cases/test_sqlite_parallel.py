"""The embedded SQLite default takes parallel submissions without "database is locked"
(issue #10 §5: 46 of 50 answered 500 before). Runs ``sqlite_parallel`` in a process of its own on
a temporary SQLite file with the settings' own SQLite options, whatever this session's database."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]
PARALLEL = 50


@pytest.mark.slow
def test_fifty_parallel_submissions_on_a_sqlite_file_get_no_server_error(tmp_path):
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        DATABASE_URL=f"sqlite:///{tmp_path / 'shebao.sqlite3'}",
        SHEBAO_VAR_DIR=str(tmp_path),
        # its own database: its own keys, as a production process would have
        SHEBAO_FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        SHEBAO_LOOKUP_HMAC_KEY=secrets.token_urlsafe(32),
    )
    done = subprocess.run(
        [sys.executable, "-m", "tests.cases.sqlite_parallel", str(PARALLEL)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])

    assert result["errors"] == [], done.stderr[-3000:]
    assert result["server_errors"] == 0
    assert result["requests"] == 3 * PARALLEL  # step 1, 添加校验, 确认提交 for each
    assert result["under_review"] == PARALLEL and result["serials_unique"]
