"""Write the demo data: region, unit, roster, accounts and a few real cases. Idempotent.

Everything is looked up by its natural key first (region code, unit number, ID number, username,
case remarks), so running the loader again creates nothing new and changes nothing. The demo
accounts exist only here: migrations never create users.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from shebao.core.credit_code import check_char
from shebao.core.models import counter_raise
from shebao.identity.models import OperatorUnit, Reviewer
from shebao.identity.staff import DEVICE_NAME, confirmed_device
from shebao.pki.demo import demo_certificate
from shebao.pki.selfservice.models import CaStaff
from shebao.policy.models import Region
from shebao.policy.seed import policy_seed
from shebao.registry.choices import EnrolmentStatus, InsuranceType
from shebao.registry.models import Enrolment, Person, Unit, UnitInsurance
from shebao.registry.services import PERSON_NO_COUNTER, PERSON_NO_START

from . import contributions, history, projects
from .roster import UNIT_START, DemoPerson, build_roster

PASSWORD = "Shebao-demo-2026"
OPERATOR = "demo_operator"
REVIEWER = "demo_reviewer"
CA_STAFF = "demo_ca"
ADMIN = "demo_admin"

REGION_CODE = "429900"
REGION_NAME = "湖北省省本级"
UNIT_NO = "100017438"
UNIT_NAME = "湖北楚天云帆信息科技有限公司"
#: 9 (工商) 1 (企业) 420100 (武汉市) + organisation code MA4K8R2T + its GB 11714 check character.
CREDIT_CODE_BODY = "91420100MA4K8R2T"
POOLING_DATE = dt.date(1996, 1, 1)


@dataclass
class DemoSummary:
    units: int
    persons: int
    enrolments: int
    active: int
    suspended: int
    accounts: list[str]
    cases: list[str]


def load_demo() -> DemoSummary:
    """Create (or find) all demo data in one transaction, so a failure leaves nothing half-made."""
    with transaction.atomic():
        region = region_get_or_create()
        policy_seed(region)  # rates, 缴费基数标准, contribution year: examples, see their 依据
        unit = unit_get_or_create(region)
        roster_load(unit)
        person_no_counter_raise()
        operator, reviewer = accounts_get_or_create(unit, region)
        demo_certificate(unit=unit, actor=None)
    # Cases run through the real service functions, which manage their own transactions.
    cases = history.cases_load(unit=unit, operator=operator, reviewer=reviewer)
    projects.projects_load(unit=unit, operator=operator, reviewer=reviewer)
    contributions.contributions_load(unit=unit, operator=operator)
    enrolments = Enrolment.objects.filter(unit=unit)
    return DemoSummary(
        units=Unit.objects.filter(unit_no=UNIT_NO).count(),
        persons=Person.objects.filter(enrolments__unit=unit).distinct().count(),
        enrolments=enrolments.count(),
        active=enrolments.filter(status=EnrolmentStatus.ACTIVE).count(),
        suspended=enrolments.filter(status=EnrolmentStatus.SUSPENDED).count(),
        accounts=[OPERATOR, REVIEWER, CA_STAFF, ADMIN],
        cases=cases,
    )


def credit_code() -> str:
    """The demo unit's 统一社会信用代码, valid under GB 32100 (and its GB 11714 part too)."""
    org = CREDIT_CODE_BODY[8:]
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    value = sum(int(c, 36) * w for c, w in zip(org, weights, strict=True))
    org_check = {10: "X", 11: "0"}.get(11 - value % 11, str(11 - value % 11))
    body = CREDIT_CODE_BODY + org_check
    return body + check_char(body)


def region_get_or_create() -> Region:
    region, _created = Region.objects.get_or_create(
        code=REGION_CODE, defaults={"name": REGION_NAME, "is_provincial_level": True}
    )
    return region


def unit_get_or_create(region: Region) -> Unit:
    unit, _created = Unit.objects.get_or_create(
        unit_no=UNIT_NO,
        defaults={"name": UNIT_NAME, "credit_code": credit_code(), "region": region},
    )
    # R-INS-01: a provincial-level unit has pension and unemployment only.
    for insurance_type in (InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT):
        UnitInsurance.objects.get_or_create(
            unit=unit,
            insurance_type=insurance_type,
            defaults={"start_date": UNIT_START, "pooling_date": POOLING_DATE},
        )
    return unit


def roster_load(unit: Unit) -> int:
    """Create the roster's persons that do not exist yet, with their enrolment history."""
    roster = build_roster()
    known = set(
        Person.objects.by_id_numbers([p.id_number for p in roster]).values_list(
            "id_number", flat=True
        )
    )
    fresh = [p for p in roster if p.id_number not in known]
    if not fresh:
        return 0
    Person.objects.bulk_create([_person(p) for p in fresh])
    by_id = dict(
        Person.objects.by_id_numbers([p.id_number for p in fresh]).values_list("id_number", "pk")
    )
    Enrolment.objects.bulk_create(
        enrolment for p in fresh for enrolment in _enrolments(p, unit, by_id[p.id_number])
    )
    return len(fresh)


def _person(p: DemoPerson) -> Person:
    return Person(
        person_no=p.person_no,
        id_number=p.id_number,
        name=p.name,
        gender=p.gender,
        birth_date=p.birth_date,
        ethnicity=p.ethnicity,
        mobile=p.mobile,
        first_insured_date=p.first_insured_date,
    )


def _enrolments(p: DemoPerson, unit: Unit, person_id: int) -> list[Enrolment]:
    return [
        Enrolment(
            person_id=person_id,
            unit=unit,
            insurance_type=insurance_type,
            status=EnrolmentStatus.SUSPENDED if span.end else EnrolmentStatus.ACTIVE,
            start_period=f"{span.start:%Y%m}",
            start_date=span.start,
            end_period=f"{span.end:%Y%m}" if span.end else "",
            end_date=span.end,
            monthly_wage=span.wage,
            suspension_reason=span.reason,
        )
        for span in p.spans
        for insurance_type in span.types
    ]


def person_no_counter_raise() -> None:
    """New persons are numbered from the ``person_no`` counter: keep it above the demo's numbers."""
    top = max(int(p.person_no) for p in build_roster())
    counter_raise(PERSON_NO_COUNTER, at_least=max(top, PERSON_NO_START))


def accounts_get_or_create(unit: Unit, region: Region) -> tuple[User, User]:
    operator = _user(OPERATOR, first_name="刘芳")
    OperatorUnit.objects.get_or_create(user=operator, unit=unit)
    reviewer = _user(REVIEWER, first_name="陈志刚")
    Reviewer.objects.get_or_create(user=reviewer, defaults={"region": region})
    if confirmed_device(reviewer) is None:  # the code: manage.py otp_code demo_reviewer
        TOTPDevice.objects.create(user=reviewer, name=DEVICE_NAME, confirmed=True)
    ca_staff = _user(CA_STAFF, first_name="王敏")
    CaStaff.objects.get_or_create(user=ca_staff)
    if confirmed_device(ca_staff) is None:  # the code: manage.py otp_code demo_ca
        TOTPDevice.objects.create(user=ca_staff, name=DEVICE_NAME, confirmed=True)
    admin = _user(ADMIN, first_name="系统管理员", superuser=True)
    if confirmed_device(admin) is None:  # the admin site asks for it: manage.py otp_code demo_admin
        TOTPDevice.objects.create(user=admin, name=DEVICE_NAME, confirmed=True)
    return operator, reviewer


def _user(username: str, *, first_name: str, superuser: bool = False) -> User:
    model = get_user_model()
    user, created = model.objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "is_staff": superuser, "is_superuser": superuser},
    )
    # Restore the documented password only if it no longer works: a re-run changes nothing.
    if created or not user.check_password(PASSWORD):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return user
