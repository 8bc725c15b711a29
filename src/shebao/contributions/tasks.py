"""Background tasks of contributions, sent by celery beat (``CELERY_BEAT_SCHEDULE``).

They take no arguments: each works out what is due from the database, so a late, repeated
or retried run changes nothing twice.
"""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def bills_expire_overdue() -> int:
    """Daily at 01:00: valid, unpaid bills past their 缴费截止日期 become 已过期 (audited)."""
    from .bills import bill_expire_overdue

    return bill_expire_overdue()
