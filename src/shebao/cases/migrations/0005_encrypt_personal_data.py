"""Personal data at rest: encrypt the existing rows in batches (resumable: ``atomic = False``,
one transaction a batch; reversible)."""

from django.db import migrations

from shebao.core.migration_ops import encrypt_columns


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("cases", "0004_encrypt_personal_data_columns")]

    operations = [
        migrations.RunPython(*encrypt_columns("cases_case", ["declarant_mobile"])),
        migrations.RunPython(*encrypt_columns("cases_caserow", ["raw", "cleaned"])),
    ]
