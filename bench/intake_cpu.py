"""CPU and database queries per request of the answer form, measured inside one process.

    DATABASE_URL=postgres://... REDIS_URL=redis://127.0.0.1:6379/N \\
        .venv/bin/python bench/intake_cpu.py [--walks 200] [--profile submit|step|get|post]

The load test (``bench/intake.py``) says how many answers a server takes a second; this one
says where the time of one request goes, without gunicorn, wrk or other processes on the same
cores blurring it. It loads the demo into the database it is given (``soslokal demo``: run it
on a database of its own), then walks the demo survey's form with Django's test client under
production settings (SOSLOKAL_ENV=production, DEBUG off, the cache and sessions of
``REDIS_URL``), request by request: the start page, 14 themes, "about you", the check page,
the send and the thank-you page, GET and POST per step, ``--walks`` times. It prints, per kind
of request, the CPU milliseconds this process used (``time.process_time``, so the database
server's own share is not in it) and the SQL queries it sent. The test client skips the
HTTP parsing gunicorn does (about 0.1 ms a request here); everything from the middleware on
runs as in production.

``--profile KIND`` also prints cProfile's top functions for that kind of request.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import secrets
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

PROJECT = Path(__file__).resolve().parent.parent


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--walks", type=int, default=200, help="respondents to walk (200)")
    parser.add_argument(
        "--profile",
        default=None,
        help='requests to profile: a kind ("get theme") or a word of it ("post", "submit")',
    )
    parser.add_argument("--no-demo", action="store_true", help="the demo is loaded already")
    return parser.parse_args()


def setup() -> None:
    if "DATABASE_URL" not in os.environ:
        sys.exit("set DATABASE_URL (a database of its own: the demo is loaded into it)")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "soslokal.settings",
            "SOSLOKAL_ENV": "production",
            "SOSLOKAL_SECRET_KEY": secrets.token_urlsafe(50),
            "SOSLOKAL_ALLOWED_HOSTS": "testserver",
            "SOSLOKAL_DEBUG": "false",
            "SOSLOKAL_LOG_LEVEL": "WARNING",
            "SOSLOKAL_DB_CONN_MAX_AGE": "600",
            "SOSLOKAL_VAR_DIR": os.environ.get("SOSLOKAL_VAR_DIR", tempfile.mkdtemp()),
        }
    )
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()


class Meter:
    """CPU seconds, requests and queries per kind of request."""

    def __init__(self, profile: str | None) -> None:
        self.cpu: dict[str, float] = defaultdict(float)
        self.count: dict[str, int] = defaultdict(int)
        self.queries: dict[str, int] = defaultdict(int)
        self.profile = profile
        self.profiler = cProfile.Profile(time.process_time)

    def measure(self, kind: str, call: Callable[[], Any]) -> Any:
        from django.db import connection

        sent = [0]

        def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            # A wrapper rather than CaptureQueriesContext, which would switch on the
            # debug cursor and add its own work to the figures.
            sent[0] += 1
            return execute(sql, params, many, context)

        profiled = self.profile is not None and (
            kind == self.profile or self.profile in kind.split()
        )
        with connection.execute_wrapper(count):
            started = time.process_time()
            if profiled:
                self.profiler.enable()
            result = call()
            if profiled:
                self.profiler.disable()
            used = time.process_time() - started
        self.cpu[kind] += used
        self.count[kind] += 1
        self.queries[kind] += sent[0]
        return result


def walk(client: Any, code: str, meter: Meter) -> None:
    """One respondent through every screen; fails loudly on an unexpected answer."""
    base = f"/s/{code}/"
    extra = {
        "secure": True,
        "headers": {"Origin": "https://testserver"},
        "content_type": "application/x-www-form-urlencoded",
    }

    def get(kind: str, path: str) -> str:
        response = meter.measure(kind, lambda: client.get(path, secure=True))
        if response.status_code != 200:
            sys.exit(f"GET {path}: {response.status_code}")
        return response.content.decode()

    def post(kind: str, path: str, data: dict[str, str], expect: str) -> None:
        html = get_csrf(path)
        data = {**data, "csrfmiddlewaretoken": html}
        # Form-encoded, as a browser (and wrk in bench/intake.py) sends it.
        body = urlencode(data)
        response = meter.measure(kind, lambda: client.post(path, body, **extra))
        location = response.headers.get("Location", "")
        if response.status_code != 302 or not location.endswith(expect):
            sys.exit(f"POST {path}: {response.status_code} {location}")

    csrf = {"token": ""}

    def get_csrf(path: str) -> str:
        return csrf["token"]

    def page(kind: str, path: str) -> str:
        html = get(kind, path)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if found:
            csrf["token"] = found.group(1)
        return html

    page("get start", base)
    post("post start", base, {"instrument": "adult"}, "/theme/1/")
    for n in range(1, 15):
        page("get theme", f"{base}theme/{n}/")
        form = {"go": "next", "score": str(1 + (n * 3) % 7)}
        if n % 5 == 2:
            form |= {"good_now": "Fine paths along the river", "better": "More light"}
        after = f"/theme/{n + 1}/" if n < 14 else "/about-you/"
        post("post theme", f"{base}theme/{n}/", form, after)
    html = page("get about", f"{base}about-you/")
    area = re.search(r'<option value="(\d+)"', html)
    about = {"go": "next", "age_band": "20-44", "gender": "woman"}
    about["neighbourhood"] = area.group(1) if area else ""
    post("post about", f"{base}about-you/", about, "/check/")
    html = page("get check", f"{base}check/")
    token = re.search(r'name="token" value="([^"]+)"', html)
    post("post submit", f"{base}check/", {"token": token.group(1) if token else ""}, "/thanks/")
    get("get thanks", f"{base}thanks/")


def main() -> int:
    args = parse_args()
    setup()
    from django.core.management import call_command
    from django.test import Client

    from soslokal.surveys.models import Channel

    call_command("collectstatic", interactive=False, verbosity=0)
    if not args.no_demo:
        call_command("migrate", verbosity=0)
        call_command("demo", verbosity=0)
    from django.utils import timezone

    today = timezone.localdate()
    channel = (
        Channel.objects.filter(
            kind="web", campaign__opens_on__lte=today, campaign__closes_on__gte=today
        )
        .order_by("pk")
        .first()
    )
    if channel is None:
        sys.exit("the demo has no open survey")
    # One client throughout (a new one would build the middleware chain again on its first
    # request); its cookies are cleared for each new respondent.
    client = Client()
    warm = Meter(None)
    for _ in range(5):  # imports, template cache, connections
        client.cookies.clear()
        walk(client, channel.code, warm)
    meter = Meter(args.profile)
    for _ in range(args.walks):
        client.cookies.clear()
        walk(client, channel.code, meter)

    print(f"SOSLOKAL answer form, in one process: {args.walks} walks of the demo survey")
    print(f"  {'request':<12} {'CPU ms':>7} {'queries':>8}")
    total_cpu = total_n = 0.0
    for kind in meter.cpu:
        n = meter.count[kind]
        total_cpu += meter.cpu[kind]
        total_n += n
        print(f"  {kind:<12} {1000 * meter.cpu[kind] / n:7.2f} {meter.queries[kind] / n:8.1f}")
    steps = [k for k in meter.cpu if k not in ("post submit",)]
    step_cpu = sum(meter.cpu[k] for k in steps) / sum(meter.count[k] for k in steps)
    print(f"  every request but the send: {1000 * step_cpu:.2f} ms on average")
    print(
        f"  one whole walk ({total_n / args.walks:.0f} requests): "
        f"{1000 * total_cpu / args.walks:.1f} ms"
    )
    if args.profile:
        if not any(args.profile == k or args.profile in k.split() for k in meter.cpu):
            print(f"--profile {args.profile!r} names no kind of request above: nothing profiled")
            return 2
        stats = pstats.Stats(meter.profiler)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
