"""The import-linter contracts of pyproject.toml hold (issue #11 §3): apps are layered one way,
pki never imports the portal, policy never imports registry beyond the listed debts."""

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_are_kept():
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0
