"""Personal data at rest, step 2 of 3: encrypt the existing rows in batches (resumable:
``atomic = False``, one transaction a batch) and hash the persons' ID numbers."""

from django.db import migrations

from shebao.core.migration_ops import encrypt_columns


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("registry", "0004_encrypt_personal_data_columns")]

    operations = [
        migrations.RunPython(
            *encrypt_columns(
                "registry_person",
                ["id_number", "mobile"],
                id_number_hash=("id_number_hash", "id_number"),
            )
        ),
        migrations.RunPython(
            *encrypt_columns(
                "registry_project", ["manager_id_number", "manager_phone", "bank_account_no"]
            )
        ),
        migrations.RunPython(*encrypt_columns("registry_projectworker", ["mobile"])),
    ]
