"""Real-browser tests: Debian's chromium driven by Playwright against Django's live server.

No browser is ever downloaded: Playwright launches /usr/bin/chromium (`executable_path`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("SHEBAO_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls in the tests are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (scripts/system-deps.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object, live_server: object) -> Iterator[object]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()


# axe-core (npm, pinned in the repository's package.json, installed by `make install`): the
# accessibility rules run inside the page. Evaluated through the DevTools protocol, which the
# pages' Content-Security-Policy (no inline script) does not apply to.
AXE = Path(os.environ.get("SHEBAO_AXE", ROOT / "node_modules" / "axe-core" / "axe.min.js"))
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(" ")),
  }));
}"""


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} not found: run `make install` (npm ci installs axe-core)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def axe(axe_source: str) -> Callable[[object], list[dict[str, object]]]:
    """``axe(page)``: the axe-core violations of the page as it is now (id, impact, help,
    targets), injected afresh when the page has navigated since the last call."""

    def run(page: object) -> list[dict[str, object]]:
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):  # type: ignore[attr-defined]
            page.evaluate(axe_source)  # type: ignore[attr-defined]
        return page.evaluate(AXE_RUN)  # type: ignore[attr-defined,no-any-return]

    return run
