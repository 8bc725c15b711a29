"""A reviewer recalculates an award after a correction: history kept, audited, scoped to
the reviewer's region (issue #13 §4)."""

import datetime as dt
from decimal import Decimal

import pytest

from shebao.audit.models import AuditEvent
from shebao.audit.types import EventType
from shebao.core.period import Period
from shebao.pensions.models import PensionAward
from shebao.pensions.services import register_retiree
from shebao.policy.seed import policy_seed
from tests import factories

from .conftest import pay

pytestmark = pytest.mark.django_db


def retiree_in(unit):
    person = factories.person(name="王退休", birth=dt.date(1959, 9, 1))
    pay(person, unit, "201807", "201908", Decimal("6500"))
    return register_retiree(
        person_id=person.pk,
        unit_id=unit.pk,
        retirement_month=Period.parse("201909"),
        category="normal",
        case_id=None,
        decided_by_id=None,
    )


def test_reviewer_recalculates_after_a_back_payment(policy, unit, rv_client, reviewer):
    policy_seed(unit.region, years=[2017])  # 201801-201806 belong to 申报年度 2017
    retiree = retiree_in(unit)
    pay(retiree.person, unit, "201801", "201806", Decimal("6500"))  # arrived later
    url = f"/backoffice/retirees/{retiree.pk}/"
    assert rv_client.get(url).status_code == 200

    response = rv_client.post(url, {"reason": "补缴201801-201806到账"})
    assert response.status_code == 302
    awards = list(PensionAward.objects.filter(retiree=retiree).order_by("version"))
    assert [(a.version, a.current, a.actual_months) for a in awards] == [
        (1, False, 14),
        (2, True, 20),
    ]
    event = AuditEvent.objects.get(event_type=EventType.PENSION_AWARD_RECALCULATE)
    assert event.actor == reviewer
    assert event.detail["from_version"] == 1 and event.detail["to_version"] == 2
    assert "补缴201801-201806到账" in rv_client.get(url).content.decode()


def test_a_reason_is_required(policy, unit, rv_client):
    retiree = retiree_in(unit)
    response = rv_client.post(f"/backoffice/retirees/{retiree.pk}/", {"reason": " "})
    assert response.status_code == 400
    assert "请填写重新计算的原因" in response.content.decode()
    assert PensionAward.objects.filter(retiree=retiree).count() == 1


def test_another_regions_retiree_is_not_found(policy, other_unit, rv_client):
    policy_seed(other_unit.region)
    retiree = retiree_in(other_unit)
    assert rv_client.get(f"/backoffice/retirees/{retiree.pk}/").status_code == 404
    assert rv_client.post(f"/backoffice/retirees/{retiree.pk}/", {"reason": "x"}).status_code == 404
