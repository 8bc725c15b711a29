"""Background tasks of cases. Tasks take ids, claim their work once, and are safe to retry."""

from __future__ import annotations

from typing import Any

from celery import shared_task


@shared_task(bind=True, acks_late=True, ignore_result=True)
def import_rows(self: Any, import_id: int) -> None:
    """Validate a big roster upload and make it the case's rows (see ``cases.imports``).

    A message redelivered because its worker died mid-import may take over the import the
    dead worker left ``running``; nothing of that attempt was stored.
    """
    from .imports import run_import

    delivery = getattr(self.request, "delivery_info", None) or {}
    run_import(import_id, resume=bool(delivery.get("redelivered")))


@shared_task(ignore_result=True)
def imports_sweep() -> None:
    """Every minute (beat): imports whose worker died become 已中断; forgotten ones lose their file."""
    from .import_lease import imports_sweep as sweep

    sweep()


@shared_task(acks_late=True, ignore_result=True)
def personal_data_purge_due() -> None:
    """Daily at 02:30 (``CELERY_BEAT_SCHEDULE``): the retention purge, audited per run."""
    from .purge import personal_data_purge

    personal_data_purge()
