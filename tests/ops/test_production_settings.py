"""Production settings: ``check --deploy`` is clean with production-like variables, and a server
or worker refuses the public development SECRET_KEY when DEBUG is off (issue #10 §7)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REFUSED = "SECRET_KEY is the public development default while DEBUG is off"

PRODUCTION = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "shebao.example.gov.cn",
    "SECRET_KEY": "test-only-production-key-0123456789abcdefghijklmnopqrstuvwxyzABCD",
    "SHEBAO_CA_KEY_PASSPHRASE": "test-only-ca-passphrase-0123456789abcdefghijklmn",
    "SHEBAO_SECURE_SSL_REDIRECT": "1",
    "SHEBAO_SECURE_COOKIES": "1",
    "SHEBAO_SECURE_HSTS_SECONDS": "31536000",
    "SHEBAO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SHEBAO_SECURE_HSTS_PRELOAD": "1",
}
#: Production-like encryption keys (the public development ones are refused with DEBUG=0 before
#: the SECRET_KEY is looked at): every subprocess gets them, so each test sees its own refusal.
KEYS = {
    "SHEBAO_FIELD_ENCRYPTION_KEYS": "dGVzdC1vbmx5LWZpZWxkLWtleS0wMTIzNDU2Nzg5YWI=",
    "SHEBAO_LOOKUP_HMAC_KEY": "test-only-lookup-hmac-key-0123456789abcdefghij",
}


def _env(**overrides: str) -> dict[str, str]:
    """The caller's environment without any deployment variable, plus ``overrides``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"DATABASE_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        and not k.startswith("SHEBAO_SECURE_")
        and k != "SHEBAO_CA_KEY_PASSPHRASE"
    }
    env["PYTHONPATH"] = str(ROOT / "src")
    env.update(KEYS)
    env.update(overrides)
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_passes_with_production_variables():
    proc = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _env(**PRODUCTION))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "System check identified no issues" in proc.stdout


def test_https_settings_come_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, "
        "s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_PROXY_SSL_HEADER)"
    )
    on = _env(
        **PRODUCTION, SHEBAO_SECURE_PROXY_SSL_HEADER="1", DJANGO_SETTINGS_MODULE="shebao.settings"
    )
    proc = _run(["-c", code], on)
    assert proc.stdout.split() == [
        "31536000", "True", "True", "True", "True", "True", "('HTTP_X_FORWARDED_PROTO',", "'https')"
    ], proc.stderr  # fmt: skip
    # the local demo runs over http: nothing https-only unless asked for
    proc = _run(["-c", code], _env(DJANGO_SETTINGS_MODULE="shebao.settings"))
    assert proc.stdout.split() == ["0", "False", "False", "False", "False", "False", "None"]


def test_manage_py_refuses_the_default_secret_key_when_debug_is_off():
    proc = _run(["manage.py", "check"], _env(DEBUG="0"))
    assert proc.returncode != 0
    assert "ImproperlyConfigured" in proc.stderr and REFUSED in proc.stderr


def test_wsgi_refuses_the_default_secret_key_when_debug_is_off():
    proc = _run(["-c", "import shebao.wsgi"], _env())
    assert proc.returncode != 0
    assert REFUSED in proc.stderr


@pytest.mark.slow
def test_celery_worker_refuses_the_default_secret_key_when_debug_is_off():
    proc = _run(["-m", "celery", "-A", "shebao", "worker", "--pool", "solo"], _env())
    assert proc.returncode != 0
    assert REFUSED in proc.stderr


def test_local_development_may_use_the_default_key_with_debug_on():
    proc = _run(["manage.py", "check"], _env(DEBUG="1"))
    assert proc.returncode == 0, proc.stderr
