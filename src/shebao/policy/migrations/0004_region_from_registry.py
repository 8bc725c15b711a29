"""Region moves from registry to policy (issue #11 §3): policy is below registry.

State only: the model keeps its table (``registry_region``), so no row moves. The FKs of
policy's own models point at the new state model; their columns do not change. The content
type follows the model, so permissions granted on regions and admin log entries keep pointing
at it.
"""

import django.db.models.deletion
from django.db import migrations, models


def _move_content_type(apps, schema_editor, source="registry", target="policy"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=target, model="region").exists():
        ContentType.objects.filter(app_label=source, model="region").update(app_label=target)


def _move_content_type_back(apps, schema_editor):
    _move_content_type(apps, schema_editor, source="policy", target="registry")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('policy', '0003_projectpremiumrate'),
        ('registry', '0006_person_id_number_hash_unique'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Region',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=12, unique=True, verbose_name='机构编码')),
                        ('name', models.CharField(max_length=50, verbose_name='参保所属机构')),
                        ('is_provincial_level', models.BooleanField(default=False, verbose_name='省本级')),
                    ],
                    options={
                        'verbose_name': '参保所属机构',
                        'verbose_name_plural': '参保所属机构',
                        'db_table': 'registry_region',
                        'ordering': ['code'],
                    },
                ),
                migrations.AlterField(
                    model_name='accountinterestrate',
                    name='region',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='account_interest_rates', to='policy.region', verbose_name='参保所属机构'),
                ),
                migrations.AlterField(
                    model_name='basestandard',
                    name='region',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='base_standards', to='policy.region', verbose_name='参保所属机构'),
                ),
                migrations.AlterField(
                    model_name='contributionrate',
                    name='region',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='contribution_rates', to='policy.region', verbose_name='参保所属机构'),
                ),
                migrations.AlterField(
                    model_name='contributionyearrule',
                    name='region',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='contribution_year_rules', to='policy.region', verbose_name='参保所属机构'),
                ),
                migrations.AlterField(
                    model_name='latefeerate',
                    name='region',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='late_fee_rates', to='policy.region', verbose_name='参保所属机构'),
                ),
                migrations.AlterField(
                    model_name='projectpremiumrate',
                    name='region',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='project_premium_rates', to='policy.region', verbose_name='参保所属机构'),
                ),
            ],
        ),
        migrations.RunPython(_move_content_type, _move_content_type_back),
    ]
