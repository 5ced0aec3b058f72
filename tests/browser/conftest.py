"""Browser tests: Debian's Chromium driven by Playwright, with axe-core from npm."""

import os
import shutil
import threading
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the live server's database
# access happens in its own thread, so Django's async-safety guard does not apply here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import sync_playwright

PROJECT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser(live_server):
    """Chromium, closed before the live server stops and the test database is dropped."""
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
        # Each keep-alive connection of the browser had a server thread with a database
        # connection of its own; they close once the browser has gone.
        for thread in threading.enumerate():
            if "process_request_thread" in thread.name:
                thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, started after the test database exists, so it stops (and
    closes its connections) before PostgreSQL is asked to drop that database."""
    return live_server


@pytest.fixture
def demo(transactional_db):
    from soslokal.demo.services import demo_load

    return demo_load()


@pytest.fixture
def axe_source():
    assert AXE_SCRIPT.exists(), "run `make test` (it installs axe-core from npm)"
    return AXE_SCRIPT.read_text()
