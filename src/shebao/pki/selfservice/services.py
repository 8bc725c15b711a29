"""Certificate orders: the applicant's steps, the CA's decision and the one-time download.

证书新办 / 变更 / 补办 / PIN解锁 follow the manual's five steps (信息校验 -> 录入信息 -> 打印申请表 ->
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
from django.utils.translation import gettext_noop

from shebao.audit.services import audit_record
from shebao.audit.types import EventType
from shebao.cases.review_core import Lifecycle, missing_materials, review_due
from shebao.core.errors import InvalidValue
from shebao.core.models import next_values
from shebao.core.phone import parse_mobile
from shebao.pki import x509 as build
from shebao.pki.models import RevocationReason, UnitCertificate
from shebao.pki.pins import pin_check
from shebao.pki.services import certificate_issue, certificate_renew, certificate_revoke
from shebao.policy.models import Region
from shebao.registry.models import Unit

from . import entry
from .entry import OrderInvalid, order_info_complete
from .materials import material_name, material_store, order_materials
from .models import CertificateOrder, CertProject, OrderKind, OrderStatus
from .possession import possession_verify

#: R-CERT-13 / R-TIME-07: the CA decides within one working day.
REVIEW_WORKDAYS = 1
#: 待提交 -> 待审核 -> 审核通过 | 审核不通过, 审核通过 -> 已发证 at the download. A 更新续期 order
#: is created 审核通过: holding the current certificate is its review.
ORDER_LIFECYCLE = Lifecycle(
    {
        OrderStatus.DRAFT: frozenset({OrderStatus.SUBMITTED}),
        OrderStatus.SUBMITTED: frozenset({OrderStatus.APPROVED, OrderStatus.REJECTED}),
        OrderStatus.APPROVED: frozenset({OrderStatus.ISSUED}),
    }
)
VALIDITY_DAYS = 365
ORDER_COUNTER = "pki_order_no"

NOT_DRAFT = gettext_noop("订单已提交，不能修改")
INFO_MISSING = gettext_noop("请先完成录入信息")
NOT_AGREED = gettext_noop("请先打印申请表，并勾选“已阅读并遵守《数字证书服务协议》”")
MATERIAL_MISSING = gettext_noop("请上传：%(m)s")
NOT_SUBMITTED = gettext_noop("订单不是待审核状态，不能审核（当前状态：%(s)s）")
REASON_REQUIRED = gettext_noop("审核不通过时必须填写原因，原因将告知申请单位")
NOT_APPROVED = gettext_noop("订单尚未审核通过，不能下载证书")
ALREADY_ISSUED = gettext_noop("该订单的证书已下载，证书只能下载一次；遗失请办理证书补办")
PIN_MISMATCH = gettext_noop("两次输入的PIN码不一致")
PREVIOUS_GONE = gettext_noop("原证书已吊销，不能更新续期；请办理证书新办")


def _event(
    order: CertificateOrder,
    event_type: str,
    *,
    actor: Any,
    ip: str | None,
    from_status: str = "",
    **detail: Any,
) -> None:
    audit_record(
        event_type=event_type,
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
    """信息校验: project, 社保号, 参保区域 and 单位名称 must be the acting unit's; a draft order."""
    social_security_no = social_security_no.strip()
    entry.start_check(
        unit=unit,
        kind=kind,
        project=project,
        social_security_no=social_security_no,
        region=region,
        unit_name=unit_name,
    )
    Unit.objects.select_for_update().get(pk=unit.pk)  # one order start per unit at a time
    entry.open_order_refuse(unit, kind, project)
    previous = entry.previous_check(
        unit=unit,
        kind=kind,
        project=project,
        social_security_no=social_security_no,
        previous=previous,
    )
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
        EventType.ORDER_START,
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
    values = entry.info_values(
        order=order,
        unit_name=unit_name,
        credit_code=credit_code,
        legal_person_name=legal_person_name,
        legal_person_id_number=legal_person_id_number,
        operator_name=operator_name,
        operator_id_number=operator_id_number,
        operator_mobile=operator_mobile,
    )
    for field, value in values.items():
        setattr(order, field, value)
    order.save(update_fields=list(values))
    _event(order, EventType.ORDER_INFO, actor=actor, ip=ip, unit_name=values["unit_name"])
    return order


@transaction.atomic
def order_agree(*, order: CertificateOrder, actor: Any, ip: str | None = None) -> CertificateOrder:
    """打印申请表: 已阅读并遵守《数字证书服务协议》."""
    order = _locked_draft(order)
    if not order_info_complete(order):
        raise InvalidValue(_(INFO_MISSING))
    order.agreed_at = timezone.now()
    order.save(update_fields=["agreed_at"])
    _event(order, EventType.ORDER_AGREE, actor=actor, ip=ip)
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
            EventType.ORDER_MATERIAL_UPLOAD,
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
    required = ((m.code, m.name) for m in order_materials(order))
    return missing_materials(required, order.materials.values_list("material", flat=True))


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
    ORDER_LIFECYCLE.move(order, OrderStatus.SUBMITTED)
    order.submitted_at = now
    order.due_date = review_due(now, REVIEW_WORKDAYS)
    order.save(update_fields=["status", "submitted_at", "due_date"])
    _event(
        order,
        EventType.ORDER_SUBMIT,
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
    name = entry.text_value(errors, "operator_name", _("经办人"), operator_name)
    mobile = entry.parsed_value(errors, "operator_mobile", parse_mobile, operator_mobile)
    if errors:
        raise OrderInvalid(errors)
    previous = possession_verify(
        unit=unit, certificate_pem=certificate_pem, challenge=challenge, signature=signature
    )
    origin = CertificateOrder.objects.filter(certificate=previous).first()
    project = origin.project if origin else CertProject.ONLINE
    Unit.objects.select_for_update().get(pk=unit.pk)
    entry.open_order_refuse(unit, OrderKind.RENEW, project)
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
        due_date=review_due(now, REVIEW_WORKDAYS),
        reviewed_at=now,
        reason=_("已验证持有有效证书，自动审核通过"),
    )
    _event(
        order,
        EventType.ORDER_RENEW_PROVEN,
        actor=actor,
        ip=ip,
        from_status=OrderStatus.DRAFT,
        previous=previous.serial_number,
        not_after=previous.not_after.isoformat(),
    )
    return order


def _decide(order: CertificateOrder, after: str, actor: Any, **fields: Any) -> CertificateOrder:
    """Move a submitted order to a decision exactly once, whichever reviewer clicks first."""
    decided = ORDER_LIFECYCLE.decide(
        CertificateOrder.objects,
        pk=order.pk,
        before=OrderStatus.SUBMITTED,
        after=after,
        reviewer=actor,
        reviewed_at=timezone.now(),
        **fields,
    )
    order = CertificateOrder.objects.get(pk=order.pk)
    if not decided:
        raise InvalidValue(_(NOT_SUBMITTED) % {"s": order.get_status_display()})
    return order


@transaction.atomic
def order_approve(
    *, order: CertificateOrder, actor: Any, ip: str | None = None
) -> CertificateOrder:
    """审核通过. A lost certificate (补办) is revoked now, not at download: it may be in other hands."""
    order = _decide(order, OrderStatus.APPROVED, actor, reason="")
    revoked = ""
    if order.kind == OrderKind.REISSUE and order.previous is not None:
        revoked = _revoke_if_valid(order.previous, RevocationReason.KEY_COMPROMISE, actor, ip)
    _event(
        order,
        EventType.ORDER_APPROVE,
        actor=actor,
        ip=ip,
        from_status=OrderStatus.SUBMITTED,
        revoked=revoked,
    )
    return order


@transaction.atomic
def order_reject(
    *, order: CertificateOrder, actor: Any, reason: str, ip: str | None = None
) -> CertificateOrder:
    """审核不通过, with the reason the applicant reads in 订单查询."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidValue(_(REASON_REQUIRED))
    order = _decide(order, OrderStatus.REJECTED, actor, reason=reason[:500])
    _event(
        order,
        EventType.ORDER_REJECT,
        actor=actor,
        ip=ip,
        from_status=OrderStatus.SUBMITTED,
        reason=reason,
    )
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
    ORDER_LIFECYCLE.move(order, OrderStatus.ISSUED)
    order.certificate = record
    order.issued_at = timezone.now()
    order.save(update_fields=["status", "certificate", "issued_at"])
    _event(
        order,
        EventType.ORDER_ISSUE,
        actor=actor,
        ip=ip,
        from_status=OrderStatus.APPROVED,
        serial=record.serial_number,
        not_after=record.not_after.isoformat(),
        revoked=revoked,
    )
    return order, p12


NO_APPROVED_ORDER = gettext_noop(
    "本单位没有待安装的证书：请先在“数字证书”中办理证书新办（或更新、变更、补办），CA审核通过后再安装"
)


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
