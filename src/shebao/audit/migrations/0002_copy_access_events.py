from django.db import migrations

from ._copy import copy


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("identity", "0009_operator_id_number_hash_unique"),
    ]

    operations = [copy(table="identity_accessevent", domain="access", unit="unit_id")]
