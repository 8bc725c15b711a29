"""Reads of certificate orders, scoped: an applicant sees the acting unit's orders only."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from shebao.pki.models import UnitCertificate
from shebao.registry.models import Unit

from .models import CaStaff, CertificateOrder, OrderMaterial, OrderStatus


def ca_staff_member(user: Any) -> bool:
    """The CA staff list, provided to identity as ``roles.CA_STAFF`` (ask ``roles.is_ca_staff``)."""
    return CaStaff.objects.filter(user=user).exists()


def order_list(*, unit: Unit) -> QuerySet[CertificateOrder]:
    """订单查询: the unit's orders, newest first."""
    return CertificateOrder.objects.filter(unit=unit).select_related(
        "certificate", "previous", "region"
    )


def order_get(*, unit: Unit, pk: int) -> CertificateOrder:
    """The unit's order; ``CertificateOrder.DoesNotExist`` for anyone else's."""
    return order_list(unit=unit).get(pk=pk)


def staff_queue(*, status: str = OrderStatus.SUBMITTED) -> QuerySet[CertificateOrder]:
    """The CA's queue: earliest due date first, then the order it came in."""
    qs = CertificateOrder.objects.exclude(status=OrderStatus.DRAFT).select_related(
        "unit", "region", "applicant"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("due_date", "submitted_at", "pk")


def staff_order_get(*, pk: int) -> CertificateOrder:
    """Any submitted order (drafts stay the applicant's own until submitted)."""
    return (
        CertificateOrder.objects.exclude(status=OrderStatus.DRAFT)
        .select_related("unit", "region", "applicant", "reviewer")
        .get(pk=pk)
    )


def material_get(*, order: CertificateOrder, pk: int) -> OrderMaterial:
    """A material of ``order``, which must itself come from a scoped selector."""
    return OrderMaterial.objects.get(order=order, pk=pk)


def valid_certificates(*, unit: Unit) -> QuerySet[UnitCertificate]:
    return UnitCertificate.objects.filter(unit=unit, status=UnitCertificate.Status.VALID)


def seal_sample(*, unit: Unit) -> OrderMaterial | None:
    """The 电子签章取样表 of the unit's latest approved order: the image its e-seal is made from."""
    return (
        OrderMaterial.objects.filter(
            order__unit=unit,
            order__status__in=(OrderStatus.APPROVED, OrderStatus.ISSUED),
            material="seal_sample",
        )
        .order_by("-order__reviewed_at", "-pk")
        .first()
    )
