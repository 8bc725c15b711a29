"""Checks shared by the registry's specs."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.errors import InvalidValue
from shebao.core.id_documents import IdType
from shebao.registry import services as registry_services
from shebao.registry.choices import PROVINCIAL_LEVEL_TYPES, InsuranceType, UnitInsuranceStatus
from shebao.registry.disclosure import INSURED_ELSEWHERE
from shebao.registry.models import Enrolment, Unit
from shebao.registry.selectors import unit_active_insurance_types
from shebao.services.spec import CheckContext

CHANGED_MEANWHILE = gettext_noop("%(t)s的参保情况刚被其他办件修改，本办件未生效，请刷新后重新办理")

INSURED_HERE = gettext_noop("该职工已在本单位正常参加%(t)s，不能重复参保")

TYPE_FIELDS = {
    InsuranceType.PENSION: "pension",
    InsuranceType.UNEMPLOYMENT: "unemployment",
    InsuranceType.WORK_INJURY: "work_injury",
}


def ticked_types(row: object) -> list[InsuranceType]:
    return [t for t, name in TYPE_FIELDS.items() if getattr(row, name)]


def check_unit_columns(ctx: CheckContext, number: int, row: object, unit: Unit) -> None:
    """单位编号 / 单位名称 columns, if filled, must be the acting unit."""
    unit_no = getattr(row, "unit_no", None)
    if unit_no and unit_no != unit.unit_no:
        ctx.fail(
            number,
            "单位编号",
            _("单位编号 %(v)s 不是当前经办单位（%(u)s）") % {"v": unit_no, "u": unit.unit_no},
        )
    unit_name = getattr(row, "unit_name", None)
    if unit_name and "*" not in unit_name and unit_name != unit.name:
        ctx.fail(number, "单位名称", _("单位名称与当前经办单位“%(u)s”不一致") % {"u": unit.name})


def duplicates(ctx: CheckContext, rows: Iterable[tuple[int, object]], label: str) -> None:
    first: dict[str, int] = {}
    for number, row in rows:
        key = row.id_number  # type: ignore[attr-defined]
        if key in first:
            ctx.fail(number, label, _("与第 %(n)d 行的身份证号码重复") % {"n": first[key]})
        else:
            first[key] = number


def unit_type_labels(unit: Unit) -> set[str]:
    """The types the unit pays in now: a type suspended by §3.3.11 takes no new enrolments."""
    return set(unit_active_insurance_types(unit=unit))


def require_active_unit_types(unit: Unit, types: set[str]) -> None:
    """Lock the unit's types and refuse if one of ``types`` is no longer 正常参保.

    Called by every effect that enrols persons in a type (§3.3.19, the monthly declaration),
    so it either runs before a concurrent §3.3.11 reduction (which then counts the new
    enrolment and refuses) or after it (and refuses here).
    """
    states = registry_services.lock_unit_insurances(unit=unit)
    for t in sorted(types):
        state = states.get(t)
        if state is None or state.status != UnitInsuranceStatus.ACTIVE:
            raise InvalidValue(_(CHANGED_MEANWHILE) % {"t": InsuranceType(t).label})


def check_type_allowed(
    ctx: CheckContext, number: int, row: object, unit: Unit, unit_types: set[str]
) -> None:
    types = ticked_types(row)
    if not types:
        ctx.fail(number, "参保险种", _("至少勾选一个险种"))
    for t in types:
        if unit.region.is_provincial_level and t not in PROVINCIAL_LEVEL_TYPES:
            ctx.fail(
                number,
                t.label,
                _("%(r)s只经办城镇职工基本养老保险和失业保险，不能勾选%(t)s")
                % {"r": unit.region.name, "t": t.label},
            )
        elif t not in unit_types:
            ctx.fail(number, t.label, _("本单位未参加%(t)s，请先办理单位险种增加") % {"t": t.label})


def insured_message(enrolment: Enrolment, unit: Unit) -> str:
    """Why an active enrolment blocks a new one; another unit is never named (issue #10 §2)."""
    if enrolment.unit_id == unit.pk:
        return _(INSURED_HERE) % {"t": enrolment.get_insurance_type_display()}
    return _(INSURED_ELSEWHERE)


TYPE_COUNT = gettext_noop("%(t)s %(n)d 人")


def type_counts(rows: Iterable[object]) -> str:
    """ "城镇职工基本养老保险 3 人、失业保险 3 人": how many rows tick each insurance type, for
    the summary a reviewer confirms before approving."""
    counts = {t: 0 for t in TYPE_FIELDS}
    for row in rows:
        for t in ticked_types(row):
            counts[t] += 1
    return "、".join(_(TYPE_COUNT) % {"t": t.label, "n": n} for t, n in counts.items() if n)


ID_TYPE_MISMATCH = gettext_noop("证件类型与登记的“%(t)s”不一致")


def row_id_type(row: object) -> str:
    """The row's 证件类型, 居民身份证(户口簿) when the column is blank or absent."""
    return getattr(row, "id_type", None) or IdType.RESIDENT_ID.value


def check_id_type(ctx: CheckContext, number: int, row: object, registered: str) -> None:
    """A 证件类型 the unit gave must be the one the person is registered with."""
    given = getattr(row, "id_type", None)
    if given and given != registered:
        ctx.fail(number, "证件类型", _(ID_TYPE_MISMATCH) % {"t": registered})
