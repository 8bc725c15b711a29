"""Serial numbers are drawn without a lock held across the caller's transaction (issue #10 §5):
a region's monthly declaration in progress must not hold up a unit's submission."""

from __future__ import annotations

import datetime as dt
import threading
import time
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from shebao.cases import services as cases
from shebao.cases.models import CaseStatus
from shebao.contributions.models import RegionDeclarationRun
from shebao.contributions.services import declarations_for_region
from shebao.core.period import Period
from shebao.registry.choices import InsuranceType
from tests import factories

from .conftest import draft

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL (SQLite serialises writers); "
        "run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/shebao",
    ),
]

SUSPENSION = "hb_employee_insurance_suspension"  # §3.3.17
HELD = 5.0  # seconds the region run keeps its transaction open


def insured(unit, name: str):
    person = factories.person(name=name)
    for e in factories.enrol(
        person, unit, InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT, start=dt.date(2015, 6, 1)
    ):
        e.monthly_wage = Decimal("6000")
        e.save()
    return person


def test_a_submission_completes_while_a_region_declaration_is_running(policy, unit, operator):
    insured(unit, "张三")  # someone for the region run to declare
    leaving = insured(unit, "赵六")
    case = draft(SUSPENSION, unit, operator)
    raw = {"id_number": leaving.id_number, "name": "赵六", "pension": "√",
           "unemployment": "√", "suspension_date": "2021-03-31", "reason": "6325 退休减员"}  # fmt: skip
    assert cases.case_row_add(case=case, raw=raw).passed
    running, failures = threading.Event(), []

    def region_run() -> None:
        try:
            with transaction.atomic():
                declarations_for_region(region=policy, period=Period.parse("202103"))
                running.set()
                time.sleep(HELD)  # the rest of a province's run
        except Exception as exc:  # asserted below
            failures.append(exc)
            running.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=region_run)
    thread.start()
    assert running.wait(60)
    began = time.monotonic()
    submitted = cases.case_submit(case=case, actor=operator)
    took = time.monotonic() - began
    thread.join(60)

    assert failures == []
    assert took < 2, f"the submission waited {took:.1f} s for the region run"
    assert submitted.status == CaseStatus.UNDER_REVIEW
    run = RegionDeclarationRun.objects.get()
    assert run.declarations > 0
    for serial in (submitted.serial_no, run.serial_no):
        assert (
            len(serial) == 15
            and serial.isdigit()
            and serial.startswith(f"{timezone.localdate():%Y%m%d}")
        )
    assert submitted.serial_no != run.serial_no
