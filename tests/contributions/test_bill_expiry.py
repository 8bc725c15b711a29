"""已过期 on schedule: the celery beat task and the ``bills_expire`` command, both audited."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from celery.schedules import crontab
from django.core.management import CommandError, call_command

from shebao.audit.models import AuditEvent
from shebao.celery import app
from shebao.contributions.models import Bill, BillStatus
from shebao.contributions.tasks import bills_expire_overdue

from .test_bills import declared, issue  # noqa: F401  (declared: a fixture)

YESTERDAY = dt.date.today() - dt.timedelta(days=1)


@pytest.fixture
def bills(request, unit, operator):
    """An overdue bill, an overdue partly paid one and one still within its validity."""
    request.getfixturevalue("declared")
    _c, overdue = issue(unit, operator, insurance_type="失业保险")
    _c, partly_paid = issue(unit, operator, insurance_type="城镇职工基本养老保险")
    Bill.objects.filter(pk__in=[overdue.pk, partly_paid.pk]).update(due_date=YESTERDAY)
    Bill.objects.filter(pk=partly_paid.pk).update(
        received_amount=Decimal("100"), status=BillStatus.PARTIAL
    )
    return overdue, partly_paid


def statuses(*bills):
    return [Bill.objects.get(pk=b.pk).status for b in bills]


def expiries():
    return list(AuditEvent.objects.filter(event_type="bill.expire").values_list("bill_id", "actor"))


def test_the_task_expires_overdue_bills_through_celery(bills, settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER
    overdue, partly_paid = bills
    result = bills_expire_overdue.delay()
    assert result.get() == 1
    assert statuses(overdue, partly_paid) == [BillStatus.EXPIRED, BillStatus.PARTIAL]
    event = AuditEvent.objects.get(event_type="bill.expire")
    assert (event.bill_id, event.from_status, event.to_status, event.actor) == (
        overdue.pk,
        BillStatus.VALID,
        BillStatus.EXPIRED,
        None,
    )
    # a second run (a retry, a late beat) changes nothing
    assert bills_expire_overdue.delay().get() == 0
    assert expiries() == [(overdue.pk, None)]


def test_nothing_is_due_before_the_due_date(request, unit, operator):
    request.getfixturevalue("declared")
    _c, bill = issue(unit, operator)
    assert bills_expire_overdue.delay().get() == 0
    assert statuses(bill) == [BillStatus.VALID] and not expiries()


def test_beat_runs_it_daily_at_one_in_shanghai():
    (entry,) = [
        e for e in app.conf.beat_schedule.values() if e["task"] == bills_expire_overdue.name
    ]
    assert entry["task"] in app.tasks
    assert entry["schedule"] == crontab(hour=1, minute=0)
    assert app.conf.timezone == "Asia/Shanghai"


def test_the_command_for_cron(bills):
    overdue, partly_paid = bills
    out = io.StringIO()
    call_command("bills_expire", stdout=out)
    assert out.getvalue().strip() == "1 bill(s) expired"
    assert statuses(overdue, partly_paid) == [BillStatus.EXPIRED, BillStatus.PARTIAL]
    assert expiries() == [(overdue.pk, None)]
    call_command("bills_expire", stdout=out)
    assert len(expiries()) == 1


def test_the_command_reruns_a_given_day(request, unit, operator):
    request.getfixturevalue("declared")
    _c, bill = issue(unit, operator)
    out = io.StringIO()
    call_command("bills_expire", "--date", bill.due_date.isoformat(), stdout=out)
    assert statuses(bill) == [BillStatus.VALID]
    later = (bill.due_date + dt.timedelta(days=1)).isoformat()
    call_command("bills_expire", "--date", later, stdout=out)
    assert statuses(bill) == [BillStatus.EXPIRED] and expiries() == [(bill.pk, None)]
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("bills_expire", "--date", "2026/01/01")
