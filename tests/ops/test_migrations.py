"""Migration history hygiene: no empty merge migrations, and dropping the old ones of
``contributions`` leaves nothing to migrate on a database that applied them."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

#: The empty merge migrations ``contributions`` once had; databases migrated before they were
#: removed still list them in ``django_migrations``.
OLD_MERGES = [
    ("contributions", "0003_merge_0002_arrears_refunds_0002_bills"),
    ("contributions", "0004_merge_20261202_0448"),
    ("contributions", "0005_merge_20261202_0453"),
    ("contributions", "0007_merge_0006_bill_line_sources_0006_tax_invoice"),
]
#: What came after the old 0005 merge node, in the order a database there still has to apply.
AFTER_OLD_0005 = [
    "0006_bill_line_sources",
    "0006_tax_invoice",
    "0008_detail_without_declaration_index",
    "0009_refund_payout",
    "0010_arrears_line_interest_provisional",
    "0011_encrypt_personal_data_columns",
    "0012_encrypt_personal_data",
    "0013_region_in_policy",
    "0014_drop_bill_event",
    "0015_participation_certificate",
]
#: Other apps' migrations on the way: dropping BillEvent (0014) waits for the audit table
#: that its rows were copied into.
ALSO_PLANNED = [
    ("audit", "0001_initial"),
    ("audit", "0002_copy_access_events"),
    ("audit", "0003_copy_case_events"),
    ("audit", "0004_copy_bill_events"),
]


def project_migrations() -> dict[tuple[str, str], object]:
    labels = {c.label for c in apps.get_app_configs() if c.name.startswith("shebao.")}
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {key: m for key, m in loader.disk_migrations.items() if key[0] in labels}


def test_no_merge_migrations():
    """A merge migration only joins two branches of one app; rename and re-parent the newer
    branch instead (``makemigrations --merge`` is not how history grows here)."""
    merges = [
        f"{label}.{name}"
        for (label, name), migration in project_migrations().items()
        if not migration.operations  # type: ignore[attr-defined]
        and sum(dep[0] == label for dep in migration.dependencies) >= 2  # type: ignore[attr-defined]
    ]
    assert merges == []


@pytest.mark.django_db
def test_database_that_applied_the_old_merges_has_nothing_to_migrate():
    recorder = MigrationRecorder(connection)
    for app_label, name in OLD_MERGES:
        recorder.record_applied(app_label, name)
    loader = MigrationLoader(connection)
    loader.check_consistent_history(connection)
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    call_command("migrate", check_unapplied=True, verbosity=0)  # exits 1 if anything is left


def test_database_stopped_at_the_old_0005_merge_applies_exactly_what_followed():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    graph = loader.graph
    later = {("contributions", name) for name in AFTER_OLD_0005}
    depending = {n for key in later for n in graph.backwards_plan(key)}
    applied = (set(graph.nodes) - depending) | set(OLD_MERGES[:3])
    for key in applied & set(graph.nodes):
        assert set(graph.node_map[key].parents) <= applied | set(OLD_MERGES), key
    [leaf] = [key for key in graph.leaf_nodes() if key[0] == "contributions"]
    plan = [key for key in graph.forwards_plan(leaf) if key not in applied]
    assert sorted(plan) == sorted(
        [("contributions", name) for name in AFTER_OLD_0005] + ALSO_PLANNED
    )
