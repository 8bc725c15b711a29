"""The 2024 retirement law and the early-retirement conditions as parameter rows."""

from django.db import migrations

from shebao.policy.retirement_seed import retirement_law_seed


def seed(apps, schema_editor):
    retirement_law_seed(
        age_rule=apps.get_model("policy", "RetirementAgeRule"),
        minimum_rule=apps.get_model("policy", "MinimumContributionRule"),
        early_rule=apps.get_model("policy", "EarlyRetirementParameter"),
    )


class Migration(migrations.Migration):
    dependencies = [("policy", "0005_retirement_law_parameters")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
