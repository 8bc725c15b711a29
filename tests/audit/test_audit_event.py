"""Issue #11 §4: one audit trail, append-only, with event types from one class."""

import pytest

from shebao.audit.models import AuditEvent
from shebao.audit.selectors import events_of_type, unit_access_events
from shebao.audit.services import audit_record
from shebao.audit.types import EventType

pytestmark = pytest.mark.django_db


def test_an_event_records_who_for_which_unit_from_where(operator, unit):
    event = audit_record(
        event_type=EventType.ACCESS_GRANT,
        actor=operator,
        acting_unit=unit,
        ip="10.0.0.1",
        detail={"serial_no": "X1"},
    )
    event.refresh_from_db()
    assert (event.actor, event.acting_unit, event.ip) == (operator, unit, "10.0.0.1")
    assert event.action == "grant" and event.detail == {"serial_no": "X1"}
    assert list(unit_access_events(unit=unit)) == [event]
    assert list(events_of_type(event_type=EventType.ACCESS_GRANT)) == [event]


def test_an_unknown_event_type_is_refused(unit):
    with pytest.raises(ValueError, match="unknown audit event type"):
        audit_record(event_type="access.typo", acting_unit=unit)
    with pytest.raises(ValueError, match="unknown audit event type"):
        audit_record(event_type="case.typo", acting_unit=unit)
    assert not AuditEvent.objects.exists()


def test_the_trail_is_append_only(operator, unit):
    event = audit_record(event_type=EventType.ACCESS_GRANT, actor=operator, acting_unit=unit)
    event.detail = {"changed": True}
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        event.delete()
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).update(ip="10.9.9.9")
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.all().delete()
    event.refresh_from_db()
    assert event.detail == {} and event.ip is None


def test_event_types_are_unique_and_prefixed_by_domain():
    names = [n for n in vars(EventType) if n.isupper()]
    values = [getattr(EventType, n) for n in names]
    assert len(set(values)) == len(values)
    domains = {"case", "bill", "order", "pki", "access", "person", "pension", "unemployment"}
    assert all(v.split(".")[0] in domains for v in values)
