"""Re-point the FKs to Region, now in policy (issue #11 §3): state only, columns unchanged."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('identity', '0009_operator_id_number_hash_unique'),
        ('policy', '0004_region_from_registry'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='reviewer',
                    name='region',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reviewers', to='policy.region'),
                ),
            ],
        ),
    ]
