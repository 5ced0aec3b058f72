"""Page weight of the public answer form: bytes over the wire, gzip, as production serves them.

Run from the project root after ``make install-dev assets``::

    .venv/bin/python bench/page_weight.py

It builds a throwaway installation in a temporary folder: ``SOSLOKAL_ENV=production`` (hashed,
gzip-compressed static files from ``collectstatic``, served by WhiteNoise), a fresh SQLite
database (``DATABASE_URL`` is ignored) holding the demo. A visitor with an empty cache then
answers the demo survey through Django's test client, once for every version of the
questionnaire, asking for ``Accept-Encoding: gzip`` like a browser.

For every page it counts the HTML as sent and every subresource the page loads that the
visitor has not loaded before (stylesheets, scripts, images, icons, and whatever the
stylesheets load in turn), as sent. A body the server sends uncompressed is counted as
sent, except HTML when the project does not compress it itself: then the bench compresses it
with gzip at level 6, which is what a reverse proxy would send. 1 KB is 1000 bytes here.

Exits with status 1 when a page misses its target.
"""

import gzip
import os
import re
import secrets
import sys
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

PROJECT = Path(__file__).resolve().parent.parent
DESIGNSYSTEMET = PROJECT / "node_modules" / "@digdir" / "designsystemet-css"
HTMX = PROJECT / "node_modules" / "htmx.org" / "dist" / "htmx.min.js"

FIRST_PAGE_TARGET = 30_000  # the start page, empty cache: HTML and everything it loads
STEP_TARGET = 8_000  # every later page, stylesheets cached: HTML and whatever is new

CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


class Subresources(HTMLParser):
    """The URLs a browser fetches for a page: stylesheets, icons, scripts, images."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        rel = set(values.get("rel", "").lower().split())
        if tag == "link" and rel & {"stylesheet", "icon", "preload", "modulepreload"}:
            url = values.get("href", "")
        elif tag in {"script", "img", "input"}:
            url = values.get("src", "")
        else:
            url = ""
        if url:
            self.urls.append(url)


@dataclass
class Row:
    page: str
    html: int
    new: list[tuple[str, int, int]] = field(default_factory=list)  # (url, raw, sent)
    compressed_by_bench: bool = False
    target: int = STEP_TARGET

    @property
    def subresources(self) -> int:
        return sum(sent for _url, _raw, sent in self.new)

    @property
    def total(self) -> int:
        return self.html + self.subresources

    @property
    def passed(self) -> bool:
        return self.total <= self.target


def gzip_size(data: bytes, level: int) -> int:
    return len(gzip.compress(data, compresslevel=level, mtime=0))


def configure(var_dir: Path) -> None:
    """Production settings in a throwaway folder; must run before Django is imported."""
    os.environ.pop("DATABASE_URL", None)  # always the throwaway SQLite database
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "soslokal.settings",
            "SOSLOKAL_ENV": "production",
            "SOSLOKAL_SECRET_KEY": secrets.token_urlsafe(50),
            "SOSLOKAL_ALLOWED_HOSTS": "testserver",
            "SOSLOKAL_SSL_REDIRECT": "false",
            "SOSLOKAL_VAR_DIR": str(var_dir),
            "SOSLOKAL_LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()


class Visitor:
    """One browser with its own cookies and cache, talking to the app through the test client."""

    def __init__(self) -> None:
        from django.test import Client

        self.client = Client(headers={"accept-encoding": "gzip"})
        self.cache: set[str] = set()

    def page(self, label: str, path: str, *, target: int = STEP_TARGET) -> tuple[Row, str]:
        response = self.client.get(path, secure=True)
        if response.status_code != 200:
            raise SystemExit(f"{label}: {path} answered {response.status_code}")
        body = response.content
        if response.get("Content-Encoding") == "gzip":
            html = gzip.decompress(body).decode()
            row = Row(label, len(body), target=target)
        else:
            html = body.decode()
            row = Row(label, gzip_size(body, 6), compressed_by_bench=True, target=target)
        parser = Subresources()
        parser.feed(html)
        for url in parser.urls:
            self.fetch(urljoin(path, url), row)
        return row, html

    def fetch(self, url: str, row: Row) -> None:
        if url in self.cache or urlparse(url).scheme == "data":
            return
        self.cache.add(url)
        response = self.client.get(url, secure=True)
        if response.status_code != 200:
            raise SystemExit(f"{row.page}: {url} answered {response.status_code}")
        sent = b"".join(response.streaming_content) if response.streaming else response.content
        response.close()
        encoded = response.get("Content-Encoding") == "gzip"
        raw = gzip.decompress(sent) if encoded else sent
        row.new.append((url, len(raw), len(sent)))
        if response.get("Content-Type", "").startswith("text/css"):
            for match in CSS_URL.finditer(raw.decode()):
                self.fetch(urljoin(url, match.group(2) or match.group(4)), row)

    def post(self, path: str, data: dict[str, str]) -> str:
        response = self.client.post(path, data, secure=True)
        if response.status_code != 302:
            raise SystemExit(f"posting to {path} answered {response.status_code}")
        return str(response["Location"])


def answer_survey(code: str, instrument: str) -> list[Row]:
    """A fresh visitor answers every page of one version; one row per page seen."""
    from soslokal.surveys.instrument import THEME_NUMBERS

    visitor = Visitor()
    start = f"/s/{code}/"
    row, _html = visitor.page("start (empty cache)", start, target=FIRST_PAGE_TARGET)
    rows = [row]
    location = visitor.post(start, {"instrument": instrument})
    for number in THEME_NUMBERS:
        row, _html = visitor.page(f"theme {number}/{len(THEME_NUMBERS)}", location)
        rows.append(row)
        location = visitor.post(location, {"score": "2", "go": "next"})
    row, _html = visitor.page("about you", location)
    rows.append(row)
    location = visitor.post(location, {"go": "next"})
    row, html = visitor.page("check", location)
    rows.append(row)
    token = re.search(r'name="token" value="([^"]+)"', html)
    if token is None:
        raise SystemExit("the check page has no token")
    location = visitor.post(location, {"token": token.group(1)})
    row, _html = visitor.page("thanks", location)
    rows.append(row)
    return rows


def print_table(instrument: str, rows: list[Row]) -> None:
    print(f"\nVersion: {instrument}")
    header = f"{'page':<22}{'HTML':>8}{'new sub':>10}{'total':>9}{'target':>9}  result"
    print(header)
    print("-" * len(header))
    for row in rows:
        star = "*" if row.compressed_by_bench else " "
        print(
            f"{row.page:<22}{row.html:>7}{star}{row.subresources:>10}{row.total:>9}"
            f"{row.target:>9}  {'PASS' if row.passed else 'FAIL'}"
        )
    print("Subresources, in the order first loaded (bytes raw -> sent):")
    for row in rows:
        for url, raw, sent in row.new:
            print(f"  {row.page:<20}{url:<64}{raw:>8} -> {sent:>6}")


def print_comparison() -> None:
    print("\nFor comparison (gzip level 9, as WhiteNoise compresses):")
    for label, path in [
        ("Designsystemet, all components (index.css)", DESIGNSYSTEMET / "dist/src/index.css"),
        ("Designsystemet, whole theme", DESIGNSYSTEMET / "dist/theme/designsystemet.css"),
        ("htmx (htmx.min.js)", HTMX),
    ]:
        if path.exists():
            data = path.read_bytes()
            print(f"  {label:<46}{len(data):>8} raw {gzip_size(data, 9):>7} gzip")
        else:
            print(f"  {label:<46} not found: run `make assets`")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="soslokal-bench-") as folder:
        configure(Path(folder))
        from django.core.management import call_command

        from soslokal.demo.services import DEMO_CAMPAIGN, demo_load
        from soslokal.surveys.models import Campaign, Channel

        call_command("migrate", verbosity=0)
        call_command("collectstatic", verbosity=0, interactive=False)
        demo_load()
        campaign = Campaign.objects.get(name=DEMO_CAMPAIGN)
        code = campaign.channels.get(kind=Channel.Kind.WEB).code

        print("Page weight of the answer form: bytes over the wire with gzip (1 KB = 1000 bytes)")
        print(
            f"Targets: first page {FIRST_PAGE_TARGET} bytes with an empty cache, "
            f"every later page {STEP_TARGET} bytes."
        )
        everything: list[Row] = []
        for instrument in campaign.instruments:
            rows = answer_survey(code, instrument)
            print_table(instrument, rows)
            everything += rows
        failed = sum(not row.passed for row in everything)
        if any(row.compressed_by_bench for row in everything):
            print("* HTML sent uncompressed by the app; counted as gzip level 6 (a proxy's).")
        else:
            print("HTML as GZipMiddleware sent it, with its 1-100 bytes of random padding.")
        print_comparison()
        print(f"\n{'All pages within target.' if not failed else f'{failed} pages over target.'}")
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
