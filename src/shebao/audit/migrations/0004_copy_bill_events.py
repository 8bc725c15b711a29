from django.db import migrations

from ._copy import copy


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_copy_case_events"),
        ("contributions", "0012_encrypt_personal_data"),
    ]

    operations = [
        copy(
            table="contributions_billevent",
            domain="bill",
            unit="(SELECT b.unit_id FROM contributions_bill b WHERE b.id = bill_id)",
            bill="bill_id",
            from_status="from_status",
            to_status="to_status",
        )
    ]
