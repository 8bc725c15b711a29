"""Decide-once on PostgreSQL: two CA reviewers deciding one certificate order at once."""

import pytest
from django.conf import settings

from shebao.audit.models import AuditEvent
from shebao.pki.selfservice import services
from shebao.pki.selfservice.models import CertificateOrder, OrderStatus
from tests.cases.test_concurrency import race

from .orders import ca_staff, submitted

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL (SQLite serialises writers); "
        "run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/shebao",
    ),
]


def test_of_an_approval_and_a_rejection_at_once_exactly_one_wins(unit, operator):
    order = submitted(unit, operator)
    first, second = ca_staff(), ca_staff()
    results = race(
        lambda: services.order_approve(order=order, actor=first),
        lambda: services.order_reject(order=order, actor=second, reason="材料不清晰"),
    )
    kinds = sorted(kind for kind, _value in results)
    assert kinds == ["error", "ok"]
    winner = next(value for kind, value in results if kind == "ok")
    loser = next(value for kind, value in results if kind == "error")
    stored = CertificateOrder.objects.get(pk=order.pk)
    assert stored.status == winner.status != OrderStatus.SUBMITTED
    assert str(loser) == services.NOT_SUBMITTED % {"s": stored.get_status_display()}
    decisions = AuditEvent.objects.filter(
        order=order, event_type__in=["order.approve", "order.reject"]
    )
    assert decisions.count() == 1
