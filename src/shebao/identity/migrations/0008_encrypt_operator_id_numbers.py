"""Personal data at rest, step 2 of 3: encrypt and hash the operators' ID numbers in batches
(resumable: ``atomic = False``, one transaction a batch; reversible)."""

from django.db import migrations

from shebao.core.migration_ops import encrypt_columns


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("identity", "0007_encrypt_operator_id_numbers_columns")]

    operations = [
        migrations.RunPython(
            *encrypt_columns(
                "identity_operatorprofile",
                ["id_number"],
                id_number_hash=("id_number_hash", "id_number"),
            )
        ),
        migrations.RunPython(
            *encrypt_columns(
                "identity_operatortraining",
                ["id_number"],
                id_number_hash=("id_number_hash", "id_number"),
            )
        ),
    ]
