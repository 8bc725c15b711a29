"""Region now lives in policy (see policy 0004): state only, the table stays.

Runs after every app re-pointed its FK, so the old state model has no referrers left.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0006_region_in_policy'),
        ('contributions', '0013_region_in_policy'),
        ('identity', '0010_region_in_policy'),
        ('pki_selfservice', '0004_region_in_policy'),
        ('policy', '0004_region_from_registry'),
        ('registry', '0006_person_id_number_hash_unique'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='unit',
                    name='region',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='units', to='policy.region', verbose_name='参保所属机构'),
                ),
                migrations.DeleteModel(
                    name='Region',
                ),
            ],
        ),
    ]
