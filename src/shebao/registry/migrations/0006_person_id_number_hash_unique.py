"""Personal data at rest, step 3 of 3: the hash carries the ID number's uniqueness."""

from django.db import migrations

import shebao.core.fields


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_encrypt_personal_data")]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="id_number_hash",
            field=shebao.core.fields.IdNumberHashField(
                source="id_number", unique=True, verbose_name="证件号码摘要"
            ),
        ),
    ]
