"""Personal data at rest, step 1 of 3 for the operators' ID numbers: the columns become text
for Fernet tokens, with ``id_number_hash`` beside them (filled in 0007, unique in 0008)."""

from django.db import migrations

import shebao.core.fields


def id_hash() -> object:
    return shebao.core.fields.IdNumberHashField(
        null=True, source="id_number", verbose_name="证件号码摘要"
    )


class Migration(migrations.Migration):
    dependencies = [("identity", "0006_encrypt_personal_data")]

    operations = [
        migrations.RemoveConstraint(model_name="operatortraining", name="training_once_per_unit"),
        migrations.AddField("operatorprofile", "id_number_hash", id_hash()),
        migrations.AddField("operatortraining", "id_number_hash", id_hash()),
        migrations.AlterField(
            "operatorprofile",
            "id_number",
            shebao.core.fields.EncryptedCharField(max_length=18, verbose_name="身份证号码"),
        ),
        migrations.AlterField(
            "operatortraining",
            "id_number",
            shebao.core.fields.EncryptedCharField(max_length=18, verbose_name="身份证号码"),
        ),
    ]
