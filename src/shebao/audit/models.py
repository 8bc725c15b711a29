"""The audit trail: one append-only table for every audited change and read.

Who (``actor``), acting for which unit (``acting_unit``), with which certificate
(``certificate``, when the login was by one), from where (``ip``), what happened
(``event_type``, a constant of :class:`~shebao.audit.types.EventType`), to what (one subject
foreign key: a case, a bill, a certificate order, a CA or a certificate) and what changed
(``from_status``/``to_status``, ``detail``). Subjects are referenced by string so this app,
at the bottom of the layers, imports nothing above ``core``.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone

from .types import EventType

APPEND_ONLY = "audit events are append-only"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """No update or delete through the ORM: the trail is only ever appended to."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise TypeError(APPEND_ONLY)

    def delete(self) -> NoReturn:
        raise TypeError(APPEND_ONLY)


class AuditEvent(models.Model):
    event_type = models.CharField(max_length=40)
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: the unit acted for, or whose data was read; none for a staff login or a platform-wide run
    acting_unit = models.ForeignKey(
        "registry.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ip = models.GenericIPAddressField(null=True, blank=True)
    #: the unit certificate the actor logged in with, when there was one
    certificate = models.ForeignKey(
        "pki.UnitCertificate", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Subjects: at most one is set, by the event type's domain.
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    bill = models.ForeignKey(
        "contributions.Bill",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    order = models.ForeignKey(
        "pki_selfservice.CertificateOrder",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    authority = models.ForeignKey(
        "pki.CertificateAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    #: the certificate the event is about (issued, renewed, revoked, its PIN changed)
    subject_certificate = models.ForeignKey(
        "pki.UnitCertificate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["case", "at"], name="audit_case_at"),
            models.Index(fields=["bill", "at"], name="audit_bill_at"),
            models.Index(fields=["order", "at"], name="audit_order_at"),
            models.Index(fields=["event_type", "at"], name="audit_type_at"),
            models.Index(fields=["acting_unit", "at"], name="audit_unit_at"),
        ]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M:%S} {self.event_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError(APPEND_ONLY)
        if self.event_type not in EventType.all():
            raise ValueError(f"unknown audit event type {self.event_type!r}")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError(APPEND_ONLY)

    @property
    def action(self) -> str:
        """The type's short name within its domain (``case.submit`` -> ``submit``)."""
        return self.event_type.partition(".")[2] or self.event_type
