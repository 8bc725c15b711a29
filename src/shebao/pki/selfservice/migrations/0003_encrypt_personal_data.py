"""Personal data at rest: encrypt the existing rows in batches (resumable: ``atomic = False``,
one transaction a batch; reversible)."""

from django.db import migrations

from shebao.core.migration_ops import encrypt_columns


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("pki_selfservice", "0002_encrypt_personal_data_columns")]

    operations = [
        migrations.RunPython(
            *encrypt_columns(
                "pki_selfservice_certificateorder",
                ["legal_person_id_number", "operator_id_number", "operator_mobile"],
            )
        ),
    ]
