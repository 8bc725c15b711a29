# Shebao: `make demo` serves the portal, `make test` runs the whole suite.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PYTHONPATH := src

.PHONY: demo test install system-deps lint types pytest bench bench-monthly worker beat clean

$(VENV)/.installed: requirements/base.lock requirements/dev.lock
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements/base.lock -r requirements/dev.lock
	touch $@

install: $(VENV)/.installed

system-deps:
	./scripts/system-deps.sh

# The demo runs on the public dev keys (shebao.core.crypto), which are refused unless DEBUG=1.
demo: export DEBUG ?= 1
demo: install system-deps
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

pytest: install system-deps
	$(VENV)/bin/pytest -q

test: lint types pytest

bench: install
	$(PY) bench/import_roster.py

bench-monthly: install
	$(PY) bench/monthly_declaration.py $(BENCH_ARGS)

worker: install
	CELERY_TASK_ALWAYS_EAGER=0 $(VENV)/bin/celery -A shebao worker -l info --concurrency 2

# Sends the scheduled tasks of CELERY_BEAT_SCHEDULE (e.g. bills expiring at 01:00) to the
# workers; run exactly one. Without beat, cron `manage.py bills_expire` does the same.
beat: install
	mkdir -p var
	CELERY_TASK_ALWAYS_EAGER=0 $(VENV)/bin/celery -A shebao beat -l info --schedule var/celerybeat-schedule

clean:
	rm -rf $(VENV) var
