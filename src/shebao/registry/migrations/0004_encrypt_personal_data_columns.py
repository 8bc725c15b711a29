"""Personal data at rest, step 1 of 3: the columns become text for Fernet tokens, and the
person gets ``id_number_hash`` (filled in 0005, unique in 0006)."""

from django.db import migrations

import shebao.core.fields


def encrypted(max_length: int, label: str, blank: bool = False) -> object:
    return shebao.core.fields.EncryptedCharField(
        blank=blank, max_length=max_length, verbose_name=label
    )


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_projects")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="id_number_hash",
            field=shebao.core.fields.IdNumberHashField(
                null=True, source="id_number", verbose_name="证件号码摘要"
            ),
        ),
        migrations.AlterField("person", "id_number", encrypted(18, "证件号码")),
        migrations.AlterField("person", "mobile", encrypted(11, "手机号码", blank=True)),
        migrations.AlterField("project", "bank_account_no", encrypted(40, "银行账号", blank=True)),
        migrations.AlterField("project", "manager_id_number", encrypted(30, "负责人证件号码")),
        migrations.AlterField("project", "manager_phone", encrypted(20, "负责人联系电话")),
        migrations.AlterField("projectworker", "mobile", encrypted(11, "手机号码", blank=True)),
    ]
