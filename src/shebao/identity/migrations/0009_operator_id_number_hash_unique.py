"""Personal data at rest, step 3 of 3: the hashes carry the operators' uniqueness (one
profile per ID number, one training per unit and ID number)."""

from django.db import migrations, models

import shebao.core.fields


class Migration(migrations.Migration):
    dependencies = [("identity", "0008_encrypt_operator_id_numbers")]

    operations = [
        migrations.AlterField(
            model_name="operatorprofile",
            name="id_number_hash",
            field=shebao.core.fields.IdNumberHashField(
                source="id_number", unique=True, verbose_name="证件号码摘要"
            ),
        ),
        migrations.AlterField(
            model_name="operatortraining",
            name="id_number_hash",
            field=shebao.core.fields.IdNumberHashField(
                source="id_number", verbose_name="证件号码摘要"
            ),
        ),
        migrations.AddConstraint(
            model_name="operatortraining",
            constraint=models.UniqueConstraint(
                fields=("unit", "id_number_hash"), name="training_once_per_unit"
            ),
        ),
    ]
