from django.db import migrations

from ._copy import copy


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_copy_access_events"),
        ("cases", "0005_encrypt_personal_data"),
    ]

    operations = [
        copy(
            table="cases_caseevent",
            domain="case",
            unit="unit_id",
            case="case_id",
            from_status="from_status",
            to_status="to_status",
        )
    ]
