"""The English catalogue is complete: every msgid the code and templates mark is in
``src/shebao/locale/en/LC_MESSAGES/django.po``, translated and not fuzzy.

It runs the same ``makemessages`` as ``make messages`` on a copy of ``src/shebao`` and of
the catalogue (makemessages writes into a ``locale`` directory it finds, so the checkout is
never its working directory) and reads the result. When it fails: ``make messages``, translate
the entries it names, and drop the ``fuzzy`` flags once checked.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

SHEBAO = Path(settings.BASE_DIR)
CATALOGUE = Path("en") / "LC_MESSAGES" / "django.po"
SHOWN = 8


def read_po(path: Path) -> list[dict[str, object]]:
    """The entries of a PO file: msgid (``context\\x04msgid`` with a context), flags and the
    msgstr of each plural form."""
    entries: list[dict[str, object]] = []
    entry: dict[str, object] | None = None
    field = ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry is not None:
                if entry["msgctxt"]:  # gettext's key for a msgid with a context
                    entry["msgid"] = f"{entry['msgctxt']}\x04{entry['msgid']}"
                entries.append(entry)
            entry, field = None, ""
            continue
        if entry is None:
            entry = {"msgctxt": "", "msgid": "", "flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] |= {f.strip() for f in line[2:].split(",")}  # type: ignore[operator]
        elif line.startswith("#"):
            continue
        elif line.startswith(("msgctxt ", "msgid ", "msgid_plural ", "msgstr")):
            keyword, _, text = line.partition(" ")
            field = keyword
            value = ast.literal_eval(text)
            if field in ("msgctxt", "msgid"):
                entry[field] = value
            elif field.startswith("msgstr"):
                entry["msgstr"][field] = value  # type: ignore[index]
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if field in ("msgctxt", "msgid"):
                entry[field] = str(entry[field]) + value
            elif field.startswith("msgstr"):
                entry["msgstr"][field] += value  # type: ignore[index]
    return [e for e in entries if e["msgid"]]


def test_catalogue_is_complete(tmp_path, monkeypatch):
    committed = Path(settings.LOCALE_PATHS[0]) / CATALOGUE
    source = tmp_path / "shebao"
    shutil.copytree(SHEBAO, source, ignore=shutil.ignore_patterns("__pycache__", "static"))
    copy = source / "locale" / CATALOGUE
    monkeypatch.chdir(source)
    with override_settings(LOCALE_PATHS=[source / "locale"]):
        call_command(
            "makemessages", locale=["en"], no_obsolete=True, add_location="file", verbosity=0
        )
    fresh = read_po(copy)
    known = {e["msgid"] for e in read_po(committed)}
    missing = [e["msgid"] for e in fresh if e["msgid"] not in known]
    obsolete = sorted(known - {e["msgid"] for e in fresh})  # type: ignore[type-var]
    untranslated = [
        e["msgid"]
        for e in fresh
        if e["msgid"] in known and not all(e["msgstr"].values())  # type: ignore[attr-defined]
    ]
    fuzzy = [e["msgid"] for e in fresh if "fuzzy" in e["flags"]]  # type: ignore[operator]
    problems = {
        "not in the catalogue": missing,
        "no longer in the code (obsolete)": obsolete,
        "untranslated": untranslated,
        "fuzzy": fuzzy,
    }
    report = [
        f"{len(ids)} {what}: " + "; ".join(repr(i) for i in ids[:SHOWN])
        for what, ids in problems.items()
        if ids
    ]
    assert not report, "Run `make messages` and translate:\n" + "\n".join(report)
    assert len(fresh) > 1000


def test_catalogue_is_found_where_settings_look():
    """LOCALE_PATHS is the directory ``make messages`` writes to (BASE_DIR is src/shebao)."""
    assert (Path(settings.LOCALE_PATHS[0]) / CATALOGUE).is_file()
    assert Path(settings.LOCALE_PATHS[0]) == SHEBAO / "locale"
