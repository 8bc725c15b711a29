"""What a certificate order's applicant enters, checked: 信息校验 (the order is the acting
unit's) and 录入信息 (every field, and the unit's own against its registration).

Pure checks that raise; the steps themselves, their locks and audit rows are in ``services``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.credit_code import CreditCode
from shebao.core.errors import InvalidValue
from shebao.core.ids import IdNumber
from shebao.core.phone import parse_mobile
from shebao.pki.models import UnitCertificate
from shebao.policy.areas import Area
from shebao.policy.models import Region
from shebao.registry.choices import ProjectKind
from shebao.registry.models import Project, Unit

from .models import OPEN_STATUSES, CertificateOrder, CertProject, OrderKind

REGION_MISMATCH = gettext_noop("参保区域与单位的参保所属机构（%(r)s）不一致")
PROJECT_NOT_OFFERED = gettext_noop(
    "单位的参保所属机构（%(r)s）不提供证书应用项目“%(p)s”：该项目只在%(a)s办理"
)
UNIT_NAME_MISMATCH = gettext_noop("单位名称与当前经办单位的登记名称不一致，请核对后重新填写")
SSN_MISMATCH = gettext_noop("社保号与当前经办单位的社保号不一致")
PROJECT_SSN_MISMATCH = gettext_noop("项目社保号 %(n)s 不是当前经办单位的建设项目")
PREVIOUS_REQUIRED = gettext_noop("请选择要办理的原证书")
PREVIOUS_NOT_VALID = gettext_noop("所选证书不是当前经办单位的有效证书")
HAS_VALID_CERT = gettext_noop("单位已有有效证书（序列号 %(s)s），请办理证书更新续期、变更或补办")
OPEN_ORDER_EXISTS = gettext_noop("已有未办结的%(k)s订单（%(n)s），请在订单查询中继续办理")
UNIT_INFO_MISMATCH = gettext_noop("%(f)s与单位参保登记信息不一致；单位信息已变更的，请办理证书变更")
REQUIRED = gettext_noop("%(f)s不能为空")
TOO_LONG = gettext_noop("%(f)s最多 %(n)d 个字")
RENEW_KIND = gettext_noop("证书更新续期请通过持有的证书验证后办理")

NAME_MAX = 50


class OrderInvalid(InvalidValue):
    """Entered information refused; ``errors`` maps each field to its reason."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("；".join(errors.values()))
        self.errors = errors


def start_check(
    *, unit: Unit, kind: str, project: str, social_security_no: str, region: Region, unit_name: str
) -> None:
    """信息校验 before any lock: the kind, the project's 社保号, 参保区域 and 单位名称."""
    if kind == OrderKind.RENEW:
        raise InvalidValue(_(RENEW_KIND))
    if kind not in OrderKind.values or project not in CertProject.values:
        raise InvalidValue(_(REQUIRED) % {"f": _("办理事项")})
    if region.pk != unit.region_id:
        raise InvalidValue(_(REGION_MISMATCH) % {"r": unit.region.name})
    chosen = CertProject(project)
    if not chosen.offered_in(unit.region):
        areas = "、".join(str(a.label) for a in Area if a in chosen.areas)
        raise InvalidValue(
            _(PROJECT_NOT_OFFERED) % {"r": unit.region.name, "p": chosen.label, "a": areas}
        )
    if unit_name.strip() != unit.name:
        raise InvalidValue(_(UNIT_NAME_MISMATCH))
    if project == CertProject.ONLINE:
        if social_security_no != unit.unit_no:
            raise InvalidValue(_(SSN_MISMATCH))
        return
    if not Project.objects.filter(
        unit=unit, project_no=social_security_no, kind=ProjectKind.CONSTRUCTION
    ).exists():
        raise InvalidValue(_(PROJECT_SSN_MISMATCH) % {"n": social_security_no})


def open_order_refuse(unit: Unit, kind: str, project: str) -> None:
    """One open order of a kind per unit and project (call with the unit locked)."""
    open_order = CertificateOrder.objects.filter(
        unit=unit, kind=kind, project=project, status__in=OPEN_STATUSES
    ).first()
    if open_order is not None:
        raise InvalidValue(
            _(OPEN_ORDER_EXISTS) % {"k": open_order.get_kind_display(), "n": open_order.order_no}
        )


def previous_check(
    *,
    unit: Unit,
    kind: str,
    project: str,
    social_security_no: str,
    previous: UnitCertificate | None,
) -> UnitCertificate | None:
    """The certificate the order replaces: none for a 新办 (refused if one is held already), a
    valid one of the unit's for the others."""
    if kind == OrderKind.NEW:
        held = _valid_for_project(unit, project, social_security_no)
        if held is not None:
            raise InvalidValue(_(HAS_VALID_CERT) % {"s": held.serial_number})
        return None
    if previous is None:
        raise InvalidValue(_(PREVIOUS_REQUIRED))
    if previous.unit_id != unit.pk or previous.status != UnitCertificate.Status.VALID:
        raise InvalidValue(_(PREVIOUS_NOT_VALID))
    return previous


def _valid_for_project(unit: Unit, project: str, social_security_no: str) -> UnitCertificate | None:
    """A valid certificate the unit already holds for this project (a 新办 would duplicate it)."""
    valid = UnitCertificate.objects.filter(unit=unit, status=UnitCertificate.Status.VALID)
    if project == CertProject.CONSTRUCTION:
        valid = valid.filter(
            order__project=CertProject.CONSTRUCTION, order__social_security_no=social_security_no
        )
    else:
        valid = valid.exclude(order__project=CertProject.CONSTRUCTION)
    return valid.first()


def info_values(
    *,
    order: CertificateOrder,
    unit_name: str,
    credit_code: str,
    legal_person_name: str,
    legal_person_id_number: str,
    operator_name: str,
    operator_id_number: str,
    operator_mobile: str,
) -> dict[str, str]:
    """录入信息, every field checked; for all but 证书变更 the unit's must match its
    registration. ``OrderInvalid`` names every refused field at once."""
    errors: dict[str, str] = {}
    values = {
        "unit_name": text_value(errors, "unit_name", _("单位名称"), unit_name),
        "credit_code": parsed_value(errors, "credit_code", CreditCode.parse, credit_code),
        "legal_person_name": text_value(
            errors, "legal_person_name", _("法人姓名"), legal_person_name
        ),
        "legal_person_id_number": parsed_value(
            errors, "legal_person_id_number", IdNumber.parse, legal_person_id_number
        ),
        "operator_name": text_value(errors, "operator_name", _("经办人"), operator_name),
        "operator_id_number": parsed_value(
            errors, "operator_id_number", IdNumber.parse, operator_id_number
        ),
        "operator_mobile": parsed_value(errors, "operator_mobile", parse_mobile, operator_mobile),
    }
    if order.kind != OrderKind.CHANGE:
        unit = order.unit
        if "unit_name" not in errors and values["unit_name"] != unit.name:
            errors["unit_name"] = _(UNIT_INFO_MISMATCH) % {"f": _("单位名称")}
        if "credit_code" not in errors and values["credit_code"] != unit.credit_code:
            errors["credit_code"] = _(UNIT_INFO_MISMATCH) % {"f": _("统一社会信用代码")}
    if errors:
        raise OrderInvalid(errors)
    return values


def order_info_complete(order: CertificateOrder) -> bool:
    return all(
        (
            order.unit_name,
            order.credit_code,
            order.legal_person_name,
            order.legal_person_id_number,
            order.operator_name,
            order.operator_id_number,
            order.operator_mobile,
        )
    )


def text_value(errors: dict[str, str], field: str, label: str, value: str) -> str:
    value = (value or "").strip()
    if not value:
        errors[field] = _(REQUIRED) % {"f": label}
    elif len(value) > NAME_MAX:
        errors[field] = _(TOO_LONG) % {"f": label, "n": NAME_MAX}
    return value


def parsed_value(
    errors: dict[str, str], field: str, parse: Callable[[str], Any], value: str
) -> str:
    try:
        return str(parse(value))
    except InvalidValue as exc:
        errors[field] = str(exc)
        return (value or "").strip()
