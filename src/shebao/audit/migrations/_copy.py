"""Copy one old audit table into ``audit_auditevent`` (used by this app's data migrations).

The old free-text action becomes the event type ``<domain>.<action>``; one INSERT ... SELECT
keeps the original times (``at`` is ``auto_now_add`` on the model) and works on PostgreSQL
and SQLite alike.
"""

from __future__ import annotations

from django.db import migrations

TARGET = (
    "event_type, at, actor_id, acting_unit_id, ip, certificate_id, case_id, bill_id, "
    "order_id, authority_id, subject_certificate_id, from_status, to_status, detail"
)


def copy(
    *,
    table: str,
    domain: str,
    unit: str = "NULL",
    certificate: str = "NULL",
    case: str = "NULL",
    bill: str = "NULL",
    order: str = "NULL",
    authority: str = "NULL",
    subject_certificate: str = "NULL",
    from_status: str = "''",
    to_status: str = "''",
) -> migrations.RunSQL:
    columns = ", ".join(
        [
            f"'{domain}.' || action",
            "at",
            "actor_id",
            unit,
            "ip",
            certificate,
            case,
            bill,
            order,
            authority,
            subject_certificate,
            from_status,
            to_status,
            "detail",
        ]
    )
    return migrations.RunSQL(
        sql=f"INSERT INTO audit_auditevent ({TARGET}) SELECT {columns} FROM {table} ORDER BY at, id",
        reverse_sql=f"DELETE FROM audit_auditevent WHERE event_type LIKE '{domain}.%'",
    )
