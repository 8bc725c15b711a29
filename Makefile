# Shebao: `make demo` serves the portal, `make test` runs the whole suite.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PYTHONPATH := src
PO := src/shebao/locale/en/LC_MESSAGES/django.po
MO := $(PO:.po=.mo)

.PHONY: demo test install system-deps lint types layers check-deploy check-migrations messages pytest bench bench-monthly worker beat clean

$(VENV)/.installed: requirements/base.lock requirements/dev.lock
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements/base.lock -r requirements/dev.lock
	touch $@

# axe-core for the browser tests' accessibility checks (tests/browser/conftest.py reads
# node_modules/axe-core/axe.min.js), pinned in package.json and package-lock.json.
node_modules/.installed: package.json package-lock.json | system-deps
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

# The English catalogue: msgids are the Chinese source, translations in src/shebao/locale/en.
# The .mo is built before pytest, demo and worker, not committed (msgfmt: GNU gettext, in
# scripts/system-deps.sh).
# `make messages` re-extracts after a text change (the specs' texts first: manage.py
# spec_texts); tests/ops/test_messages.py fails while an entry is missing, untranslated or
# fuzzy (it runs the same makemessages into a copy).
$(MO): $(PO) | system-deps
	msgfmt --check -o $@ $<

messages: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py spec_texts
	cd src/shebao && DEBUG=1 PYTHONPATH=$(CURDIR)/src $(abspath $(PY)) $(CURDIR)/manage.py \
		makemessages -l en --no-obsolete --add-location file

system-deps:
	./scripts/system-deps.sh

# The demo's own secrets, random and made once per checkout: with DEBUG=0 manage.py, the WSGI
# server and the workers refuse the public development SECRET_KEY (shebao/startup.py) and the
# public development encryption keys (shebao/core/crypto.py).
var/demo-secret-key:
	mkdir -p var
	$(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

var/demo-field-key:
	mkdir -p var
	$(PY) -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())" > $@

var/demo-lookup-key:
	mkdir -p var
	$(PY) -c "import secrets; print(secrets.token_urlsafe(32))" > $@

DEMO_KEYS := var/demo-secret-key var/demo-field-key var/demo-lookup-key
demo worker beat: export SECRET_KEY ?= $(shell cat var/demo-secret-key 2>/dev/null)
demo worker beat: export SHEBAO_FIELD_ENCRYPTION_KEYS ?= $(shell cat var/demo-field-key 2>/dev/null)
demo worker beat: export SHEBAO_LOOKUP_HMAC_KEY ?= $(shell cat var/demo-lookup-key 2>/dev/null)
demo: install system-deps $(MO) $(DEMO_KEYS)
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_demo
	$(PY) manage.py collectstatic --noinput -v0
	@echo ""
	@echo "  Shebao 单位社会保险网上经办平台: http://127.0.0.1:$(PORT)/"
	@echo "  单位经办人 demo_operator / Shebao-demo-2026"
	@echo "  经办机构审核人员 demo_reviewer / Shebao-demo-2026，动态口令: $(PY) manage.py otp_code demo_reviewer"
	@echo "  认证机构工作人员 demo_ca / Shebao-demo-2026，动态口令: $(PY) manage.py otp_code demo_ca"
	@echo ""
	$(PY) manage.py runserver 127.0.0.1:$(PORT) --noreload

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

types: install
	$(VENV)/bin/mypy src

# The import-linter contracts of pyproject.toml: apps layered one way, pki never imports the
# portal, policy never imports registry (issue #11 §3).
layers: install
	$(VENV)/bin/lint-imports

# `check --deploy` with production-like settings must report nothing (HSTS, https redirect,
# secure cookies, a real secret key and CA passphrase).
check-deploy: install
	DEBUG=0 ALLOWED_HOSTS=shebao.example.gov.cn \
	SECRET_KEY=check-deploy-only-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH \
	SHEBAO_CA_KEY_PASSPHRASE=check-deploy-only-ca-passphrase-0123456789abcdef \
	SHEBAO_FIELD_ENCRYPTION_KEYS=Y2hlY2stZGVwbG95LW9ubHktZmllbGQta2V5LTAxMjM= \
	SHEBAO_LOOKUP_HMAC_KEY=check-deploy-only-lookup-hmac-key-0123456789abcdef \
	SHEBAO_SECURE_SSL_REDIRECT=1 SHEBAO_SECURE_COOKIES=1 SHEBAO_SECURE_HSTS_SECONDS=31536000 \
	SHEBAO_SECURE_HSTS_INCLUDE_SUBDOMAINS=1 SHEBAO_SECURE_HSTS_PRELOAD=1 \
	$(PY) manage.py check --deploy --fail-level WARNING

# The models and the migrations agree: a model change without its migration fails here
# (--dry-run writes nothing). Merge migrations are refused by tests/ops/test_migrations.py.
check-migrations: install
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# Two pytest-xdist workers, one per core, a whole test file to each (its module fixtures and
# live servers stay together; each worker has its own test database): 9.5 min instead of 24.
pytest: install system-deps $(MO)
	$(VENV)/bin/pytest -q -n 2 --dist loadfile

test: lint types layers check-deploy check-migrations pytest

bench: install
	$(PY) bench/import_roster.py

bench-monthly: install
	$(PY) bench/monthly_declaration.py $(BENCH_ARGS)

worker: install $(MO) $(DEMO_KEYS)
	CELERY_TASK_ALWAYS_EAGER=0 $(VENV)/bin/celery -A shebao worker -l info --concurrency 2

# Sends the scheduled tasks of CELERY_BEAT_SCHEDULE (e.g. bills expiring at 01:00) to the
# workers; run exactly one. Without beat, cron `manage.py bills_expire` does the same.
beat: install $(DEMO_KEYS)
	mkdir -p var
	CELERY_TASK_ALWAYS_EAGER=0 $(VENV)/bin/celery -A shebao beat -l info --schedule var/celerybeat-schedule

clean:
	rm -rf $(VENV) var
