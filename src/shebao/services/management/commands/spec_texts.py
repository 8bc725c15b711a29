"""``manage.py spec_texts``: rewrite services/spec_texts.py from the registries (texts.py)."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.core.management.base import BaseCommand

from shebao.services.texts import MODULE, module_source, spec_texts


class Command(BaseCommand):
    help = "Write the specs' Chinese texts to services/spec_texts.py for makemessages."

    def handle(self, *args: Any, **options: Any) -> None:
        texts = spec_texts()
        MODULE.write_text(module_source(texts), encoding="utf-8")
        # in the layout `ruff format` keeps (long strings wrapped), when ruff is installed
        subprocess.run([sys.executable, "-m", "ruff", "format", "-q", str(MODULE)], check=False)
        self.stdout.write(f"{len(texts)} texts in {MODULE}")
