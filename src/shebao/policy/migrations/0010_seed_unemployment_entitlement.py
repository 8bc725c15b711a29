"""失业保险条例 第十七条's entitlement table as parameter rows (national, no region)."""

from django.db import migrations

from shebao.policy.unemployment import entitlement_seed


def seed(apps, schema_editor):
    entitlement_seed(apps.get_model("policy", "UnemploymentEntitlementRule"))


class Migration(migrations.Migration):
    dependencies = [("policy", "0009_unemployment_benefit_parameters")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
