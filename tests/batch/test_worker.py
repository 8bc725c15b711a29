"""A real Celery worker (separate process, Redis broker) imports a 5,000-row roster."""

import datetime as dt
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from unittest import mock
from urllib.parse import quote

import pytest
from django.db import connection

from shebao import celery_app
from shebao.cases import services as cases
from shebao.cases import tasks
from shebao.cases.imports import import_start
from shebao.cases.models import RowImport
from tests import factories
from tests.batch.files import ENROLMENT, filled_template

ROOT = Path(__file__).resolve().parents[2]
BROKER = "redis://127.0.0.1:6379/0"
ROWS = 5000


def redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def database_url() -> str:
    cfg = connection.settings_dict
    auth = quote(cfg["USER"] or "") + (":" + quote(cfg["PASSWORD"]) if cfg["PASSWORD"] else "")
    return f"postgres://{auth}@{cfg['HOST'] or '127.0.0.1'}:{cfg['PORT'] or 5432}/{cfg['NAME']}"


def rows(count):
    start = dt.date(1970, 1, 1)
    return [
        {
            "id_number": factories.id_number(start + dt.timedelta(days=n), seq=n % 500),
            "name": "工人" + "甲乙丙丁戊己庚辛壬癸"[n % 10],
            "ethnicity": "01 汉族",
            "work_start_date": "2024-03-01",
            "monthly_wage": "5000",
            "pension": "√",
            "unemployment": "√",
            "mobile": f"139{n:08d}",
        }
        for n in range(count)
    ]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_real_worker_imports_a_5000_row_roster(unit, operator, settings, tmp_path):
    if not redis_up():
        pytest.skip("Redis is not reachable on 127.0.0.1:6379 (start redis-server to run this)")
    if connection.vendor != "postgresql":
        pytest.skip(
            "a worker process cannot share SQLite's in-memory test database; "
            "run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/shebao"
        )
    settings.MEDIA_ROOT = tmp_path / "private"
    queue = f"test-import-{uuid.uuid4().hex[:8]}"
    log = (tmp_path / "worker.log").open("w")
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT / "src"),
        DATABASE_URL=database_url(),
        CELERY_TASK_ALWAYS_EAGER="0",
        CELERY_BROKER_URL=BROKER,
        SHEBAO_VAR_DIR=str(tmp_path),
        # a worker refuses the public development key when DEBUG is off (shebao.startup)
        SECRET_KEY="test-only-worker-key-" + uuid.uuid4().hex * 2,
        # ... and the public development encryption keys, which the test data is written with
        # (the test runner may use them); DEBUG lets this worker read that data
        DEBUG="1",
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "shebao", "worker", "--pool", "solo",
         "-Q", queue, "--loglevel", "info", "--without-gossip", "--without-mingle",
         "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        case = cases.case_start(service_code=ENROLMENT, unit=unit, operator=operator)
        data = filled_template(rows(ROWS))
        send = lambda pk: tasks.import_rows.apply_async((pk,), queue=queue)  # noqa: E731
        with mock.patch.object(tasks.import_rows, "delay", send):
            row_import = import_start(case=case, data=data, filename="5000.xlsx", actor=operator)
        # Not parsed in the request: the worker counts the rows.
        assert row_import.status == RowImport.Status.PENDING and row_import.total == 0

        deadline = time.monotonic() + 180
        seen = set()
        while time.monotonic() < deadline:
            row_import.refresh_from_db()
            seen.add(row_import.status)
            if row_import.status in (RowImport.Status.DONE, RowImport.Status.FAILED):
                break
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
            time.sleep(0.2)
        assert row_import.status == RowImport.Status.DONE, (
            row_import.error or (tmp_path / "worker.log").read_text()
        )
        assert (row_import.processed, row_import.passed, row_import.failed) == (ROWS, ROWS, 0)
        assert case.rows.count() == ROWS and case.rows.filter(passed=True).count() == ROWS
        assert not (settings.MEDIA_ROOT / row_import.file.name).exists()
        log.flush()
        assert "shebao.cases.tasks.import_rows" in (tmp_path / "worker.log").read_text()
    finally:
        celery_app.conf.task_always_eager = eager
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        log.close()
        import redis

        redis.Redis.from_url(BROKER).delete(
            queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
        )
