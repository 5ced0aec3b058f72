"""Speed of briefs on the demo data: the published page and its PDF, and the staff draft.

Run from the project root after ``make install-dev assets``::

    .venv/bin/python bench/briefs.py [--repeat 50] [--pdf-repeat 5]

It makes a throwaway SQLite database in a temporary folder (``DATABASE_URL`` is ignored),
migrates it and loads the demo, which publishes a brief for Gulset in nynorsk (the
neighbourhood's survey figures, Skien's indicators, the city lab's actions; five A4 pages with
the compass, bar charts and sparklines). Through Django's test client, with production settings
(``SOSLOKAL_ENV=production``), it then times, after one warm-up request each:

- the public page of the published version, ``--repeat`` times: median and p95, target
  **< 300 ms** for both;
- the staff page of a draft brief (every figure assembled live from the knowledge base, the
  texts with their LIX), ``--repeat`` / 5 times: median and p95, for information;
- the PDF of the published version (WeasyPrint), ``--pdf-repeat`` times: median and maximum,
  target **< 3 s**; its page count is printed beside it.

Prints the figures with the machine's load average (``os.getloadavg``): other work on the
machine makes every figure worse. Exit status 1 when a target is missed."""

import argparse
import io
import os
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

PAGE_TARGET = 0.300
PDF_TARGET = 3.0


def configure(var_dir: Path) -> None:
    os.environ.pop("DATABASE_URL", None)
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


def timed(call: Callable[[], object], repeat: int) -> list[float]:
    call()  # warm-up
    found = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        found.append(time.perf_counter() - start)
    return found


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--pdf-repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="soslokal-briefs-bench-") as folder:
        configure(Path(folder))
        from django.core.management import call_command
        from django.test import Client
        from pypdf import PdfReader

        from soslokal.briefs.models import Brief, BriefVersion
        from soslokal.core.models import Membership

        call_command("migrate", verbosity=0)
        call_command("collectstatic", verbosity=0, interactive=False)
        from soslokal.demo.services import demo_load

        demo_load()
        version = BriefVersion.objects.select_related("brief").get(brief__is_demo=True)
        brief: Brief = version.brief
        page_url = f"/briefs/{brief.municipality.number}/{brief.pk}/v{version.number}/"
        pdf_url = page_url + "brief.pdf"
        client = Client()

        def page() -> None:
            response = client.get(page_url)
            if response.status_code != 200:
                raise RuntimeError(f"status {response.status_code}")

        pdf_pages = 0

        def pdf() -> None:
            nonlocal pdf_pages
            response = client.get(pdf_url)
            if response.status_code != 200:
                raise RuntimeError(f"status {response.status_code}")
            pdf_pages = len(PdfReader(io.BytesIO(response.content)).pages)

        staff = Client()
        staff.force_login(Membership.objects.filter(municipality=brief.municipality).first().user)
        draft_url = f"/staff/{brief.municipality.number}/briefs/{brief.pk}/"

        def draft() -> None:
            response = staff.get(draft_url)
            if response.status_code != 200:
                raise RuntimeError(f"status {response.status_code}")

        pages = timed(page, args.repeat)
        drafts = timed(draft, max(args.repeat // 5, 3))
        pdfs = timed(pdf, args.pdf_repeat)
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    rows = [
        ("published page", statistics.median(pages), p95(pages), PAGE_TARGET, len(pages)),
        ("staff draft page", statistics.median(drafts), p95(drafts), None, len(drafts)),
        ("PDF", statistics.median(pdfs), max(pdfs), PDF_TARGET, len(pdfs)),
    ]
    print(f"Briefs on the demo data (load average {load}; PDF of {pdf_pages} pages)")
    print(f"{'what':<18} {'median':>9} {'p95/max':>9} {'target':>8} {'n':>4}  result")
    failed = False
    for name, median, high, target, count in rows:
        verdict = "" if target is None else ("PASS" if high < target else "FAIL")
        failed = failed or verdict == "FAIL"
        shown = "" if target is None else f"{target * 1000:.0f} ms"
        print(
            f"{name:<18} {median * 1000:>6.0f} ms {high * 1000:>6.0f} ms {shown:>8} {count:>4}  "
            f"{verdict}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
