"""Test data builders with traits; ID numbers are generated with valid check digits."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from shebao.core.credit_code import check_char
from shebao.core.ids import check_digit
from shebao.identity.models import OperatorUnit, Reviewer
from shebao.policy.models import Region
from shebao.registry.choices import EnrolmentStatus, InsuranceType
from shebao.registry.models import Enrolment, Person, Unit, UnitInsurance

_seq = itertools.count(1)


def id_number(
    birth: dt.date = dt.date(1990, 5, 17),
    *,
    area: str = "420106",
    seq: int | None = None,
    male: bool = True,
) -> str:
    n = next(_seq) if seq is None else seq
    order = (n * 2 + (1 if male else 0)) % 1000
    body = f"{area}{birth:%Y%m%d}{order:03d}"
    return body + check_digit(body)


def credit_code(n: int | None = None) -> str:
    body = f"91420100MA{(n or next(_seq)):07d}"
    return body + check_char(body)


def region(*, provincial: bool = True, code: str = "429900", name: str = "湖北省省本级") -> Region:
    obj, _ = Region.objects.get_or_create(
        code=code, defaults={"name": name, "is_provincial_level": provincial}
    )
    return obj


def chongqing_region() -> Region:
    """A Chongqing district office (its 机构编码 begins with 50): offered Chongqing's services."""
    return region(provincial=False, code="500112", name="重庆市渝北区社会保险局")


def nanjing_region() -> Region:
    """A Nanjing office (3201): offered Nanjing's services."""
    return region(provincial=False, code="320100", name="南京市社会保险管理中心")


def region_offering(areas: frozenset[Any]) -> Region:
    """A region that offers what declares ``areas`` (a spec's): Hubei's where it does."""
    from shebao.policy.areas import Area

    if Area.HUBEI in areas:
        return region()
    return {Area.CHONGQING: chongqing_region, Area.NANJING: nanjing_region}[min(areas)]()


def client_of(unit_obj: Unit) -> Any:
    """A logged-in web client of a new operator of ``unit_obj``."""
    from django.test import Client

    client = Client()
    client.force_login(operator(unit_obj))
    return client


def unit(
    *,
    region_obj: Region | None = None,
    types: tuple[str, ...] = (InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT),
    **kw: Any,
) -> Unit:
    n = next(_seq)
    obj = Unit.objects.create(
        unit_no=kw.pop("unit_no", str(100000000 + n)),
        name=kw.pop("name", f"武汉测试{n}有限公司"),
        credit_code=credit_code(n),
        region=region_obj or region(),
        **kw,
    )
    for t in types:
        UnitInsurance.objects.create(unit=obj, insurance_type=t, start_date=dt.date(2000, 1, 1))
    return obj


def operator(unit_obj: Unit, username: str | None = None) -> Any:
    user = get_user_model().objects.create_user(
        username or f"op{next(_seq)}", password="Test-pass-123"
    )
    OperatorUnit.objects.create(user=user, unit=unit_obj)
    return user


def reviewer(region_obj: Region, username: str | None = None) -> Any:
    user = get_user_model().objects.create_user(
        username or f"rv{next(_seq)}", password="Test-pass-123"
    )
    Reviewer.objects.create(user=user, region=region_obj)
    TOTPDevice.objects.create(user=user, name="动态口令", confirmed=True)
    return user


def admin_user(username: str = "root", *, superuser: bool = True) -> Any:
    """An admin-site user with a bound TOTP device (the admin site asks for its code)."""
    model = get_user_model()
    make = model.objects.create_superuser if superuser else model.objects.create_user
    user = make(username, password="Test-pass-123", is_staff=True)
    TOTPDevice.objects.create(user=user, name="动态口令", confirmed=True)
    return user


def totp_code(user: Any) -> str:
    """What the staff member's authenticator shows now."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def staff_client(user: Any, client: Any = None) -> Any:
    """A test client logged in with password and TOTP, as the staff login leaves a session."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    client = client or Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    return client


def person(*, name: str = "张三", birth: dt.date = dt.date(1990, 5, 17)) -> Person:
    ident = id_number(birth)
    return Person.objects.create(
        person_no=str(20000000000 + next(_seq)),
        id_number=ident,
        name=name,
        gender="1",
        birth_date=birth,
    )


def enrol(
    person_obj: Person, unit_obj: Unit, *types: str, start: dt.date = dt.date(2020, 1, 1)
) -> list[Enrolment]:
    return [
        Enrolment.objects.create(
            person=person_obj,
            unit=unit_obj,
            insurance_type=t,
            status=EnrolmentStatus.ACTIVE,
            start_period=f"{start:%Y%m}",
            start_date=start,
        )
        for t in (types or (InsuranceType.PENSION, InsuranceType.UNEMPLOYMENT))
    ]
