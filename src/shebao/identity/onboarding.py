"""单位用户注册 at the counter (Nanjing 二、1): agency staff register a unit of their region and
its first operator, which creates the unit's online account.

The operator's initial password is generated here and shown once to the staff member, who
hands it over on paper; it is never stored in clear.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.audit.services import audit_record
from shebao.audit.types import EventType
from shebao.core.credit_code import CreditCode
from shebao.core.crypto import person_hash
from shebao.core.errors import InvalidValue
from shebao.core.ids import IdNumber
from shebao.core.phone import parse_mobile
from shebao.policy.models import Region
from shebao.registry.choices import PROVINCIAL_LEVEL_TYPES, InsuranceType
from shebao.registry.models import Unit
from shebao.registry.services import unit_create

from .models import OnlineAccess, OperatorProfile, OperatorUnit

UNIT_NO_TAKEN = gettext_noop("单位编号 %(v)s 已登记")
CREDIT_CODE_TAKEN = gettext_noop("统一社会信用代码 %(v)s 已登记（单位 %(u)s）")
USERNAME_TAKEN = gettext_noop("登录名 %(v)s 已被使用")
OPERATOR_TAKEN = gettext_noop(
    "身份证号码为 %(v)s 的经办人已注册（登录名 %(u)s），请通过“多单位用户(CA)经办人确认”为本单位办理"
)
UNIT_NO_FORMAT = gettext_noop("单位编号应为 9 位数字")
NO_TYPES = gettext_noop("至少选择一个参保险种")
TYPE_NOT_HERE = gettext_noop("%(r)s只经办城镇职工基本养老保险和失业保险，不能选择%(t)s")
NAME_REQUIRED = gettext_noop("单位名称和经办人姓名不能为空")
USERNAME_FORMAT = gettext_noop("登录名应为 4-30 位字母、数字或下划线")


@dataclass(frozen=True)
class Registration:
    unit: Unit
    operator: User
    initial_password: str


@transaction.atomic
def unit_register_at_counter(
    *,
    region: Region,
    actor: User,
    unit_no: str,
    name: str,
    credit_code: str,
    insurance_types: Iterable[str],
    start_date: dt.date,
    operator_name: str,
    operator_id_number: str,
    operator_mobile: str,
    username: str,
    ip: str | None = None,
) -> Registration:
    unit_no, name, operator_name, username = (
        unit_no.strip(),
        name.strip(),
        operator_name.strip(),
        username.strip(),
    )
    if not name or not operator_name:
        raise InvalidValue(_(NAME_REQUIRED))
    if not (len(unit_no) == 9 and unit_no.isdigit()):
        raise InvalidValue(_(UNIT_NO_FORMAT))
    if not (
        4 <= len(username) <= 30 and username.replace("_", "").isalnum() and username.isascii()
    ):
        raise InvalidValue(_(USERNAME_FORMAT))
    code = CreditCode.parse(credit_code).value
    ident = IdNumber.parse(operator_id_number).value
    mobile = parse_mobile(operator_mobile)
    types = _types(region, insurance_types)
    if Unit.objects.filter(unit_no=unit_no).exists():
        raise InvalidValue(_(UNIT_NO_TAKEN) % {"v": unit_no})
    holder = Unit.objects.filter(credit_code=code).first()
    if holder is not None:
        raise InvalidValue(_(CREDIT_CODE_TAKEN) % {"v": code, "u": holder.unit_no})
    users = get_user_model().objects
    if users.filter(username=username).exists():
        raise InvalidValue(_(USERNAME_TAKEN) % {"v": username})
    known = (
        OperatorProfile.objects.filter(id_number_hash=person_hash(ident))
        .select_related("user")
        .first()
    )
    if known is not None:
        raise InvalidValue(_(OPERATOR_TAKEN) % {"v": ident, "u": known.user.username})

    unit = unit_create(
        unit_no=unit_no,
        name=name,
        credit_code=code,
        region=region,
        insurance_types=types,
        start_date=start_date,
    )
    password = secrets.token_urlsafe(9)
    operator = users.create_user(username, password=password, first_name=operator_name)
    OperatorProfile.objects.create(
        user=operator, name=operator_name, id_number=ident, mobile=mobile
    )
    OperatorUnit.objects.create(user=operator, unit=unit)
    OnlineAccess.objects.create(
        unit=unit, status=OnlineAccess.Status.GRANTED, granted_at=timezone.now()
    )
    audit_record(
        event_type=EventType.ACCESS_REGISTER,
        acting_unit=unit,
        actor=actor,
        ip=ip,
        detail={"operator": username, "types": sorted(types)},
    )
    return Registration(unit=unit, operator=operator, initial_password=password)


def _types(region: Region, chosen: Iterable[str]) -> set[str]:
    types = {InsuranceType(t) for t in chosen}
    if not types:
        raise InvalidValue(_(NO_TYPES))
    if region.is_provincial_level:
        for t in types - PROVINCIAL_LEVEL_TYPES:
            raise InvalidValue(_(TYPE_NOT_HERE) % {"r": region.name, "t": t.label})
    return {str(t) for t in types}
