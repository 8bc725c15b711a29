"""Certificate orders: the applicant's steps, the CA's decision and the one-time download.

证书新办 / 变更 / 补办 / PIN解锁 follow the manual's five steps (信息效验 -> 录入信息 -> 打印申请表 ->
上传资料 -> 审核); 证书更新续期 replaces materials with proof of holding the current
certificate and is approved at once. Every change writes an order audit event in the same
transaction. The certificate is made when the applicant downloads it, with the PIN they type:
the private key exists only inside that one PKCS#12 response.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shebao.audit.services import audit_record
from shebao.audit.types import EventType
from shebao.cases.timing import due_date
from shebao.core.credit_code import CreditCode
from shebao.core.errors import InvalidValue
from shebao.core.ids import IdNumber
from shebao.core.models import next_values
from shebao.core.phone import parse_mobile
from shebao.pki import x509 as build
from shebao.pki.models import RevocationReason, UnitCertificate
from shebao.pki.pins import pin_check
from shebao.pki.services import certificate_issue, certificate_renew, certificate_revoke
from shebao.registry.choices import ProjectKind
from shebao.registry.models import Project, Region, Unit

from .materials import material_name, material_store, order_materials
from .models import (
    OPEN_STATUSES,
    CertificateOrder,
    CertProject,
    OrderKind,
    OrderStatus,
)
from .possession import possession_verify

#: R-CERT-13 / R-TIME-07: the CA decides within one working day.
REVIEW_WORKDAYS = 1
VALIDITY_DAYS = 365
ORDER_COUNTER = "pki_order_no"

REGION_MISMATCH = "参保区域与单位的参保所属机构（%(r)s）不一致"
UNIT_NAME_MISMATCH = "单位名称与当前经办单位的登记名称不一致，请核对后重新填写"
SSN_MISMATCH = "社保号与当前经办单位的社保号不一致"
PROJECT_SSN_MISMATCH = "项目社保号 %(n)s 不是当前经办单位的建设项目"
PREVIOUS_REQUIRED = "请选择要办理的原证书"
PREVIOUS_NOT_VALID = "所选证书不是当前经办单位的有效证书"
HAS_VALID_CERT = "单位已有有效证书（序列号 %(s)s），请办理证书更新续期、变更或补办"
OPEN_ORDER_EXISTS = "已有未办结的%(k)s订单（%(n)s），请在订单查询中继续办理"
NOT_DRAFT = "订单已提交，不能修改"
UNIT_INFO_MISMATCH = "%(f)s与单位参保登记信息不一致；单位信息已变更的，请办理证书变更"
REQUIRED = "%(f)s不能为空"
TOO_LONG = "%(f)s最多 %(n)d 个字"
INFO_MISSING = "请先完成录入信息"
NOT_AGREED = "请先打印申请表，并勾选“已阅读并遵守《数字证书服务协议》”"
MATERIAL_MISSING = "请上传：%(m)s"
NOT_SUBMITTED = "订单不是待审核状态，不能审核（当前状态：%(s)s）"
REASON_REQUIRED = "审核不通过时必须填写原因，原因将告知申请单位"
NOT_APPROVED = "订单尚未审核通过，不能下载证书"
ALREADY_ISSUED = "该订单的证书已下载，证书只能下载一次；遗失请办理证书补办"
PIN_MISMATCH = "两次输入的PIN码不一致"
PREVIOUS_GONE = "原证书已吊销，不能更新续期；请办理证书新办"
RENEW_KIND = "证书更新续期请通过持有的证书验证后办理"

NAME_MAX = 50


class OrderInvalid(InvalidValue):
    """Entered information refused; ``errors`` maps each field to its reason."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("；".join(errors.values()))
        self.errors = errors


def _event(
    order: CertificateOrder,
    action: str,
    *,
    actor: Any,
    ip: str | None,
    from_status: str = "",
    **detail: Any,
) -> None:
    audit_record(
        event_type=EventType.of("order", action),
        order=order,
        from_status=from_status or order.status,
        to_status=order.status,
        actor=actor,
        acting_unit=order.unit,
        ip=ip,
        detail=detail,
    )


def _order_no(day: dt.date) -> str:
    (value,) = next_values(ORDER_COUNTER)
    return f"ZS{day:%Y%m%d}{value % 1_000_000:06d}"


def _open_order_refuse(unit: Unit, kind: str, project: str) -> None:
    open_order = CertificateOrder.objects.filter(
        unit=unit, kind=kind, project=project, status__in=OPEN_STATUSES
    ).first()
    if open_order is not None:
        raise InvalidValue(
            _(OPEN_ORDER_EXISTS) % {"k": open_order.get_kind_display(), "n": open_order.order_no}
        )


def _project_ssn_check(unit: Unit, project: str, social_security_no: str) -> None:
    if project == CertProject.ONLINE:
        if social_security_no != unit.unit_no:
            raise InvalidValue(_(SSN_MISMATCH))
        return
    if not Project.objects.filter(
        unit=unit, project_no=social_security_no, kind=ProjectKind.CONSTRUCTION
    ).exists():
        raise InvalidValue(_(PROJECT_SSN_MISMATCH) % {"n": social_security_no})


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


@transaction.atomic
def order_start(
    *,
    unit: Unit,
    actor: Any,
    kind: str,
    project: str,
    social_security_no: str,
    region: Region,
    unit_name: str,
    previous: UnitCertificate | None = None,
    ip: str | None = None,
) -> CertificateOrder:
    """信息效验: project, 社保号, 参保区域 and 单位名称 must be the acting unit's; a draft order."""
    if kind == OrderKind.RENEW:
        raise InvalidValue(_(RENEW_KIND))
    if kind not in OrderKind.values or project not in CertProject.values:
        raise InvalidValue(_(REQUIRED) % {"f": _("办理事项")})
    social_security_no = social_security_no.strip()
    if region.pk != unit.region_id:
        raise InvalidValue(_(REGION_MISMATCH) % {"r": unit.region.name})
    if unit_name.strip() != unit.name:
        raise InvalidValue(_(UNIT_NAME_MISMATCH))
    _project_ssn_check(unit, project, social_security_no)
    Unit.objects.select_for_update().get(pk=unit.pk)  # one order start per unit at a time
    _open_order_refuse(unit, kind, project)
    if kind == OrderKind.NEW:
        previous = None
        held = _valid_for_project(unit, project, social_security_no)
        if held is not None:
            raise InvalidValue(_(HAS_VALID_CERT) % {"s": held.serial_number})
    else:
        if previous is None:
            raise InvalidValue(_(PREVIOUS_REQUIRED))
        if previous.unit_id != unit.pk or previous.status != UnitCertificate.Status.VALID:
            raise InvalidValue(_(PREVIOUS_NOT_VALID))
    order = CertificateOrder.objects.create(
        order_no=_order_no(timezone.localdate()),
        kind=kind,
        project=project,
        social_security_no=social_security_no,
        region=region,
        unit=unit,
        applicant=actor,
        unit_name=unit.name,
        credit_code=unit.credit_code,
        previous=previous,
    )
    _event(
        order,
        "start",
        actor=actor,
        ip=ip,
        kind=kind,
        project=project,
        previous=previous.serial_number if previous else "",
    )
    return order


def _locked_draft(order: CertificateOrder) -> CertificateOrder:
    locked = CertificateOrder.objects.select_for_update().get(pk=order.pk)
    if locked.status != OrderStatus.DRAFT:
        raise InvalidValue(_(NOT_DRAFT))
    return locked


def _text(errors: dict[str, str], field: str, label: str, value: str) -> str:
    value = (value or "").strip()
    if not value:
        errors[field] = _(REQUIRED) % {"f": label}
    elif len(value) > NAME_MAX:
        errors[field] = _(TOO_LONG) % {"f": label, "n": NAME_MAX}
    return value


def _parsed(errors: dict[str, str], field: str, parse: Any, value: str) -> str:
    try:
        return str(parse(value))
    except InvalidValue as exc:
        errors[field] = str(exc)
        return (value or "").strip()


@transaction.atomic
def order_info_save(
    *,
    order: CertificateOrder,
    actor: Any,
    unit_name: str,
    credit_code: str,
    legal_person_name: str,
    legal_person_id_number: str,
    operator_name: str,
    operator_id_number: str,
    operator_mobile: str,
    ip: str | None = None,
) -> CertificateOrder:
    """录入信息, every field checked; for all but 证书变更 the unit's must match its registration."""
    order = _locked_draft(order)
    errors: dict[str, str] = {}
    values = {
        "unit_name": _text(errors, "unit_name", _("单位名称"), unit_name),
        "credit_code": _parsed(errors, "credit_code", CreditCode.parse, credit_code),
        "legal_person_name": _text(errors, "legal_person_name", _("法人姓名"), legal_person_name),
        "legal_person_id_number": _parsed(
            errors, "legal_person_id_number", IdNumber.parse, legal_person_id_number
        ),
        "operator_name": _text(errors, "operator_name", _("经办人"), operator_name),
        "operator_id_number": _parsed(
            errors, "operator_id_number", IdNumber.parse, operator_id_number
        ),
        "operator_mobile": _parsed(errors, "operator_mobile", parse_mobile, operator_mobile),
    }
    if order.kind != OrderKind.CHANGE:
        unit = order.unit
        if "unit_name" not in errors and values["unit_name"] != unit.name:
            errors["unit_name"] = _(UNIT_INFO_MISMATCH) % {"f": _("单位名称")}
        if "credit_code" not in errors and values["credit_code"] != unit.credit_code:
            errors["credit_code"] = _(UNIT_INFO_MISMATCH) % {"f": _("统一社会信用代码")}
    if errors:
        raise OrderInvalid(errors)
    for field, value in values.items():
        setattr(order, field, value)
    order.save(update_fields=list(values))
    _event(order, "info", actor=actor, ip=ip, unit_name=values["unit_name"])
    return order


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


@transaction.atomic
def order_agree(*, order: CertificateOrder, actor: Any, ip: str | None = None) -> CertificateOrder:
    """打印申请表: 已阅读并遵守《数字证书服务协议》."""
    order = _locked_draft(order)
    if not order_info_complete(order):
        raise InvalidValue(_(INFO_MISSING))
    order.agreed_at = timezone.now()
    order.save(update_fields=["agreed_at"])
    _event(order, "agree", actor=actor, ip=ip)
    return order


def order_material_upload(
    *, order: CertificateOrder, material: str, uploaded_file: Any, actor: Any, ip: str | None = None
) -> Any:
    """上传资料 / 重新上传: one image per material, checked by content and size."""
    with transaction.atomic():
        order = _locked_draft(order)
        stored, replaced = material_store(
            order=order, material=material, uploaded_file=uploaded_file, actor=actor
        )
        _event(
            order,
            "material_upload",
            actor=actor,
            ip=ip,
            material=material,
            file=stored.original_name,
            size=stored.size,
            sha256=stored.sha256,
            content_type=stored.content_type,
            replaced=[old.original_name for old in replaced],
        )
    return stored


def order_missing_materials(order: CertificateOrder) -> list[str]:
    have = set(order.materials.values_list("material", flat=True))
    return [m.name for m in order_materials(order) if m.code not in have]


@transaction.atomic
def order_submit(*, order: CertificateOrder, actor: Any, ip: str | None = None) -> CertificateOrder:
    """资料待审核: due one working day after the day of submission (R-CERT-13)."""
    order = _locked_draft(order)
    if not order_info_complete(order):
        raise InvalidValue(_(INFO_MISSING))
    if order.agreed_at is None:
        raise InvalidValue(_(NOT_AGREED))
    missing = order_missing_materials(order)
    if missing:
        raise InvalidValue(_(MATERIAL_MISSING) % {"m": "、".join(missing)})
    now = timezone.now()
    order.status = OrderStatus.SUBMITTED
    order.submitted_at = now
    order.due_date = due_date(timezone.localdate(now), REVIEW_WORKDAYS)
    order.save(update_fields=["status", "submitted_at", "due_date"])
    _event(
        order,
        "submit",
        actor=actor,
        ip=ip,
        from_status=OrderStatus.DRAFT,
        due_date=order.due_date.isoformat(),
    )
    return order


@transaction.atomic
def order_renew_start(
    *,
    unit: Unit,
    actor: Any,
    certificate_pem: str,
    challenge: str,
    signature: str,
    operator_name: str,
    operator_mobile: str,
    ip: str | None = None,
) -> CertificateOrder:
    """证书更新续期: the applicant signs a challenge with the current, unexpired certificate; the
    order is approved at once and the new certificate is downloaded like any other."""
    errors: dict[str, str] = {}
    name = _text(errors, "operator_name", _("经办人"), operator_name)
    mobile = _parsed(errors, "operator_mobile", parse_mobile, operator_mobile)
    if errors:
        raise OrderInvalid(errors)
    previous = possession_verify(
        unit=unit, certificate_pem=certificate_pem, challenge=challenge, signature=signature
    )
    origin = CertificateOrder.objects.filter(certificate=previous).first()
    project = origin.project if origin else CertProject.ONLINE
    Unit.objects.select_for_update().get(pk=unit.pk)
    _open_order_refuse(unit, OrderKind.RENEW, project)
    now = timezone.now()
    order = CertificateOrder.objects.create(
        order_no=_order_no(timezone.localdate(now)),
        kind=OrderKind.RENEW,
        project=project,
        social_security_no=origin.social_security_no if origin else unit.unit_no,
        region=unit.region,
        unit=unit,
        applicant=actor,
        unit_name=unit.name,
        credit_code=unit.credit_code,
        operator_name=name,
        operator_mobile=mobile,
        previous=previous,
        possession_proven_at=now,
        status=OrderStatus.APPROVED,
        submitted_at=now,
        due_date=due_date(timezone.localdate(now), REVIEW_WORKDAYS),
        reviewed_at=now,
        reason=_("已验证持有有效证书，自动审核通过"),
    )
    _event(
        order,
        "renew_proven",
        actor=actor,
        ip=ip,
        from_status=OrderStatus.DRAFT,
        previous=previous.serial_number,
        not_after=previous.not_after.isoformat(),
    )
    return order


def _locked_submitted(order: CertificateOrder) -> CertificateOrder:
    locked = CertificateOrder.objects.select_for_update().get(pk=order.pk)
    if locked.status != OrderStatus.SUBMITTED:
        raise InvalidValue(_(NOT_SUBMITTED) % {"s": locked.get_status_display()})
    return locked


@transaction.atomic
def order_approve(
    *, order: CertificateOrder, actor: Any, ip: str | None = None
) -> CertificateOrder:
    """审核通过. A lost certificate (补办) is revoked now, not at download: it may be in other hands."""
    order = _locked_submitted(order)
    order.status = OrderStatus.APPROVED
    order.reviewer = actor
    order.reviewed_at = timezone.now()
    order.reason = ""
    order.save(update_fields=["status", "reviewer", "reviewed_at", "reason"])
    revoked = ""
    if order.kind == OrderKind.REISSUE and order.previous is not None:
        revoked = _revoke_if_valid(order.previous, RevocationReason.KEY_COMPROMISE, actor, ip)
    _event(order, "approve", actor=actor, ip=ip, from_status=OrderStatus.SUBMITTED, revoked=revoked)
    return order


@transaction.atomic
def order_reject(
    *, order: CertificateOrder, actor: Any, reason: str, ip: str | None = None
) -> CertificateOrder:
    """审核不通过, with the reason the applicant reads in 订单查询."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidValue(_(REASON_REQUIRED))
    order = _locked_submitted(order)
    order.status = OrderStatus.REJECTED
    order.reviewer = actor
    order.reviewed_at = timezone.now()
    order.reason = reason[:500]
    order.save(update_fields=["status", "reviewer", "reviewed_at", "reason"])
    _event(order, "reject", actor=actor, ip=ip, from_status=OrderStatus.SUBMITTED, reason=reason)
    return order


def _revoke_if_valid(cert: UnitCertificate, reason: str, actor: Any, ip: str | None) -> str:
    current = UnitCertificate.objects.get(pk=cert.pk)
    if current.status != UnitCertificate.Status.VALID:
        return ""
    certificate_revoke(certificate=current, reason=reason, actor=actor, ip=ip)
    return current.serial_number


@transaction.atomic
def order_certificate_issue(
    *,
    order: CertificateOrder,
    actor: Any,
    pin: str = "",
    pin_again: str = "",
    public_key: bytes | None = None,
    ip: str | None = None,
) -> tuple[CertificateOrder, bytes | None]:
    """下载证书 / 安装证书, once: for a key the browser made (``public_key``), or a new key in a
    PKCS#12 locked with the chosen PIN.

    变更 and PIN解锁 revoke the old certificate now; 更新续期 supersedes it (certificate_renew)."""
    if public_key is None:
        pin_check(pin)
        if pin != pin_again:
            raise InvalidValue(_(PIN_MISMATCH))
    order = CertificateOrder.objects.select_for_update().get(pk=order.pk)
    if order.certificate_id is not None or order.status == OrderStatus.ISSUED:
        raise InvalidValue(_(ALREADY_ISSUED))
    if order.status != OrderStatus.APPROVED:
        raise InvalidValue(_(NOT_APPROVED))
    previous = order.previous
    revoked = ""
    if order.kind == OrderKind.RENEW:
        assert previous is not None
        if UnitCertificate.objects.get(pk=previous.pk).status != UnitCertificate.Status.VALID:
            raise InvalidValue(_(PREVIOUS_GONE))
        record, p12 = certificate_renew(
            certificate=previous,
            public_key=public_key,
            pin=pin or None,
            actor=actor,
            validity_days=VALIDITY_DAYS,
            ip=ip,
        )
        revoked = previous.serial_number
    else:
        identity = build.UnitIdentity(order.unit_name, order.credit_code, order.unit.unit_no)
        record, p12 = certificate_issue(
            unit=order.unit,
            public_key=public_key,
            pin=pin or None,
            actor=actor,
            validity_days=VALIDITY_DAYS,
            ip=ip,
            identity=identity,
        )
        if previous is not None:
            reason = {
                OrderKind.CHANGE: RevocationReason.AFFILIATION_CHANGED,
                OrderKind.REISSUE: RevocationReason.KEY_COMPROMISE,
            }.get(OrderKind(order.kind), RevocationReason.SUPERSEDED)
            revoked = _revoke_if_valid(previous, reason, actor, ip)
    order.status = OrderStatus.ISSUED
    order.certificate = record
    order.issued_at = timezone.now()
    order.save(update_fields=["status", "certificate", "issued_at"])
    _event(
        order,
        "issue",
        actor=actor,
        ip=ip,
        from_status=OrderStatus.APPROVED,
        serial=record.serial_number,
        not_after=record.not_after.isoformat(),
        revoked=revoked,
    )
    return order, p12


NO_APPROVED_ORDER = "本单位没有待安装的证书：请先在“数字证书”中办理证书新办（或更新、变更、补办），CA审核通过后再安装"


def approved_order_for(unit: Unit) -> CertificateOrder:
    """The unit's oldest approved order still waiting for its certificate."""
    order = (
        CertificateOrder.objects.filter(unit=unit, status=OrderStatus.APPROVED, certificate=None)
        .order_by("reviewed_at", "pk")
        .first()
    )
    if order is None:
        raise InvalidValue(_(NO_APPROVED_ORDER))
    return order


__all__ = [
    "approved_order_for",
    "OrderInvalid",
    "material_name",
    "order_agree",
    "order_approve",
    "order_certificate_issue",
    "order_info_complete",
    "order_info_save",
    "order_material_upload",
    "order_missing_materials",
    "order_reject",
    "order_renew_start",
    "order_start",
    "order_submit",
]
