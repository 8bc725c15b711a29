"""Django settings. Every knob is an environment variable declared in ``shebao.conf``."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF

from .conf import env, env_bool, env_int
from .core.crypto import (
    DEV_FIELD_KEY,
    DEV_LOOKUP_HMAC_KEY,
    check_keys,
    parse_keys,
    running_tests,
)

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(
    env(
        "SHEBAO_VAR_DIR",
        str(PROJECT_DIR / "var"),
        "Folder for the SQLite file, uploads and generated files.",
    )
)

VAR_DIR.mkdir(parents=True, exist_ok=True)

#: DEV ONLY default, public in this repository: with DEBUG off, servers and workers refuse it
#: (``shebao.startup``); tests, mypy and the docs table still import these settings without it.
SECRET_KEY_DEV_DEFAULT = "dev-only-insecure-key-change-me"
SECRET_KEY = env(
    "SECRET_KEY",
    SECRET_KEY_DEV_DEFAULT,
    "Django secret key; set a long random value in production (with `DEBUG=0` the server, "
    "`manage.py` and the Celery worker refuse to start with this default).",
)
DEBUG = env_bool("DEBUG", False, "Django debug mode; never on in production.")
# Personal data at rest (shebao.core.crypto, docs/encryption-at-rest.md).
FIELD_ENCRYPTION_KEYS = parse_keys(
    env(
        "SHEBAO_FIELD_ENCRYPTION_KEYS",
        DEV_FIELD_KEY,
        "Comma-separated Fernet keys for ID numbers, mobiles, bank accounts and roster rows: "
        "the first encrypts, all decrypt (rotation: docs/encryption-at-rest.md). The dev "
        "default is refused when DEBUG=0.",
    )
)
LOOKUP_HMAC_KEY = env(
    "SHEBAO_LOOKUP_HMAC_KEY",
    DEV_LOOKUP_HMAC_KEY,
    "Secret of the HMAC-SHA256 look-up hash of ID numbers (`id_number_hash`); changing it "
    "needs `manage.py rehash_lookup_keys`. The dev default is refused when DEBUG=0.",
)
check_keys(
    field_keys=FIELD_ENCRYPTION_KEYS,
    hmac_key=LOOKUP_HMAC_KEY,
    debug=DEBUG,
    testing=running_tests(),
)
ALLOWED_HOSTS = env(
    "ALLOWED_HOSTS", "127.0.0.1,localhost,testserver", "Comma-separated host names served."
).split(",")

# HTTPS. Off by default so the local demo works over http; a deployment behind TLS turns them
# on (``make check-deploy`` shows the production values).
SECURE_SSL_REDIRECT = env_bool(
    "SHEBAO_SECURE_SSL_REDIRECT", False, "Redirect every http request to https (1 behind TLS)."
)
# CRLs are fetched over plain http by certificate validators (RFC 5280 practice).
SECURE_REDIRECT_EXEMPT = [r"^pki/crl/"]
SECURE_HSTS_SECONDS = env_int(
    "SHEBAO_SECURE_HSTS_SECONDS",
    0,
    "Strict-Transport-Security max-age in seconds; 0 sends none. Start small (3600), then "
    "31536000 once https works everywhere: browsers remember it.",
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool(
    "SHEBAO_SECURE_HSTS_INCLUDE_SUBDOMAINS", False, "Extend HSTS to every subdomain."
)
SECURE_HSTS_PRELOAD = env_bool(
    "SHEBAO_SECURE_HSTS_PRELOAD", False, "Ask browsers to preload HSTS (hard to undo)."
)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool(
    "SHEBAO_SECURE_COOKIES",
    False,
    "Send the session and CSRF cookies over https only (1 behind TLS).",
)
if env_bool(
    "SHEBAO_SECURE_PROXY_SSL_HEADER",
    False,
    "Trust `X-Forwarded-Proto: https` from the reverse proxy; only when the proxy always "
    "sets or strips that header.",
):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "shebao.identity.admin_config.ShebaoAdminConfig",  # django.contrib.admin on OTPAdminSite
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "shebao.core",
    "shebao.audit",
    "shebao.policy",
    "shebao.registry",
    "shebao.registration",  # after registry: its services register in the same order
    "shebao.contributions",
    "shebao.pensions",
    "shebao.unemployment",
    "shebao.retirement",
    "shebao.identity",
    "shebao.services",
    "shebao.cases",
    "shebao.documents",
    "shebao.portal",
    "shebao.backoffice",
    "shebao.api",
    "shebao.pki",
    "shebao.pki.selfservice",
    "shebao.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Not LocaleMiddleware (no language prefix in URLs): the language button's cookie, else
    # the browser's Accept-Language, else Chinese (shebao/core/language.py).
    "shebao.core.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "shebao.core.middleware.RefuseNulMiddleware",  # PostgreSQL text holds no NUL: 400, not 500
    "shebao.audit.context.LoginCertificateMiddleware",  # the certificate audit events name
]

ROOT_URLCONF = "shebao.urls"
WSGI_APPLICATION = "shebao.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shebao.identity.context.acting",
            ],
        },
    },
]

# Content-Security-Policy (django-csp): our pages load only our own static scripts and styles,
# with no inline script, event handler or style attribute (portal.js binds the behaviour); a
# page that really needs an inline <style> gives it ``nonce="{{ request.csp_nonce }}"``.
# QR codes are inline SVG or data: images. The PDF templates never reach a browser.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

DATABASES = {
    "default": dj_database_url.parse(
        env(
            "DATABASE_URL",
            f"sqlite:///{VAR_DIR / 'shebao.sqlite3'}",
            "Database URL; PostgreSQL in production and CI, SQLite for the embedded demo.",
        ),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded demo serves parallel requests: every transaction takes the write lock when it
    # begins (a read lock upgraded later fails at once with "database is locked"), waits up to
    # 30 s for it, and WAL lets readers go on while one writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL",
        }
    )
else:
    # One test database per test process, so parallel runs on one server never collide.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out username before the password
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int(
    "SHEBAO_LOGIN_FAILURE_LIMIT", 5, "Failed logins (password or TOTP) before the account locks."
)
AXES_COOLOFF_TIME = dt.timedelta(
    minutes=env_int("SHEBAO_LOGIN_LOCK_MINUTES", 15, "Minutes a locked account stays locked.")
)
# The account is locked, not the address: many units' HR staff sit behind one NAT address,
# and one typing a wrong password must not lock out the others (hence axes.W006 silenced).
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "shebao.identity.lockout.lockout_response"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "Shebao 社保经办"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, "Seconds a login session lasts.")
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The footer language button's cookie (shebao.core.language): https-only like the session's,
# never read by scripts.
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploaded materials live outside the web root and are served by a scoped view only.
MEDIA_ROOT = VAR_DIR / "private"
UPLOAD_MAX_BYTES = env_int(
    "SHEBAO_UPLOAD_MAX_BYTES",
    5 * 1024 * 1024,
    "Largest accepted material upload in bytes (Hubei: 5M).",
)
IMPORT_MAX_BYTES = env_int(
    "SHEBAO_IMPORT_MAX_BYTES", 50 * 1024 * 1024, "Largest accepted roster (报盘) file in bytes."
)
IMPORT_BACKGROUND_ROWS = env_int(
    "SHEBAO_IMPORT_BACKGROUND_ROWS",
    3000,
    "Rosters reaching more lines than this (as the file declares them, header included) are "
    "parsed and validated by a background worker with a progress bar, not in the request.",
)
IMPORT_MAX_UNPACKED_BYTES = env_int(
    "SHEBAO_IMPORT_MAX_UNPACKED_BYTES",
    256 * 1024 * 1024,
    "Largest total uncompressed size of an .xlsx roster; larger archives are refused unread.",
)
IMPORT_MAX_CELL_CHARS = env_int(
    "SHEBAO_IMPORT_MAX_CELL_CHARS",
    500,
    "Longest cell of a roster in characters; a longer one refuses the whole file.",
)
UPLOAD_MAX_PIXELS = env_int(
    "SHEBAO_UPLOAD_MAX_PIXELS",
    40_000_000,
    "Largest material image in pixels (width x height), read from the image header.",
)
IMPORT_LEASE_SECONDS = env_int(
    "SHEBAO_IMPORT_LEASE_SECONDS",
    120,
    "A background import whose worker has not reported for this many seconds (it reports every "
    "2,000 rows) is shown as 已中断, for the user to retry or abandon.",
)
IMPORT_ABANDON_HOURS = env_int(
    "SHEBAO_IMPORT_ABANDON_HOURS",
    24,
    "An interrupted import neither retried nor abandoned within this many hours is abandoned "
    "by the scheduled sweep: its uploaded file (ID numbers) is deleted.",
)
# Personal data kept no longer than needed (PIPL): ``manage.py purge_personal_data``.
DRAFT_RETENTION_DAYS = env_int(
    "SHEBAO_DRAFT_RETENTION_DAYS",
    30,
    "Days an untouched draft keeps its rows, roster files and materials before they are purged.",
)
UPLOAD_RETENTION_DAYS = env_int(
    "SHEBAO_UPLOAD_RETENTION_DAYS",
    7,
    "Days a finished roster import keeps its uploaded file before it is purged.",
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Background work: Celery on Redis. The embedded demo runs tasks in-process.
CELERY_BROKER_URL = env(
    "CELERY_BROKER_URL", "redis://127.0.0.1:6379/0", "Broker for background tasks."
)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool(
    "CELERY_TASK_ALWAYS_EAGER",
    True,
    "Run background tasks in the web process (embedded demo); 0 to use worker processes.",
)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
#: ``make beat`` (celery beat) sends these; cron users run the matching management command.
CELERY_BEAT_SCHEDULE = {
    # bills past their 缴费截止日期 become 已过期 (``manage.py bills_expire``)
    "bills-expire-overdue": {
        "task": "shebao.contributions.tasks.bills_expire_overdue",
        "schedule": crontab(hour=1, minute=0),
    },
    # imports whose worker died become 已中断; long-forgotten ones lose their file
    "imports-sweep": {
        "task": "shebao.cases.tasks.imports_sweep",
        "schedule": 60.0,
    },
    # abandoned drafts' rows and old roster files deleted (``manage.py purge_personal_data``)
    "personal-data-purge": {
        "task": "shebao.cases.tasks.personal_data_purge_due",
        "schedule": crontab(hour=2, minute=30),
    },
}

#: The site's public address, printed in QR codes (a bill's 扫码核验 opens it on a phone).
PUBLIC_BASE_URL = env(
    "SHEBAO_PUBLIC_BASE_URL",
    "",
    "Public base URL of the site for QR codes on printed documents, e.g. "
    "https://shebao.example.gov.cn; blank: the host the request came to.",
)

# Certificate authority (shebao.pki).
#: DEV ONLY default, for the demo and the tests: production must set its own secret.
CA_KEY_PASSPHRASE_DEV_DEFAULT = "dev-only-ca-passphrase-change-me"
CA_KEY_PASSPHRASE = env(
    "SHEBAO_CA_KEY_PASSPHRASE",
    CA_KEY_PASSPHRASE_DEV_DEFAULT,
    "Passphrase that encrypts the CA private keys stored in the database; set a long random "
    "secret in production (the dev default is refused by `manage.py check --deploy`).",
)
PKI_PUBLIC_URL = env(
    "SHEBAO_PKI_PUBLIC_URL",
    "http://127.0.0.1:8000",
    "Public base address written into certificates' CRL distribution points.",
)
PKI_CHALLENGE_SECONDS = env_int(
    "SHEBAO_PKI_CHALLENGE_SECONDS", 120, "Seconds a certificate-login challenge stays valid."
)
PKI_UPLOAD_MAX_BYTES = env_int(
    "SHEBAO_PKI_UPLOAD_MAX_BYTES",
    3 * 1024 * 1024,
    "Largest accepted certificate-order material in bytes (Chongqing: 3M = 3072KB).",
)

REDIS_URL = env(
    "REDIS_URL",
    "",
    "Redis for the shared cache (rate limits count across every web process and the API), "
    "e.g. redis://127.0.0.1:6379/1; blank: each process's own memory (the embedded demo).",
)
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
#: Validation (web add/edit/upload, API validate/declare) and person look-ups, per operator and
#: per unit (issue #10 §2); see shebao.identity.ratelimit.
SHEBAO_RATE_LIMITS = {
    scope: {
        "operator": env(
            f"SHEBAO_RATE_{scope.upper()}_OPERATOR",
            operator,
            f"Most {what} one operator may make (count/s, /min, /hour or /day).",
        ),
        "unit": env(
            f"SHEBAO_RATE_{scope.upper()}_UNIT",
            unit,
            f"Most {what} all operators of one unit may make together.",
        ),
    }
    for scope, what, operator, unit in (
        ("validate", "validation requests", "60/min", "120/min"),
        ("lookup", "person look-ups", "60/min", "120/min"),
    )
}
#: Bulk person look-ups are written to the access audit (see shebao.registry.lookup_audit and shebao.audit.lookups).
AUDIT_FOREIGN_IDS = env_int(
    "SHEBAO_AUDIT_FOREIGN_IDS",
    20,
    "A validation request whose rows name at least this many registered persons not related to "
    "the acting unit (not its staff or project workers) is written to the access audit.",
)
AUDIT_LOOKUPS_PER_HOUR = env_int(
    "SHEBAO_AUDIT_LOOKUPS_PER_HOUR",
    200,
    "An operator passing this many person look-ups in one hour (such persons in validated rows, "
    "searches and picks in the look-up dialog) is written to the access audit, once an hour.",
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "shebao.api.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "shebao.api.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
}
# API tokens (django-rest-knox): hashed, one per login, expiring, renewed while in use.
KNOX_TOKEN_MODEL = "knox.AuthToken"  # knox's own; shebao.api.TokenOrigin stands beside it
REST_KNOX = {
    "TOKEN_TTL": dt.timedelta(
        hours=env_int("SHEBAO_API_TOKEN_HOURS", 8, "Hours an API token lives after its last use.")
    ),
    "AUTO_REFRESH": True,
    "AUTO_REFRESH_MAX_TTL": dt.timedelta(
        hours=env_int(
            "SHEBAO_API_TOKEN_MAX_HOURS",
            24,
            "Hours after login when an API token expires however much it is used.",
        )
    ),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Shebao API",
    "DESCRIPTION": "单位社会保险网上经办平台 REST API. Every endpoint is scoped to the acting unit or the reviewer's region.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and Redoc served from our own static files (drf-spectacular-sidecar), no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Two rosters name different choice sets change_type: name each, so the schema is stable.
    "ENUM_NAME_OVERRIDES": {
        "RosterChangeTypeEnum": "shebao.registration.specs.project_roster_core.CHANGE_TYPES",
        "CqChangeTypeEnum": "shebao.registration.specs.project_cq.CQ_CHANGE_TYPES",
        "IdTypeEnum": "shebao.registry.choices.ID_TYPES",
        "ResidentIdTypeEnum": "shebao.registration.specs.project_roster.RESIDENT_ID_ONLY",
        "YesNoEnum": "shebao.retirement.choices.YES_NO",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING", "Root log level.")},
}
