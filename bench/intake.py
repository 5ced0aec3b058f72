"""The intake benchmark: the answer form under load, served as in production.

    .venv/bin/python bench/intake.py [--duration 20] [--clients 64] [--workers 2] [--threads 8]

It needs the Debian packages ``wrk`` (the load generator, written in C; its Lua scripts keep one
respondent per connection), ``redis-server`` and ``postgresql``. It starts PostgreSQL's cluster
if it is installed but not running (``pg_ctlcluster``, as .ci/run does), creates the database
``soslokal_bench`` (dropped again at the end), migrates, loads the demo, starts a redis-server
of its own on a free loopback port (no persistence; stopped at the end) unless ``--redis-url``
names one, and serves SOSLOKAL with gunicorn and production settings (SOSLOKAL_ENV=production,
DEBUG off, Redis as the cache, persistent database connections). Three phases, each with the
same number of concurrent clients:

1. bare: ``bench/bare.py``, a Django view with no middleware and no database, served by the
   same gunicorn settings, so the other figures can be read against it;
2. walk: respondents go through every screen of the form (start, 14 themes, about you, check,
   send, thanks; GET and POST per step) and start again; completed responses a second;
3. submit: respondents whose full 14-theme draft already sits in their session (prepared
   before the clock starts) send it from the check page; 10 % of them send it twice, half
   again right after the answer (a retry after a lost reply) and half from a second client at
   about the same moment (a double click). Afterwards the database is counted: every
   acknowledged draft stored exactly once with 14 answers, none lost, none duplicated.

The run exits with status 1 when a target is missed. Everything it starts, it stops.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
BIN = Path(sys.executable).parent

TARGET_SUBMITS_PER_SECOND = 1000
TARGET_SUBMIT_P99_MS = 100
TARGET_WALKS_PER_SECOND = 100
THEMES = 14
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=20, help="seconds per phase (20)")
    parser.add_argument("--clients", type=int, default=64, help="concurrent clients (64)")
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="gunicorn workers (one per core)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=8,
        help="threads per worker (8, gthread, which keeps connections open; 1: sync workers)",
    )
    parser.add_argument("--port", type=int, default=8471)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/soslokal_bench"
    )
    parser.add_argument(
        "--redis-url",
        default="",
        help="a Redis database of its own, emptied at the start and the end (default: a "
        "redis-server started for the run on a free port, without persistence)",
    )
    parser.add_argument(
        "--max-rate", type=int, default=4000, help="submits a second to prepare drafts for"
    )
    parser.add_argument(
        "--keep-db", action="store_true", help="leave soslokal_bench and the Redis data in place"
    )
    parser.add_argument("--skip-bare", action="store_true")
    parser.add_argument("--skip-walk", action="store_true")
    parser.add_argument("--skip-submit", action="store_true")
    parser.add_argument("--env", action="append", default=[], help="extra NAME=value for the app")
    return parser.parse_args()


# --- processes and CPU ---------------------------------------------------------------------


def proc_table() -> dict[int, tuple[str, int, float]]:
    """pid -> (command name, parent pid, CPU seconds used so far) for every process."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        ppid, utime, stime = int(fields[1]), int(fields[11]), int(fields[12])
        table[int(entry.name)] = (name, ppid, (utime + stime) / CLOCK_TICKS)
    return table


def machine_busy_seconds() -> float:
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / CLOCK_TICKS


@dataclass
class CpuShare:
    """Cores used on average during a phase, by who used them."""

    machine: float
    generator: float
    gunicorn: float
    postgres: float
    redis: float

    @property
    def rest(self) -> float:
        return max(0.0, self.machine - self.generator - self.gunicorn - self.postgres - self.redis)

    def line(self) -> str:
        return (
            f"busy {self.machine:.2f} of {os.cpu_count()} cores: wrk {self.generator:.2f}, "
            f"gunicorn {self.gunicorn:.2f}, postgres {self.postgres:.2f}, "
            f"redis {self.redis:.2f}, other {self.rest:.2f}"
        )

    def per_request(self, rate: float) -> str:
        """CPU milliseconds per request by part, and what the machine could take if nothing
        else ran on it: an estimate from the CPU used, not a measurement."""
        parts = {
            "gunicorn": self.gunicorn,
            "postgres": self.postgres,
            "redis": self.redis,
            "wrk": self.generator,
        }
        ms = {name: 1000 * cores / rate for name, cores in parts.items()}
        total = sum(ms.values())
        detail = ", ".join(f"{name} {value:.2f}" for name, value in ms.items())
        return (
            f"{total:.2f} ms ({detail}); all {os.cpu_count()} cores for this alone: "
            f"~{1000 * (os.cpu_count() or 1) / total:,.0f}/s"
        )


def postgres_is_ours(pid: int, database: str) -> bool:
    """A backend serving ``database``, or one of PostgreSQL's own processes (WAL writer,
    checkpointer, ...) that work for every database. Backends serving other databases (other
    people's tests on the same server) count as "other"."""
    try:
        title = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return False
    words = title.replace("\0", " ").split()
    if database in words:
        return True
    return not any(word.endswith(")") or word == "[local]" for word in words)


class CpuMeter:
    def __init__(self, gunicorn_pid: int, database: str) -> None:
        self.gunicorn_pid = gunicorn_pid
        self.database = database
        self.table = proc_table()
        self.busy = machine_busy_seconds()
        self.start = time.monotonic()

    def _sums(self, table: dict[int, tuple[str, int, float]]) -> dict[str, dict[int, float]]:
        groups: dict[str, dict[int, float]] = {"gunicorn": {}, "postgres": {}, "redis": {}}
        for pid, (name, ppid, cpu) in table.items():
            if self.gunicorn_pid in (pid, ppid):
                groups["gunicorn"][pid] = cpu
            elif name == "postgres" and postgres_is_ours(pid, self.database):
                groups["postgres"][pid] = cpu
            elif name.startswith("redis-server"):
                groups["redis"][pid] = cpu
        return groups

    def stop(self, generator_cpu: float) -> CpuShare:
        wall = time.monotonic() - self.start
        before, after = self._sums(self.table), self._sums(proc_table())

        def used(group: str) -> float:
            # Processes alive at both ends; a process that ended meanwhile shows under "other".
            return sum(cpu - before[group].get(pid, 0.0) for pid, cpu in after[group].items())

        return CpuShare(
            machine=(machine_busy_seconds() - self.busy) / wall,
            generator=generator_cpu / wall,
            gunicorn=used("gunicorn") / wall,
            postgres=used("postgres") / wall,
            redis=used("redis") / wall,
        )


def run_wrk(arguments: list[str]) -> tuple[str, float]:
    """wrk's output and the CPU seconds it used."""
    with tempfile.TemporaryFile("w+") as output:
        process = subprocess.Popen(["wrk", *arguments], stdout=output, stderr=subprocess.STDOUT)  # noqa: S603, S607
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read()
    if process.returncode != 0:
        sys.exit(f"wrk failed:\n{text}")
    return text, usage.ru_utime + usage.ru_stime


def bench_values(text: str) -> dict[str, str]:
    """The key=value pairs that the Lua scripts print on lines starting with BENCH."""
    return {
        key: value
        for line in text.splitlines()
        if line.startswith("BENCH ")
        for key, value in re.findall(r"(\w+)=(\S*)", line)
    }


def wrk_seconds(text: str) -> float:
    """The measured duration from wrk's "N requests in 20.01s" (or "1.00m")."""
    number, unit = re.search(r"requests in ([\d.]+)(m|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * (60 if unit == "m" else 1)


class Server:
    """gunicorn serving one WSGI application on loopback; stopped when the phase is over."""

    def __init__(self, app: list[str], env: dict[str, str], args: argparse.Namespace) -> None:
        command = [
            str(BIN / "gunicorn"),
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--backlog",
            "2048",
            "--log-level",
            "warning",
            *app,
        ]
        self.process = subprocess.Popen(command, env=env, cwd=PROJECT)  # noqa: S603
        self.port = args.port
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    sys.exit("gunicorn did not start")
                time.sleep(0.2)

    def get(self, path: str) -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request("GET", path, headers={"X-Forwarded-Proto": "https"})
        response = connection.getresponse()
        response.read()
        connection.close()
        return response

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# --- database and application --------------------------------------------------------------


def admin_connection(database_url: str):  # type: ignore[no-untyped-def]
    import psycopg

    parts = urlsplit(database_url)
    return psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True)


def database_name(database_url: str) -> str:
    return urlsplit(database_url).path.lstrip("/")


def database_recreate(database_url: str, drop_only: bool = False) -> None:
    name = database_name(database_url)
    if not re.fullmatch(r"\w+", name):
        sys.exit(f"unexpected database name {name!r}")
    with admin_connection(database_url) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if not drop_only:
            connection.execute(f"CREATE DATABASE {name}")


def app_env(args: argparse.Namespace, var_dir: Path) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("SOSLOKAL_", "DJANGO_"))}
    env = inherited | {
        "DJANGO_SETTINGS_MODULE": "soslokal.settings",
        "SOSLOKAL_ENV": "production",
        "SOSLOKAL_SECRET_KEY": secrets.token_urlsafe(50),
        "SOSLOKAL_ALLOWED_HOSTS": "127.0.0.1",
        "SOSLOKAL_DEBUG": "false",
        "SOSLOKAL_VAR_DIR": str(var_dir),
        "SOSLOKAL_LOG_LEVEL": "WARNING",
        "SOSLOKAL_DB_CONN_MAX_AGE": "600",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
    }
    for item in args.env:
        name, _, value = item.partition("=")
        env[name] = value
    return env


def soslokal(env: dict[str, str], *arguments: str) -> str:
    result = subprocess.run(  # noqa: S603
        [str(BIN / "soslokal"), *arguments],
        env=env,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"soslokal {' '.join(arguments)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def web_channel_code(database_url: str) -> str:
    import psycopg

    with psycopg.connect(database_url) as connection:
        row = connection.execute(
            "SELECT ch.code FROM surveys_channel ch"
            " JOIN surveys_campaign c ON c.id = ch.campaign_id WHERE ch.kind = 'web'"
            " AND c.opens_on <= CURRENT_DATE AND c.closes_on >= CURRENT_DATE"
            " ORDER BY ch.id LIMIT 1"
        ).fetchone()
    if row is None:
        sys.exit("the demo has no open survey")
    return str(row[0])


def rollbacks(database_url: str) -> int:
    """Transactions rolled back in the benchmark's database so far. A doubled send meets the
    first in the unique token, and is settled there without an error (ON CONFLICT DO
    NOTHING on PostgreSQL): in the submit phase nothing should roll back."""
    with admin_connection(database_url) as connection:
        time.sleep(0.5)  # backends that just ended report their statistics on the way out
        row = connection.execute(
            "SELECT xact_rollback FROM pg_stat_database WHERE datname = %s",
            [database_name(database_url)],
        ).fetchone()
    return int(row[0]) if row else 0


def redis_flush(redis_url: str) -> None:
    import redis

    redis.Redis.from_url(redis_url).flushdb()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def redis_start() -> tuple[subprocess.Popen[bytes], str]:
    """A redis-server of the run's own on a free loopback port, keeping nothing on disk."""
    if shutil.which("redis-server") is None:
        sys.exit("redis-server is needed: apt-get install redis-server (or give --redis-url)")
    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
    command += ["--save", "", "--appendonly", "no", "--loglevel", "warning"]
    process = subprocess.Popen(  # noqa: S603
        command,
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                sys.exit("redis-server did not start")
            time.sleep(0.1)
    return process, f"redis://127.0.0.1:{port}/0"


def postgres_ready(database_url: str) -> None:
    """PostgreSQL answers at ``database_url``'s server, started with Debian's pg_ctlcluster
    (as .ci/run does) when it is installed but not running."""
    try:
        admin_connection(database_url).close()
    except Exception:  # noqa: S110 – any failure to connect: try to start it below
        pass
    else:
        return
    clusters = (
        sorted(Path("/etc/postgresql").glob("*/main")) if Path("/etc/postgresql").exists() else []
    )
    if not clusters or shutil.which("pg_ctlcluster") is None:
        sys.exit("PostgreSQL does not answer; apt-get install postgresql, or give --database-url")
    version = clusters[-1].parent.name
    subprocess.run(  # noqa: S603
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],  # noqa: S607
        check=False,
    )
    admin_connection(database_url).close()


# --- drafts for the submit phase (runs inside the application's settings) -----------------


def prepare(prefix: str, code: str, clients: int, per_client: int) -> None:
    """Write ``clients`` files of drafts for submit.lua and put each draft in its session.

    A session holds what the form would have put there after 14 themes and the about-you page.
    Every tenth line is sent twice: kind R by the same client right after the answer, kind D
    also by the next client, at the same place in its file."""
    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.sessions.backends.base import VALID_KEY_CHARS
    from django.core.cache import caches
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from soslokal.surveys.models import Channel
    from soslokal.surveys.services import draft_check_answer

    channel = Channel.objects.select_related("campaign").get(code=code)
    area = channel.campaign.areas.order_by("pk").first()
    answers = {}
    for theme in range(1, THEMES + 1):
        comment = theme % 5 == 2
        answers[str(theme)] = draft_check_answer(
            instrument_id="adult",
            theme=theme,
            score=str(1 + (theme * 3) % 7),
            good_now="Fine paths along the river" if comment else "",
            better="More light in the evening" if comment else "",
        )
    background = {"age_band": "20-44", "gender": "woman"}
    if area is not None:
        background["neighbourhood"] = str(area.pk)

    lines: list[list[str]] = [[] for _ in range(clients)]
    sessions: dict[str, dict[str, object]] = {}
    for k in range(per_client):
        for t in range(clients):
            if len(lines[t]) > k:  # taken by the previous client's doubled send
                continue
            key = get_random_string(32, VALID_KEY_CHARS)
            csrf = _get_new_csrf_string()
            token = secrets.token_urlsafe(24)
            sessions[key] = {
                f"survey:{code}": {
                    "token": token,
                    "instrument": "adult",
                    "answers": answers,
                    "background": background,
                }
            }
            kind = {0: "R", 10: "D"}.get((t * 7 + k) % 20, "1")
            if kind == "D" and t == clients - 1:
                kind = "R"
            line = f"{key} {csrf} {_mask_cipher_secret(csrf)} {token} {kind}"
            lines[t].append(line)
            if kind == "D":
                lines[t + 1].append(line)
    for t, client_lines in enumerate(lines, start=1):
        Path(f"{prefix}{t}.txt").write_text("\n".join(client_lines) + "\n")

    engine = import_module(settings.SESSION_ENGINE)
    store_class = engine.SessionStore
    age = settings.SESSION_COOKIE_AGE
    if hasattr(store_class, "cache_key_prefix"):
        cache = caches[settings.SESSION_CACHE_ALIAS]
        items = list(sessions.items())
        for start in range(0, len(items), 1000):
            cache.set_many(
                {store_class.cache_key_prefix + k: v for k, v in items[start : start + 1000]}, age
            )
    if settings.SESSION_ENGINE.endswith(("sessions.backends.db", "sessions.backends.cached_db")):
        model = store_class.get_model_class()
        expires = timezone.now() + datetime.timedelta(seconds=age)
        encoder = store_class()
        model.objects.bulk_create(
            (
                model(session_key=k, session_data=encoder.encode(v), expire_date=expires)
                for k, v in sessions.items()
            ),
            batch_size=1000,
        )
    elif not hasattr(store_class, "cache_key_prefix"):
        for k, v in sessions.items():
            store = store_class(k)
            store.update(v)
            store.save(must_create=True)


def drafts_written(prefix: str, clients: int) -> list[list[str]]:
    return [Path(f"{prefix}{t}.txt").read_text().split("\n")[:-1] for t in range(1, clients + 1)]


# --- the phases ----------------------------------------------------------------------------


@dataclass
class Row:
    phase: str
    measure: str
    value: str
    target: str = ""
    met: bool | None = None


def phase_bare(args: argparse.Namespace, env: dict[str, str], rows: list[Row]) -> float:
    server = Server(["--pythonpath", str(BENCH), "bare:application"], env, args)
    try:
        url = f"http://127.0.0.1:{args.port}/"
        run_wrk(["-t2", f"-c{args.clients}", "-d2s", url])
        meter = CpuMeter(server.process.pid, database_name(args.database_url))
        text, cpu = run_wrk(["-t2", f"-c{args.clients}", f"-d{args.duration}s", "--latency", url])
        share = meter.stop(cpu)
    finally:
        server.stop()
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1)  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)", text)
    rows.append(Row("bare", "requests/s (bench/bare.py)", f"{rate:,.0f}"))
    rows.append(Row("bare", "p99 latency", p99))
    rows.append(Row("bare", "CPU", share.line()))
    rows.append(Row("bare", "CPU", "per request: " + share.per_request(rate)))
    if errors:
        rows.append(Row("bare", "errors", errors.group(0), "none", False))
    return rate


def warm_up(args: argparse.Namespace, code: str) -> None:
    """Three untimed seconds of walking: every worker has imported its code, opened its
    connections and filled its template cache before anything is measured."""
    url = f"http://127.0.0.1:{args.port}/s/{code}/"
    origin = f"https://127.0.0.1:{args.port}"
    lua = ["-s", str(BENCH / "walk.lua"), url, "--", code, origin]
    run_wrk([f"-t{args.clients}", f"-c{args.clients}", "-d3s", "--timeout", "10s", *lua])


def phase_walk(
    args: argparse.Namespace, server: Server, code: str, rows: list[Row]
) -> tuple[bool, int]:
    url = f"http://127.0.0.1:{args.port}/s/{code}/"
    origin = f"https://127.0.0.1:{args.port}"
    lua = ["-s", str(BENCH / "walk.lua"), url, "--", code, origin]
    count = args.clients
    meter = CpuMeter(server.process.pid, database_name(args.database_url))
    text, cpu = run_wrk(
        [f"-t{count}", f"-c{count}", f"-d{args.duration}s", "--timeout", "10s", *lua]
    )
    share = meter.stop(cpu)
    values = bench_values(text)
    seconds = wrk_seconds(text)
    completed, errors = int(values["completed"]), int(values["errors"])
    requests = int(values["requests"])
    rate = completed / seconds
    ok = rate >= TARGET_WALKS_PER_SECOND
    rows.append(
        Row(
            "walk",
            f"completed responses/s ({requests / seconds:,.0f} requests/s)",
            f"{rate:,.1f}",
            f">= {TARGET_WALKS_PER_SECOND}",
            ok,
        )
    )
    rows.append(Row("walk", "CPU", share.line()))
    rows.append(Row("walk", "CPU", "per request: " + share.per_request(requests / seconds)))
    if errors or "Socket errors" in text:
        socket_errors = re.search(r"Socket errors: (.*)", text)
        detail = f"{errors} ({values.get('first_error')})"
        if socket_errors:
            detail += f" {socket_errors.group(0)}"
        rows.append(Row("walk", "errors", detail, "0", False))
        ok = False
    return ok, completed


def phase_submit(
    args: argparse.Namespace, server: Server, env: dict[str, str], code: str, tmp: Path
) -> tuple[list[Row], bool]:
    rows: list[Row] = []
    prefix = str(tmp / "drafts-")
    per_client = -(-args.max_rate * args.duration // args.clients)
    subprocess.run(  # noqa: S603
        [sys.executable, __file__, "_prepare", prefix, code, str(args.clients), str(per_client)],
        env=env,
        cwd=PROJECT,
        check=True,
    )
    drafts = drafts_written(prefix, args.clients)
    origin = f"https://127.0.0.1:{args.port}"
    url = f"http://127.0.0.1:{args.port}/s/{code}/check/"
    count = args.clients
    meter = CpuMeter(server.process.pid, database_name(args.database_url))
    text, cpu = run_wrk(
        [
            f"-t{count}",
            f"-c{count}",
            f"-d{args.duration}s",
            "--timeout",
            "10s",
            "-s",
            str(BENCH / "submit.lua"),
            url,
            "--",
            code,
            origin,
            prefix,
        ]
    )
    share = meter.stop(cpu)
    values = bench_values(text)
    seconds = wrk_seconds(text)
    acked_per_client = {
        int(t): int(n) for t, n in re.findall(r"^BENCH thread=(\d+) acked=(\d+)", text, re.M)
    }
    acked: set[str] = set()
    prepared: set[str] = set()
    retried = 0
    doubled: dict[str, int] = {}
    for t, lines in enumerate(drafts, start=1):
        tokens = [line.split()[3] for line in lines]
        prepared.update(tokens)
        answered = lines[: acked_per_client.get(t, 0)]
        acked.update(tokens[: len(answered)])
        retried += sum(1 for line in answered if line.endswith(" R"))
        for line in answered:
            if line.endswith(" D"):
                doubled[line.split()[3]] = doubled.get(line.split()[3], 0) + 1

    import psycopg

    with psycopg.connect(args.database_url) as connection:
        stored = connection.execute(
            "SELECT r.token, count(a.id), bool_or(r.flagged) FROM surveys_response r"
            " LEFT JOIN surveys_answer a ON a.response_id = r.id"
            " WHERE r.token = ANY(%s) GROUP BY r.id, r.token",
            [list(prepared)],
        ).fetchall()
    stored_tokens = [row[0] for row in stored]
    lost = len(acked - set(stored_tokens))
    duplicated = len(stored_tokens) - len(set(stored_tokens))
    incomplete = sum(1 for row in stored if row[1] != THEMES)
    flagged = sum(1 for row in stored if row[2])
    in_flight = len(set(stored_tokens) - acked)
    sends, errors = int(values["sends"]), int(values["errors"])
    stored_rate = len(stored_tokens) / seconds
    p = {q: int(values[f"p{q}"]) / 1000 for q in (50, 95, 99)}
    rate_ok = stored_rate >= TARGET_SUBMITS_PER_SECOND
    p99_ok = p[99] < TARGET_SUBMIT_P99_MS
    rows += [
        Row(
            "submit",
            f"responses stored/s ({sends / seconds:,.0f} sends/s)",
            f"{stored_rate:,.0f}",
            f">= {TARGET_SUBMITS_PER_SECOND}",
            rate_ok,
        ),
        Row(
            "submit",
            "latency p50 / p95 / p99 (ms)",
            f"{p[50]:.1f} / {p[95]:.1f} / {p[99]:.1f}",
            f"p99 < {TARGET_SUBMIT_P99_MS}",
            p99_ok,
        ),
        Row(
            "submit",
            "acknowledged / stored / sent twice, both answered",
            f"{len(acked):,} / {len(stored_tokens):,} / "
            f"{retried:,} retried, {sum(1 for n in doubled.values() if n == 2):,} doubled",
        ),
        Row(
            "submit",
            "lost / duplicated / without 14 answers",
            f"{lost} / {duplicated} / {incomplete}",
            "0 / 0 / 0",
            lost == duplicated == incomplete == 0,
        ),
        Row(
            "submit",
            "stored, not acknowledged at the stop / flagged",
            f"{in_flight} / {flagged:,}",
            f"<= {args.clients} / -",
            in_flight <= args.clients,
        ),
        Row(
            "submit",
            "answers other than 302 to thanks/",
            f"{errors} {values.get('first_error', '')}".strip(),
            "0",
            errors == 0,
        ),
        Row("submit", "CPU", share.line()),
        Row("submit", "CPU", "per request: " + share.per_request(sends / seconds)),
    ]
    if values.get("ran_out") not in (None, "0"):
        rows.append(Row("submit", "prepared drafts ran out: raise --max-rate", "yes", "no", False))
    return rows, all(row.met is not False for row in rows)


def print_table(rows: list[Row]) -> None:
    width = max(len(row.measure) for row in rows)
    value_width = min(60, max(len(row.value) for row in rows if row.measure != "CPU"))
    for row in rows:
        if row.measure == "CPU":
            print(f"  {row.phase:<7} CPU {row.value}")
            continue
        mark = {True: "ok", False: "MISSED", None: ""}[row.met]
        line = f"  {row.phase:<7} {row.measure:<{width}}  {row.value:>{value_width}}  "
        print(f"{line}{row.target:<12} {mark}".rstrip())


def main() -> int:
    args = parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: make install-bench (Debian's wrk)")
    postgres_ready(args.database_url)
    own_redis = None
    if not args.redis_url:
        own_redis, args.redis_url = redis_start()
    tmp = Path(tempfile.mkdtemp(prefix="soslokal-bench-"))
    env = app_env(args, tmp)
    rows: list[Row] = []
    ok = True
    started = time.monotonic()
    load = os.getloadavg()[0]
    try:
        print(f"setting up {database_name(args.database_url)} ...", flush=True)
        database_recreate(args.database_url)
        redis_flush(args.redis_url)
        soslokal(env, "migrate", "--noinput")
        soslokal(env, "collectstatic", "--noinput")
        soslokal(env, "demo")
        code = web_channel_code(args.database_url)
        bare_rate = None
        if not args.skip_bare:
            print("phase bare ...", flush=True)
            bare_rate = phase_bare(args, env, rows)
        server = Server(["soslokal.wsgi"], env, args)
        try:
            if server.get(f"/s/{code}/").status != 200:
                sys.exit("the survey start page does not answer 200")
            warm_up(args, code)
            if not args.skip_walk:
                print("phase walk ...", flush=True)
                walk_ok, _ = phase_walk(args, server, code, rows)
                ok &= walk_ok
            if not args.skip_submit:
                print("phase submit ...", flush=True)
                rollbacks_before = rollbacks(args.database_url)
                submit_rows, submit_ok = phase_submit(args, server, env, code, tmp)
                rows += submit_rows
                ok &= submit_ok
                if bare_rate:
                    stored = float(submit_rows[0].value.replace(",", ""))
                    rows.append(
                        Row(
                            "submit",
                            "stored submits per bare-view request",
                            f"{stored / bare_rate:.2f}",
                        )
                    )
        finally:
            server.stop()
        if not args.skip_submit:
            # Counted once the server's connections have closed and reported their statistics.
            met = rollbacks(args.database_url) - rollbacks_before
            rows.append(Row("submit", "transactions rolled back", f"{met:,}", "0", met == 0))
    finally:
        if not args.keep_db:
            database_recreate(args.database_url, drop_only=True)
            redis_flush(args.redis_url)
        if own_redis is not None:
            own_redis.terminate()
            own_redis.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
    print()
    print(
        f"SOSLOKAL intake benchmark: {args.clients} clients, {args.duration} s per phase, "
        f"gunicorn {args.workers} workers x {args.threads} threads, PostgreSQL, Redis cache; "
        f"{os.cpu_count()} cores, load average {load:.2f} before the run; "
        f"took {time.monotonic() - started:.0f} s"
    )
    print_table(rows)
    print("all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_prepare":
        prepare(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
        sys.exit(0)
    sys.exit(main())
