"""Re-point the FKs to Region, now in policy (issue #11 §3): state only, columns unchanged."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('pki_selfservice', '0003_encrypt_personal_data'),
        ('policy', '0004_region_from_registry'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='certificateorder',
                    name='region',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='policy.region', verbose_name='参保区域'),
                ),
            ],
        ),
    ]
