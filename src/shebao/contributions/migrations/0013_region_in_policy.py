"""Re-point the FKs to Region, now in policy (issue #11 §3): state only, columns unchanged."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contributions', '0012_encrypt_personal_data'),
        ('policy', '0004_region_from_registry'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='arrears',
                    name='region',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='policy.region', verbose_name='经办机构'),
                ),
                migrations.AlterField(
                    model_name='arrivalimport',
                    name='region',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='policy.region'),
                ),
                migrations.AlterField(
                    model_name='bill',
                    name='region',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='policy.region', verbose_name='经办机构'),
                ),
                migrations.AlterField(
                    model_name='monthlydeclaration',
                    name='region',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='policy.region', verbose_name='经办机构'),
                ),
                migrations.AlterField(
                    model_name='regiondeclarationrun',
                    name='region',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='policy.region', verbose_name='经办机构'),
                ),
                migrations.AlterField(
                    model_name='taxinvoiceimport',
                    name='region',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='policy.region'),
                ),
            ],
        ),
    ]
