"""``manage.py load_demo``: the demo data is valid, varied, reproducible and safe to load twice."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client, RequestFactory

from shebao.audit.models import AuditEvent
from shebao.cases.models import Case, CaseStatus
from shebao.cases.selectors import review_queue
from shebao.core.credit_code import CreditCode
from shebao.core.ids import IdNumber
from shebao.core.models import counter_last, next_values
from shebao.core.phone import parse_mobile
from shebao.demo import loader
from shebao.demo.roster import build_roster
from shebao.identity.acting import is_operator, reviewer_region
from shebao.identity.models import OperatorUnit
from shebao.identity.staff import confirmed_device, is_staff_member
from shebao.registration.specs.enrolment import PERSON_NO_COUNTER
from shebao.registry.choices import SUSPENSION_REASONS, EnrolmentStatus, InsuranceType
from shebao.registry.models import Enrolment, Person, Unit
from shebao.registry.selectors import person_list
from shebao.services.registry import registry
from shebao.services.rows import _person_name
from shebao.services.validation import validate_rows

ACTIVE, SUSPENDED = EnrolmentStatus.ACTIVE, EnrolmentStatus.SUSPENDED
PENSION, UNEMPLOYMENT = InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load once for the module inside a transaction that is rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = load()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def unit(demo, db):
    return Unit.objects.get(unit_no=loader.UNIT_NO)


def snapshot() -> dict:
    User = get_user_model()
    return {
        "persons": sorted(Person.objects.values_list("id_number", "person_no", "name", "mobile")),
        "enrolments": sorted(
            Enrolment.objects.values_list(
                "person__id_number", "insurance_type", "status", "start_date", "end_date"
            )
        ),
        "cases": sorted(Case.objects.values_list("serial_no", "status")),
        "events": AuditEvent.objects.filter(case__isnull=False).count(),
        "users": sorted(User.objects.values_list("username", "password", "is_superuser")),
        "counter": counter_last(PERSON_NO_COUNTER),
    }


def test_loading_twice_changes_nothing(unit):
    before = snapshot()
    output = load()
    assert snapshot() == before
    assert "262" in output and loader.OPERATOR in output and loader.PASSWORD in output


def test_the_roster_is_the_same_every_time():
    first, second = build_roster(), build_roster()
    assert first == second and len(first) == 262


def test_region_and_unit(unit):
    assert unit.region.name == "湖北省省本级" and unit.region.code == "429900"
    assert unit.region.is_provincial_level
    CreditCode.parse(unit.credit_code)  # raises if the check character is wrong
    types = set(unit.insurances.values_list("insurance_type", flat=True))
    assert types == {PENSION, UNEMPLOYMENT}
    assert not Enrolment.objects.filter(
        unit__region=unit.region, insurance_type=InsuranceType.WORK_INJURY
    ).exists()


def test_262_valid_persons(unit):
    persons = list(person_list(unit=unit))
    assert len(persons) == 262
    assert len({p.person_no for p in persons}) == 262
    for p in persons:
        ident = IdNumber.parse(p.id_number)
        assert ident.gender == p.gender, p
        assert ident.birth_date == p.birth_date, p
        assert 1962 <= p.birth_date.year <= 2003, p
        assert len(p.person_no) == 11 and p.person_no.isdigit()
        assert _person_name(p.name) == p.name
        assert parse_mobile(p.mobile) == p.mobile
    ethnicities = {p.ethnicity for p in persons}
    assert {"汉族", "土家族", "回族", "苗族"} <= ethnicities
    assert sum(p.ethnicity == "汉族" for p in persons) > 200
    assert any("·" in p.name for p in persons)
    assert any(len(p.name) == 2 for p in persons) and any(len(p.name) == 3 for p in persons)


def _types(unit, status):
    by_person: dict[int, set[str]] = {}
    for person_id, t in Enrolment.objects.filter(unit=unit, status=status).values_list(
        "person_id", "insurance_type"
    ):
        by_person.setdefault(person_id, set()).add(t)
    return by_person


def test_states_are_mixed(unit):
    active = _types(unit, ACTIVE)
    suspended = _types(unit, SUSPENDED)
    assert sum(types == {PENSION, UNEMPLOYMENT} for types in active.values()) > 150
    pension_only = [
        pid for pid, types in active.items() if types == {PENSION} and pid not in suspended
    ]
    assert pension_only
    only_suspended = set(suspended) - set(active)
    assert len(only_suspended) >= 10
    reenrolled = [pid for pid in active if active[pid] & suspended.get(pid, set())]
    assert len(reenrolled) >= 5
    ended = Enrolment.objects.filter(unit=unit, status=SUSPENDED)
    assert not ended.filter(end_date__isnull=True).exists()
    assert set(ended.values_list("suspension_reason", flat=True)) <= set(SUSPENSION_REASONS)
    for e in ended:
        assert e.end_period == f"{e.end_date:%Y%m}" and e.start_date < e.end_date


def test_new_person_numbers_do_not_collide(unit):
    top = max(int(n) for n in Person.objects.values_list("person_no", flat=True))
    (value,) = next_values(PERSON_NO_COUNTER)
    assert value > top


def test_demo_accounts_log_in(unit):
    User = get_user_model()
    for username in (loader.OPERATOR, loader.REVIEWER, loader.CA_STAFF, loader.ADMIN):
        assert Client().login(
            username=username, password="Shebao-demo-2026", request=RequestFactory().get("/")
        ), username
    assert not Client().login(
        username=loader.OPERATOR, password="wrong", request=RequestFactory().get("/")
    )
    operator = User.objects.get(username=loader.OPERATOR)
    assert is_operator(operator)
    assert OperatorUnit.objects.get(user=operator).unit == unit
    assert reviewer_region(User.objects.get(username=loader.REVIEWER)) == unit.region
    admin = User.objects.get(username=loader.ADMIN)
    assert admin.is_superuser and confirmed_device(admin) is not None  # the admin site asks
    ca_staff = User.objects.get(username=loader.CA_STAFF)
    assert is_staff_member(ca_staff) and confirmed_device(ca_staff) is not None


def test_historic_cases_are_real(unit):
    cases = Case.objects.filter(unit=unit)
    assert all(len(c.serial_no) == 15 for c in cases)
    assert set(cases.values_list("status", flat=True)) >= {
        CaseStatus.APPROVED,
        CaseStatus.REJECTED,
        CaseStatus.UNDER_REVIEW,
    }
    rejected = cases.get(status=CaseStatus.REJECTED)
    assert rejected.rejection_reason and rejected.events.filter(event_type="case.reject").exists()
    assert review_queue(region=unit.region).filter(unit=unit).exists()
    reenrol = cases.get(service_code="hb_employee_enrolment", status=CaseStatus.APPROVED)
    assert reenrol.effect["enrolments_created"] == 2 and reenrol.effect["persons_created"] == 0
    (person_id,) = set(
        Enrolment.objects.filter(opened_by=reenrol.serial_no).values_list("person_id", flat=True)
    )
    history = Enrolment.objects.filter(person_id=person_id, insurance_type=PENSION)
    assert sorted(history.values_list("status", flat=True)) == [ACTIVE, SUSPENDED]


def test_every_demo_person_can_be_declared_in_the_wizard(unit):
    """The data agrees with the services' own checks: each active employee can be suspended,
    each former employee can be re-enrolled (续保)."""
    active = _types(unit, ACTIVE)
    persons = {p.pk: p for p in person_list(unit=unit)}
    leave = [
        (n, {"unit_no": unit.unit_no, "person_no": p.person_no, "id_number": p.id_number,
             "name": p.name, "pension": "√", "unemployment": "√" if UNEMPLOYMENT in active[pk] else "",
             "suspension_date": "2026-10-31", "reason": "职工发生辞职(退)"})
        for n, (pk, p) in enumerate(persons.items(), start=1) if pk in active
    ]  # fmt: skip
    back = [
        (n, {"id_number": p.id_number, "name": p.name, "ethnicity": p.ethnicity,
             "work_start_date": "2026-10-01", "monthly_wage": "6000", "pension": "√",
             "unemployment": "√", "mobile": p.mobile})
        for n, (pk, p) in enumerate(persons.items(), start=1) if pk not in active
    ]  # fmt: skip
    for code, rows in (
        ("hb_employee_insurance_suspension", leave),
        ("hb_employee_enrolment", back),
    ):
        result = validate_rows(spec=registry[code], unit=unit, rows=rows)
        assert result.failed == [], (code, result.failed[:3])
    assert len(leave) > 200 and len(back) > 20


def test_the_last_three_months_are_declared_and_two_billed(unit):
    from shebao.contributions.models import Bill, BillStatus, DeclarationStatus, MonthlyDeclaration
    from shebao.demo.contributions import demo_periods

    periods = [str(p) for p in demo_periods()]
    declarations = MonthlyDeclaration.objects.filter(unit=unit)
    assert sorted({d.period for d in declarations}) == periods
    assert all(d.headcount > 0 and d.unit_amount > 0 for d in declarations)
    billed = {d.period for d in declarations if d.status == DeclarationStatus.BILLED}
    assert billed == set(periods[:2])
    (bill,) = Bill.objects.filter(unit=unit)
    assert bill.status == BillStatus.VALID
    assert bill.total_amount == sum(
        (d.unit_amount + d.individual_amount for d in declarations if d.period in billed),
    )
