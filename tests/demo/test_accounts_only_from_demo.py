"""Demo accounts and the demo unit come only from ``load_demo``, never from migrations."""

from django.contrib.auth import get_user_model

from shebao.demo import loader
from shebao.registry.models import Unit


def test_a_migrated_database_has_no_demo_accounts(db):
    assert not get_user_model().objects.filter(username__startswith="demo_").exists()
    assert not Unit.objects.filter(unit_no=loader.UNIT_NO).exists()
