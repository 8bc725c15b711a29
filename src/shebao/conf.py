"""Environment settings that document themselves.

Every variable the deployment may set is declared here once with its help text;
``python -m shebao.conf`` prints the table for the README.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class EnvVar:
    name: str
    default: str
    help: str


DECLARED: dict[str, EnvVar] = {}


def env(name: str, default: str, help: str) -> str:
    DECLARED[name] = EnvVar(name, default, help)
    return os.environ.get(name, default)


def env_bool(name: str, default: bool, help: str) -> bool:
    return env(name, "1" if default else "0", help).lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int, help: str) -> int:
    return int(env(name, str(default), help))


if __name__ == "__main__":  # pragma: no cover
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shebao.settings")
    os.environ.setdefault("DEBUG", "1")  # the dev keys are refused otherwise
    django.setup()
    from shebao.conf import DECLARED as declared  # the module settings imported, not __main__

    print("| variable | default | meaning |\n|---|---|---|")
    for var in declared.values():
        print(f"| `{var.name}` | `{var.default}` | {var.help} |")
