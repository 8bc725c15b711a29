"""Benchmark: every file of the hostile corpus through the roster reader and the image check.

    PYTHONPATH=src .venv/bin/python bench/hostile_files.py

Each file runs in its own process, so its peak memory (``ru_maxrss``) is its own: the table
gives, per file and per channel (the 报盘 reader behind the web upload, the API and the
worker; the 附件材料 image check), whether it was refused, the time, and the peak resident
memory above the process's resident memory just before the call. The machine's load
(``os.getloadavg``) is printed before and after, since the times depend on it. No database.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out" / "hostile"  # the corpus files too big to commit, written once
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

CODE = "hb_employee_enrolment"


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def measure(name: str, channel: str) -> dict[str, object]:
    """One file through one channel, in this (fresh) process."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shebao.settings")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from tests.hostile import make_corpus

    from shebao.cases.materials import sniff_image
    from shebao.core.errors import InvalidValue
    from shebao.services.batch.readers import read_roster
    from shebao.services.registry import registry

    path = make_corpus.CORPUS / name
    data = (path if path.exists() else OUT / name).read_bytes()
    spec = registry[CODE]
    upload = SimpleUploadedFile(name, data)
    base = _rss()
    start = time.perf_counter()
    try:
        if channel == "roster":
            outcome = f"accepted ({read_roster(spec, data, name).total} rows)"
        else:
            outcome = f"accepted ({sniff_image(upload, name=name)})"
        refused = False
    except InvalidValue as exc:
        outcome, refused = str(exc), True
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {
        "size": len(data),
        "refused": refused,
        "outcome": outcome,
        "seconds": seconds,
        "extra_mb": max(0, peak - base) / 2**20,
    }


def main() -> None:
    from tests.hostile import make_corpus

    names = sorted(make_corpus.FILES) + sorted(make_corpus.GENERATED)
    OUT.mkdir(parents=True, exist_ok=True)
    for name in make_corpus.GENERATED:  # built here, so building is not in the measure
        (OUT / name).write_bytes(make_corpus.build(name))
    env = dict(os.environ, PYTHONPATH=f"{ROOT / 'src'}:{ROOT}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        "| file | size | 报盘: refused? | s | MB extra | 材料: refused? | s | MB extra |\n"
        "|---|---:|---|---:|---:|---|---:|---:|"
    )
    worst = {"seconds": 0.0, "extra_mb": 0.0}
    for name in names:
        cells = []
        size = 0
        for channel in ("roster", "material"):
            out = subprocess.run(
                [sys.executable, __file__, "--one", name, channel],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            result = json.loads(out.strip().splitlines()[-1])
            size = int(result["size"])
            worst["seconds"] = max(worst["seconds"], float(result["seconds"]))
            worst["extra_mb"] = max(worst["extra_mb"], float(result["extra_mb"]))
            verdict = "refused" if result["refused"] else "accepted"
            cells.append(f"{verdict} | {result['seconds']:.3f} | {result['extra_mb']:.1f}")
        print(f"| {name} | {size:,} | " + " | ".join(cells) + " |")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"worst: {worst['seconds']:.3f} s, {worst['extra_mb']:.1f} MB extra (targets: 1 s, 100 MB)"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(measure(sys.argv[2], sys.argv[3]), ensure_ascii=False))
    else:
        main()
