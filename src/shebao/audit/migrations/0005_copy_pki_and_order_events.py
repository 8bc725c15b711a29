from django.db import migrations

from ._copy import copy


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_copy_bill_events"),
        ("pki", "0003_pin_failures"),
        ("pki_selfservice", "0003_encrypt_personal_data"),
    ]

    operations = [
        copy(
            table="pki_pkievent",
            domain="pki",
            unit="unit_id",
            authority="authority_id",
            subject_certificate="certificate_id",
            certificate="CASE WHEN action = 'login' THEN certificate_id END",
        ),
        copy(
            table="pki_selfservice_orderevent",
            domain="order",
            unit="unit_id",
            order="order_id",
            from_status="from_status",
            to_status="to_status",
        ),
    ]
