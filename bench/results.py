"""Speed of survey results: a campaign of a million responses on PostgreSQL, 100,000 on SQLite.

Run from the project root after ``make install-bench`` (it adds DuckDB, for this script only)::

    .venv/bin/python bench/results.py [--responses 1000000] [--sqlite-responses 100000]

Each database runs in a process of its own (Django's settings are per process): SQLite in a
temporary folder (``--var-dir`` names one), PostgreSQL in a new database
``soslokal_results_bench`` on ``--pg`` (default ``postgresql://postgres@127.0.0.1:5432/``).
Both are removed at the end unless ``--keep`` (with ``--var-dir`` for SQLite); ``--reuse``
starts from kept ones instead of loading them again. ``--only postgres|sqlite`` runs one.
``--code DIR`` measures the ``soslokal`` package in DIR instead (another commit, unpacked with
``git archive COMMIT soslokal | tar -x -C DIR``), to compare before and after a change.

In each, it loads the demo framework, Skien with its population figures, three
neighbourhoods and a campaign asking ``neighbourhood``, ``age_band`` and ``gender``, then N
seeded responses with their answers (COPY on PostgreSQL, executemany on SQLite). The answers
follow the demo's simulation tables (``soslokal.demo.simulation``): shifts by area, age and
gender, "don't know", skipped themes, comments (some approved, one with a phone number), the
channels SMS, web, QR and paper, a few dozen group sessions, a few responses flagged as a
flood, and 4 % on the young people's version. Then it times, each ``--repeat`` times (min and
median):

- cold: the first ``result_counts`` after loading, which counts everything and stores the
  cells (a one-off cost per campaign, and again whenever a counted answer changes);
- the full results page, warm: the staff page through Django's test client, logged in, once
  for each breakdown (age band, gender, area), every request showing everyone, the weighted
  figures and its breakdown; the target is for the three requests together;
- the same after 1,000 more responses arrived (counted live on top of the stored cells), and
  the one request in every ``FOLD_AFTER`` arrivals that folds them into the stored cells;
- the XLSX files of a campaign of 100,000 responses: the aggregated results and one row per
  response (``--export-repeat`` times);
- DuckDB on the same generated data (from the same numpy arrays), overall and the three
  breakdowns (counts per group, theme and score), one row per answer and one row per response,
  and the ratio of our times to DuckDB's.

Prints a table with the targets and PASS/FAIL and exits non-zero when one is missed. The load
of the machine (``os.getloadavg``) and any gunicorn running beside it are printed with the
figures: another benchmark running at the same time makes every figure worse.
"""

import argparse
import datetime as dt
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/"
PG_DATABASE = "soslokal_results_bench"
CAMPAIGN = "Stedskompasset Skien (benchmark)"
EXPORT_CAMPAIGN = "Stedskompasset Skien (benchmark, 100 000)"
SEED = 4003

PAGE_TARGET = 1.0  # seconds, both databases: the page for overall + weighted + 3 breakdowns
EXPORT_TARGET = 20.0  # seconds, each XLSX file of 100,000 responses
EXPORT_RESPONSES = 100_000
TAIL = 1_000  # responses arriving after the count
BREAKDOWNS = ("age_band", "gender", "area")


# --------------------------------------------------------------------------------------------
# The generator: plain numpy, seeded, no Django.


@dataclass
class Batch:
    """N generated responses as columns; ``scores[i, t]`` is theme t+1: 1-7 a score, 0 "don't
    know", -1 skipped. ``comment[i, t]``: 0 none, 1 pending, 2 approved, 3 hidden."""

    ids: np.ndarray
    area: np.ndarray  # index into the area names, -1 none
    channel: np.ndarray  # index into CHANNELS
    youth: np.ndarray  # bool: the young people's version
    age: np.ndarray  # index into AGES, -1 not stated
    gender: np.ndarray  # index into GENDERS, -1 not stated
    language: np.ndarray  # index into LANGUAGES
    hour: np.ndarray  # hours after the survey opened
    flagged: np.ndarray
    participants: np.ndarray  # 0: not a group answer
    tokens: list[str]
    scores: np.ndarray
    comment: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)


AREAS = ("Gulset", "Klyve", "Falkum")
CHANNELS = ("sms", "web", "qr", "paper", "group")
AGES = ("13-15", "16-19", "20-44", "45-66", "67-79", "80+")
GENDERS = ("woman", "man", "other")
LANGUAGES = ("nb", "nn", "en")
THEMES = 14
OPENS = dt.datetime(2025, 3, 3, tzinfo=dt.UTC)


def _choice(rng: np.random.Generator, n: int, weights: dict[Any, float]) -> np.ndarray:
    keys = list(weights)
    p = np.array(list(weights.values()), dtype=float)
    return np.array(keys, dtype=object)[rng.choice(len(keys), size=n, p=p / p.sum())]


def _index(values: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    lookup = {name: i for i, name in enumerate(names)} | {"": -1}
    return np.array([lookup[v] for v in values], dtype=np.int16)


def _shift_matrix(table: dict[str, dict[int, float]], names: tuple[str, ...]) -> np.ndarray:
    """Rows by category (the last row for "not stated"), columns by theme."""
    matrix = np.zeros((len(names) + 1, THEMES))
    for i, name in enumerate(names):
        for theme, shift in table.get(name, {}).items():
            matrix[i, theme - 1] = shift
    return matrix


def generate(n: int, *, seed: int, first_id: int) -> Batch:
    """``n`` responses as the demo's simulation would give them, vectorised."""
    from soslokal.demo import simulation as sim

    rng = np.random.default_rng(seed)
    youth = rng.random(n) < 0.04
    mix = _choice(rng, n, {f"{a}|{g}": w for (a, g), w in sim.RESPONDENT_MIX.items()})
    age_names = np.array([m.split("|")[0] for m in mix], dtype=object)
    gender_names = np.array([m.split("|")[1] for m in mix], dtype=object)
    young = _choice(rng, n, {"13-15": 45.0, "16-19": 50.0, "": 5.0})
    age_names = np.where(youth, young, age_names)
    age, gender = _index(age_names, AGES), _index(gender_names, GENDERS)
    area = _index(_choice(rng, n, sim.AREA_MIX), AREAS)
    # Channels: older people more often on paper; the rest by SMS link, web link or QR poster.
    paper_share = np.full(n, 0.02)
    for band, share in sim.PAPER_SHARE_BY_AGE.items():
        paper_share[age == AGES.index(band)] = share
    screen = _index(_choice(rng, n, {"sms": 60.0, "web": 32.0, "qr": 8.0}), CHANNELS)
    channel = np.where(rng.random(n) < paper_share, CHANNELS.index("paper"), screen)
    # A few dozen group sessions at most, on the adult version, without background answers.
    participants = np.zeros(n, dtype=np.int16)
    sessions = rng.choice(n, size=min(60, max(3, n // 20_000)), replace=False)
    participants[sessions] = rng.integers(5, 15, size=len(sessions))
    channel[sessions], youth[sessions] = CHANNELS.index("group"), False
    age[sessions], gender[sessions] = -1, -1
    flagged = (rng.random(n) < 0.002) & (channel == CHANNELS.index("web"))
    language = _index(_choice(rng, n, sim.LANGUAGE_MIX), LANGUAGES)
    days = rng.integers(0, 28, size=n)
    hours = _choice(rng, n, sim.HOUR_WEIGHTS).astype(np.int64)
    # Scores: the theme's mean, shifted by area, age and gender, a person's leaning, noise.
    mean = np.array([sim.BASE_MEAN[t] for t in range(1, THEMES + 1)])
    shift = (
        _shift_matrix(sim.AREA_SHIFT, AREAS)[area]
        + _shift_matrix(sim.AGE_SHIFT, AGES)[age]
        + _shift_matrix(sim.GENDER_SHIFT, GENDERS)[gender]
    )
    person = rng.normal(0, sim.PERSON_SD, size=(n, 1))
    raw = mean + shift + person + rng.normal(0, sim.ANSWER_SD, size=(n, THEMES))
    scores = np.clip(np.rint(raw), 1, 7).astype(np.int8)
    dont_know = np.array([sim.DONT_KNOW.get(t, sim.DONT_KNOW_OTHERWISE) for t in range(1, 15)])
    extra = np.zeros((len(AGES) + 1, THEMES))
    for band, table in sim.DONT_KNOW_EXTRA_BY_AGE.items():
        for theme, p in table.items():
            extra[AGES.index(band), theme - 1] = p
    scores[rng.random((n, THEMES)) < dont_know + extra[age]] = 0
    scores[rng.random((n, THEMES)) < sim.SKIPPED] = -1
    # Comments: one respondent in seven on one theme; some approved, a few hidden.
    comment = np.zeros((n, THEMES), dtype=np.int8)
    commenting = np.flatnonzero(rng.random(n) < sim.COMMENTING)
    themes = rng.integers(0, THEMES, size=len(commenting))
    answered = scores[commenting, themes] >= 0
    status = rng.choice([1, 2, 3], size=len(commenting), p=[0.5, 0.4, 0.1])
    comment[commenting[answered], themes[answered]] = status[answered]
    high = rng.integers(0, 2**63, size=(n, 2), dtype=np.int64)
    return Batch(
        ids=first_id + np.arange(n, dtype=np.int64),
        area=area,
        channel=channel.astype(np.int16),
        youth=youth,
        age=age,
        gender=gender,
        language=language,
        hour=days * 24 + hours,
        flagged=flagged,
        participants=participants,
        tokens=[f"bench-{a:016x}{b:016x}" for a, b in high.tolist()],
        scores=scores,
        comment=comment,
    )


# --------------------------------------------------------------------------------------------
# Loading: the generated columns as rows of the real tables.


@dataclass
class Place:
    campaign_id: int
    area_ids: list[int]  # in the order of AREAS
    channel_ids: list[int]  # in the order of CHANNELS
    version: str


def _texts() -> tuple[dict[int, str], dict[int, str]]:
    from soslokal.demo import simulation as sim

    good = {t: sim.GOOD_NOW[t][0] for t in sim.GOOD_NOW}
    better = {t: sim.BETTER[t][0] for t in sim.BETTER}
    better[sim.PHONE_COMMENT[0]] = sim.PHONE_COMMENT[1]  # one with a phone number to mask
    return good, better


def _response_rows(batch: Batch, place: Place, backend: str) -> list[tuple[Any, ...]]:
    backgrounds = {
        (a, g): json.dumps(
            ({"age_band": AGES[a]} if a >= 0 else {}) | ({"gender": GENDERS[g]} if g >= 0 else {})
        )
        for a in range(-1, len(AGES))
        for g in range(-1, len(GENDERS))
    }
    stamp = "%Y-%m-%d %H:%M:%S" + ("+00" if backend == "postgres" else "")
    moments = [(OPENS + dt.timedelta(hours=h)).strftime(stamp) for h in range(28 * 24)]
    paper = CHANNELS.index("paper")
    rows = []
    for i, rid in enumerate(batch.ids.tolist()):
        ch = int(batch.channel[i])
        a = int(batch.area[i])
        p = int(batch.participants[i])
        rows.append(
            (
                rid,
                place.campaign_id,
                place.channel_ids[ch],
                place.area_ids[a] if a >= 0 else None,
                "youth" if batch.youth[i] else "adult",
                place.version,
                LANGUAGES[batch.language[i]],
                backgrounds[(int(batch.age[i]), int(batch.gender[i]))],
                batch.tokens[i],
                moments[batch.hour[i]],
                bool(batch.flagged[i]),
                f"B{rid}" if ch == paper else "",
                ch == paper,
                p or None,
                "",
            )
        )
    return rows


MODERATION = {1: "pending", 2: "approved", 3: "hidden"}


def _answer_rows(batch: Batch) -> list[tuple[Any, ...]]:
    good, better = _texts()
    rows = []
    ids = batch.ids.tolist()
    scores = batch.scores.tolist()
    comments = batch.comment.tolist()
    for rid, row, said in zip(ids, scores, comments, strict=True):
        for t, score in enumerate(row):
            if score < 0:
                continue
            c = said[t]
            if c:
                text_good, text_better = (good[t + 1], "") if score >= 5 else ("", better[t + 1])
                rows.append(
                    (rid, t + 1, score or None, score == 0, text_good, text_better, MODERATION[c])
                )
            else:
                rows.append((rid, t + 1, score or None, score == 0, "", "", "pending"))
    return rows


RESPONSE_COLUMNS = (
    "id, campaign_id, channel_id, area_id, instrument, instrument_version, language, "
    "background, token, submitted_hour, flagged, paper_ref, verified, participants, notes"
)
ANSWER_COLUMNS = "response_id, theme, score, dont_know, good_now, better, moderation"


def _copy_text(rows: list[tuple[Any, ...]]) -> str:
    def field(value: Any) -> str:
        if value is None:
            return "\\N"
        if value is True:
            return "t"
        if value is False:
            return "f"
        return str(value)

    return "".join("\t".join(field(v) for v in row) + "\n" for row in rows)


def load(batch: Batch, place: Place, backend: str, chunk: int = 100_000) -> None:
    """Store the batch: COPY on PostgreSQL, executemany in big transactions on SQLite."""
    from django.db import connection, transaction

    for start in range(0, len(batch), chunk):
        part = _slice(batch, start, start + chunk)
        responses, answers = _response_rows(part, place, backend), _answer_rows(part)
        with transaction.atomic(), connection.cursor() as cursor:
            if backend == "postgres":
                raw = cursor.cursor
                with raw.copy(f"COPY surveys_response ({RESPONSE_COLUMNS}) FROM STDIN") as copy:
                    copy.write(_copy_text(responses))
                with raw.copy(f"COPY surveys_answer ({ANSWER_COLUMNS}) FROM STDIN") as copy:
                    copy.write(_copy_text(answers))
            else:
                cursor.executemany(
                    f"INSERT INTO surveys_response ({RESPONSE_COLUMNS}) "  # noqa: S608
                    f"VALUES ({', '.join(['%s'] * 15)})",
                    responses,
                )
                cursor.executemany(
                    f"INSERT INTO surveys_answer ({ANSWER_COLUMNS}) "  # noqa: S608
                    f"VALUES ({', '.join(['%s'] * 7)})",
                    answers,
                )
    if backend == "postgres":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('surveys_response', 'id'), "
                "(SELECT MAX(id) FROM surveys_response))"
            )


def _slice(batch: Batch, start: int, stop: int) -> Batch:
    return Batch(
        **{
            name: value[start:stop]
            for name, value in vars(batch).items()
            if isinstance(value, np.ndarray | list)
        }
    )


def next_response_id() -> int:
    from django.db.models import Max

    from soslokal.surveys.models import Response

    return int(Response.objects.aggregate(last=Max("pk"))["last"] or 0) + 1


def analyze(backend: str) -> None:
    """What autovacuum (PostgreSQL) would have done by itself a while after a big load."""
    from django.db import connection

    with connection.cursor() as cursor:
        if backend == "postgres":
            for table in ("surveys_response", "surveys_answer"):
                cursor.execute(f"VACUUM ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")


# --------------------------------------------------------------------------------------------
# The municipality, the campaign and a staff user.


def place_setup(name: str) -> Place:
    from django.contrib.auth import get_user_model

    from soslokal.core.models import Area, Membership
    from soslokal.core.population import read_population_csv
    from soslokal.core.services import (
        area_upsert,
        membership_grant,
        municipality_upsert,
        population_replace,
    )
    from soslokal.demo.services import POPULATION_FILE, POPULATION_SOURCE
    from soslokal.framework.services import DEFAULT_FRAMEWORK_FILE, framework_load_file
    from soslokal.surveys.models import Campaign
    from soslokal.surveys.selectors import instrument_get
    from soslokal.surveys.services import campaign_create

    framework_load_file(path=DEFAULT_FRAMEWORK_FILE)
    municipality = municipality_upsert(
        number="4003", name="Skien", county_number="40", county_name="Telemark"
    )
    root = area_upsert(
        municipality=municipality, kind=Area.Kind.MUNICIPALITY, name="Skien", code="4003"
    )
    lines = POPULATION_FILE.read_text(encoding="utf-8").splitlines()
    population_replace(
        area=root, rows=read_population_csv(lines, region="Skien"), source=POPULATION_SOURCE
    )
    areas = [
        area_upsert(
            municipality=municipality,
            kind=Area.Kind.NEIGHBOURHOOD,
            name=area,
            parent=root,
            is_illustrative=True,
        )
        for area in AREAS
    ]
    campaign = Campaign.objects.filter(municipality=municipality, name=name).first()
    if campaign is None:
        campaign = campaign_create(
            municipality=municipality,
            name=name,
            areas=areas,
            instruments=["adult", "youth"],
            languages=list(LANGUAGES),
            background=["neighbourhood", "age_band", "gender"],
            opens_on=OPENS.date(),
            closes_on=OPENS.date() + dt.timedelta(days=27),
            channels={"sms": 400_000, "web": None, "qr": None, "paper": 30_000, "group": None},
        )
    user, _created = get_user_model().objects.get_or_create(username="bench-analyst")
    membership_grant(user=user, municipality=municipality, role=Membership.Role.ANALYST)
    channels = {channel.kind: channel.pk for channel in campaign.channels.all()}
    return Place(
        campaign_id=campaign.pk,
        area_ids=[area.pk for area in areas],
        channel_ids=[channels[kind] for kind in CHANNELS],
        version=instrument_get("adult").version,
    )


def campaign_trim(place: Place, keep: int) -> int:
    """A reused campaign back to its first ``keep`` responses and no stored counts; returns
    how many responses it holds."""
    from django.db import connection

    from soslokal.results.models import ResultCell, ResultState
    from soslokal.surveys.models import Response

    ids = Response.objects.filter(campaign_id=place.campaign_id).order_by("pk")
    first = ids.values_list("pk", flat=True).first()
    if first is not None:
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM surveys_answer WHERE response_id IN (SELECT id FROM surveys_response"
                " WHERE campaign_id = %s AND id >= %s)",
                [place.campaign_id, first + keep],
            )
            cursor.execute(
                "DELETE FROM surveys_response WHERE campaign_id = %s AND id >= %s",
                [place.campaign_id, first + keep],
            )
    ResultCell.objects.filter(campaign_id=place.campaign_id).delete()
    ResultState.objects.filter(campaign_id=place.campaign_id).delete()
    return Response.objects.filter(campaign_id=place.campaign_id).count()


# --------------------------------------------------------------------------------------------
# Timing.


def timed(
    action: Callable[[], object], repeat: int, before: Callable[[], object] | None = None
) -> list[tuple[float, float]]:
    """Seconds per run of ``action``, on the clock and on this process's CPU (``before`` runs
    untimed ahead of each)."""
    times = []
    for _ in range(repeat):
        if before:
            before()
        start, cpu = time.perf_counter(), time.process_time()
        action()
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    return times


def summary(times: list[tuple[float, float]]) -> dict[str, float]:
    """Min and median on the clock; median CPU time of this process (the database server's
    own work, on PostgreSQL, is not in it)."""
    clock = [wall for wall, _cpu in times]
    return {
        "min": min(clock),
        "median": statistics.median(clock),
        "cpu": statistics.median(cpu for _wall, cpu in times),
        "runs": len(times),
    }


def load_now() -> dict[str, object]:
    found = subprocess.run(
        ["/usr/bin/pgrep", "-fa", "gunicorn"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return {"load": [round(x, 2) for x in os.getloadavg()], "gunicorn": len(found.splitlines())}


def say(message: str) -> None:
    print(message, flush=True)


class Page:
    """The staff results page through Django's test client, as a logged-in analyst."""

    def __init__(self, place: Place) -> None:
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.urls import reverse

        self.client = Client()
        self.client.force_login(get_user_model().objects.get(username="bench-analyst"))
        self.url = reverse("results_staff:results", args=["4003", place.campaign_id])

    def get(self, breakdown: str) -> tuple[float, float]:
        """Seconds on the clock and on this process's CPU for one request."""
        start, cpu = time.perf_counter(), time.process_time()
        response = self.client.get(self.url, {"by": breakdown})
        elapsed = (time.perf_counter() - start, time.process_time() - cpu)
        if response.status_code != 200:
            raise SystemExit(f"the results page answered {response.status_code}")
        return elapsed

    def full(self) -> dict[str, tuple[float, float]]:
        """Every breakdown once: each request shows everyone, weighted and its breakdown."""
        times = {by: self.get(by) for by in BREAKDOWNS}
        total = (sum(wall for wall, _ in times.values()), sum(cpu for _, cpu in times.values()))
        return times | {"total": total}

    def queries(self, breakdown: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            self.get(breakdown)
        return len(captured.captured_queries)


def page_runs(page: Page, repeat: int) -> dict[str, Any]:
    runs = [page.full() for _ in range(repeat)]
    return {key: summary([run[key] for run in runs]) for key in (*BREAKDOWNS, "total")}


# --------------------------------------------------------------------------------------------
# DuckDB on the same generated data.


def duckdb_times(batch: Batch, repeat: int) -> dict[str, Any]:
    """Overall plus three breakdowns (counts per group, theme and score) of the adult
    individual answers not flagged, as the page needs them, in DuckDB: on one row per answer
    (the response's columns copied onto each answer) and on one row per response with 14
    score columns; and the count per cell that our cold count makes. Categories are stored as
    small integers, as our cells keep ids. Each in the fastest shape we found: one query with
    GROUPING SETS per answer; per response, one query per theme by the finest groups needed
    (age band x gender x area), the breakdowns then added up in Python as we do."""
    import duckdb

    connection = duckdb.connect()
    responses = {
        "id": batch.ids,
        "area": batch.area.astype(np.int8),
        "channel": batch.channel.astype(np.int8),
        "youth": batch.youth,
        "grouped": batch.participants > 0,
        "flagged": batch.flagged,
        "age_band": batch.age.astype(np.int8),
        "gender": batch.gender.astype(np.int8),
    }
    wide = responses | {f"s{t + 1}": batch.scores[:, t] for t in range(THEMES)}
    rows, themes = np.nonzero(batch.scores >= 0)
    long = {name: values[rows] for name, values in responses.items()} | {
        "theme": (themes + 1).astype(np.int8),
        "score": batch.scores[rows, themes],
    }
    started = time.perf_counter()
    connection.register("wide_frame", wide)
    connection.register("long_frame", long)
    connection.execute("CREATE TABLE wide AS SELECT * FROM wide_frame")
    connection.execute("CREATE TABLE long AS SELECT * FROM long_frame")
    loaded = time.perf_counter() - started
    where = "NOT youth AND NOT grouped AND NOT flagged"

    def per_answer() -> None:
        connection.execute(
            "SELECT age_band, gender, area, theme, score, count(*) FROM long "  # noqa: S608
            f"WHERE {where} GROUP BY GROUPING SETS ((theme, score), (age_band, theme, score), "
            "(gender, theme, score), (area, theme, score))"
        ).fetchall()

    def per_response() -> None:
        for theme in range(1, THEMES + 1):
            found = connection.execute(
                f"SELECT age_band, gender, area, s{theme}, count(*) FROM wide "  # noqa: S608
                f"WHERE {where} AND s{theme} >= 0 GROUP BY ALL"
            ).fetchall()
            totals: dict[tuple[str, int, int], int] = {}
            for age, gender, area, score, count in found:
                for group in (("", 0), ("age_band", age), ("gender", gender), ("area", area)):
                    key = (*group, score)
                    totals[key] = totals.get(key, 0) + count

    def cells() -> None:
        connection.execute(
            "SELECT area, channel, youth, grouped, flagged, age_band, gender, theme, score, "
            "count(*) FROM long GROUP BY ALL"
        ).fetchall()

    found = {
        "rows_long": len(rows),
        "load": loaded,
        "long": summary(timed(per_answer, repeat)),
        "wide": summary(timed(per_response, repeat)),
        "cells": summary(timed(cells, repeat)),
        "threads": connection.execute("SELECT current_setting('threads')").fetchone()[0],
    }
    connection.close()
    return found


# --------------------------------------------------------------------------------------------
# One database, in a process of its own.


def configure(backend: str, var_dir: Path, pg: str) -> None:
    os.environ.pop("DATABASE_URL", None)
    if backend == "postgres":
        os.environ["DATABASE_URL"] = pg.rstrip("/") + "/" + PG_DATABASE
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "soslokal.settings",
            "SOSLOKAL_VAR_DIR": str(var_dir),
            "SOSLOKAL_ALLOWED_HOSTS": "testserver",
            "SOSLOKAL_LOG_LEVEL": "WARNING",
            "SOSLOKAL_DEBUG": "false",
        }
    )
    import django

    django.setup()


def database_name() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
        cursor.execute("SELECT sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"


def pg_database(pg: str, *, drop: bool, create: bool) -> bool:
    """Drop and/or create the benchmark database; returns whether it existed."""
    import psycopg

    with psycopg.connect(pg.rstrip("/") + "/postgres", autocommit=True) as admin:
        exists = bool(
            admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_DATABASE]).fetchone()
        )
        if drop and exists:
            admin.execute(f"DROP DATABASE {PG_DATABASE} WITH (FORCE)")
        if create and (drop or not exists):
            admin.execute(f"CREATE DATABASE {PG_DATABASE}")
    return exists


def worker(args: argparse.Namespace) -> dict[str, Any]:
    backend, n = args.backend, args.n
    found: dict[str, Any] = {"backend": backend, "responses": n, "load_start": load_now()}
    with tempfile.TemporaryDirectory(prefix="soslokal-rbench-") as folder:
        var_dir = Path(args.var_dir or folder)
        if backend == "postgres":
            reuse = args.reuse and pg_database(args.pg, drop=False, create=True)
            if not reuse:
                pg_database(args.pg, drop=True, create=True)
        else:
            reuse = args.reuse and (var_dir / "soslokal.sqlite3").exists()
        configure(backend, var_dir, args.pg)
        from django.core.management import call_command
        from django.db import connection

        import soslokal
        from soslokal.results import exports
        from soslokal.results.figures import campaign_figures
        from soslokal.results.models import ResultCell, ResultState
        from soslokal.results.services import FOLD_AFTER, result_counts
        from soslokal.surveys.models import Campaign

        call_command("migrate", verbosity=0)
        found["database"] = database_name()
        found["code"] = str(Path(soslokal.__file__).parent)
        place = place_setup(CAMPAIGN)
        held = campaign_trim(place, n) if reuse else 0
        if held:
            analyze(backend)  # as autovacuum would have, long after the last run
        started = time.perf_counter()
        batch = generate(n, seed=SEED, first_id=next_response_id())
        found["generate"] = time.perf_counter() - started
        if held != n:
            campaign_trim(place, 0)
            say(f"[{backend}] loading {n:,} responses ...")
            started = time.perf_counter()
            load(batch, place, backend)
            found["load"] = time.perf_counter() - started
            started = time.perf_counter()
            analyze(backend)
            found["analyze"] = time.perf_counter() - started
            say(f"[{backend}] loaded in {found['load']:.1f} s (+ analyze {found['analyze']:.1f} s)")
        else:
            say(f"[{backend}] reusing the {n:,} responses loaded before")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM surveys_answer a JOIN surveys_response r "
                "ON r.id = a.response_id WHERE r.campaign_id = %s",
                [place.campaign_id],
            )
            found["answers"] = cursor.fetchone()[0]
        campaign = Campaign.objects.get(pk=place.campaign_id)

        def forget() -> None:
            ResultCell.objects.filter(campaign=campaign).delete()
            ResultState.objects.filter(campaign=campaign).delete()

        say(f"[{backend}] cold count ...")
        found["cold"] = summary(timed(lambda: result_counts(campaign), args.repeat, forget))
        found["cells"] = ResultCell.objects.filter(campaign=campaign).count()
        say(f"[{backend}] cold count: {found['cold']['min']:.2f} s, {found['cells']:,} cell rows")
        page = Page(place)
        page.full()  # warm up Python: templates, translations, instruments
        found["queries"] = page.queries("age_band")
        found["warm"] = page_runs(page, args.repeat)
        say(f"[{backend}] warm page: {found['warm']['total']['median']:.3f} s for three")
        found["figures"] = summary(
            timed(
                lambda: [campaign_figures(campaign, breakdown=by) for by in BREAKDOWNS],
                args.repeat,
            )
        )

        # The files, on a campaign of 100,000 responses.
        if n == EXPORT_RESPONSES:
            exported = campaign
        else:
            other = place_setup(EXPORT_CAMPAIGN)
            if campaign_trim(other, EXPORT_RESPONSES) != EXPORT_RESPONSES:
                campaign_trim(other, 0)
                say(f"[{backend}] loading {EXPORT_RESPONSES:,} responses to export ...")
                load(
                    generate(EXPORT_RESPONSES, seed=SEED + 1, first_id=next_response_id()),
                    other,
                    backend,
                )
                analyze(backend)
            exported = Campaign.objects.get(pk=other.campaign_id)
        say(f"[{backend}] exports ...")
        sizes: dict[str, int] = {}

        def aggregated() -> None:
            sizes["aggregated"] = len(exports.to_xlsx(exports.aggregated_tables(exported)))

        def records() -> None:
            sizes["records"] = len(exports.to_xlsx([exports.record_table(exported)]))

        result_counts(exported)
        found["xlsx_aggregated"] = summary(timed(aggregated, args.repeat))
        found["xlsx_records"] = summary(timed(records, args.export_repeat))
        found["xlsx_bytes"] = sizes

        # 1,000 responses more, counted live on top of the stored cells.
        tail = generate(TAIL, seed=SEED + 2, first_id=next_response_id())
        load(tail, place, backend)
        found["tail"] = page_runs(page, args.repeat)
        say(f"[{backend}] after {TAIL:,} more: {found['tail']['total']['median']:.3f} s")

        # The one request in FOLD_AFTER arrivals that stores the live counts.
        fold_times = []
        for round_ in range(args.repeat):
            load(
                generate(FOLD_AFTER + 1, seed=SEED + 3 + round_, first_id=next_response_id()),
                place,
                backend,
            )
            fold_times.append(page.get("age_band"))
        found["fold"] = summary(fold_times)
        found["fold_after"] = FOLD_AFTER
        found["duckdb"] = duckdb_times(batch, args.repeat)
        found["load_end"] = load_now()
        if not args.keep:
            campaign_trim(place, n)
    if backend == "postgres" and not args.keep:
        from django.db import connections

        connections.close_all()
        pg_database(args.pg, drop=True, create=False)
    return found


# --------------------------------------------------------------------------------------------
# The report.


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(results: list[dict[str, Any]]) -> int:
    failed = 0
    say("\n== Survey results: speed ==")
    for r in results:
        db, n = r["backend"], r["responses"]
        say(f"\n-- {r['database']}: {n:,} responses, {r['answers']:,} answers in the campaign --")
        say(f"code measured: {r['code']}")
        say(
            f"machine load (1/5/15 min) at start {r['load_start']['load']}, "
            f"at end {r['load_end']['load']}; gunicorn processes at start "
            f"{r['load_start']['gunicorn']}, at end {r['load_end']['gunicorn']}"
        )
        if "load" in r:
            say(
                f"generate {r['generate']:.1f} s, load {r['load']:.1f} s "
                f"(+ {'VACUUM ANALYZE' if db == 'postgres' else 'ANALYZE'} {r['analyze']:.1f} s)"
            )
        say(f"stored cell rows: {r['cells']:,}; queries per page request: {r['queries']}")
        header = f"{'measure':<58}{'min':>9}{'median':>9}{'cpu':>9}{'target':>9}  result"
        say(header)
        say("-" * len(header))

        def line(label: str, s: dict[str, float], target: float | None = None) -> None:
            nonlocal failed
            result = ""
            if target is not None:
                ok = s["median"] < target
                failed += not ok
                result = verdict(ok)
            shown = f"{target:>8.1f}s" if target is not None else f"{'':>9}"
            times = f"{s['min']:>8.3f}s{s['median']:>8.3f}s{s['cpu']:>8.3f}s"
            say(f"{label:<58}{times}{shown}  {result}")

        line("cold: first result_counts (count all, store cells)", r["cold"])
        for by in BREAKDOWNS:
            line(f"  page ?by={by} (everyone + weighted + {by})", r["warm"][by])
        line("full results page: the three requests together", r["warm"]["total"], PAGE_TARGET)
        line("  campaign_figures x3 (no view, no template)", r["figures"])
        line(f"after {TAIL:,} more responses: the three requests", r["tail"]["total"], PAGE_TARGET)
        line(f"  the request that folds {r['fold_after'] + 1:,} new responses", r["fold"])
        line("XLSX aggregated results, 100,000 responses", r["xlsx_aggregated"], EXPORT_TARGET)
        line("XLSX one row per response, 100,000 responses", r["xlsx_records"], EXPORT_TARGET)
        duck = r["duckdb"]
        say(
            f"DuckDB {duck.get('version', '')} ({duck['threads']} threads), the same "
            f"{n:,} responses ({duck['rows_long']:,} answers), loaded in {duck['load']:.1f} s:"
        )
        line("  DuckDB overall + 3 breakdowns, one row per answer", duck["long"])
        line("  DuckDB overall + 3 breakdowns, one row per response", duck["wide"])
        line("  DuckDB count per cell (what our cold count makes)", duck["cells"])
        ours = r["warm"]["total"]["median"]
        say(
            f"ratio ours/DuckDB, page (3 requests) vs overall + 3 breakdowns: "
            f"{ours / duck['long']['median']:.2f} (one row per answer), "
            f"{ours / duck['wide']['median']:.2f} (one row per response)"
        )
        say(
            f"ratio ours/DuckDB, cold count vs count per cell: "
            f"{r['cold']['median'] / duck['cells']['median']:.2f}"
        )
    say(f"\n{'All targets met.' if not failed else f'{failed} targets missed.'}")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--responses", type=int, default=1_000_000, help="on PostgreSQL")
    parser.add_argument("--sqlite-responses", type=int, default=100_000, help="on SQLite")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--export-repeat", type=int, default=3)
    parser.add_argument("--pg", default=PG_DEFAULT, help="PostgreSQL server, no database name")
    parser.add_argument("--only", choices=["postgres", "sqlite"])
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument("--reuse", action="store_true", help="start from kept databases")
    parser.add_argument("--var-dir", help="SQLite folder (to --keep or --reuse it)")
    parser.add_argument(
        "--code",
        help="measure the soslokal package in this folder instead (another commit, e.g. from "
        "`git archive COMMIT soslokal | tar -x -C DIR`), to compare before and after",
    )
    # Internal: run one database in this process.
    parser.add_argument("--backend", choices=["postgres", "sqlite"], help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if importlib.util.find_spec("duckdb") is None:
        sys.exit("DuckDB, which this script compares with, is not installed: make install-bench")
    if args.code:
        sys.path.insert(0, str(Path(args.code).resolve()))
    if args.backend:
        found = worker(args)
        import duckdb

        found["duckdb"]["version"] = duckdb.__version__
        Path(args.out).write_text(json.dumps(found))
        return 0
    say(f"machine: {os.cpu_count()} cores, load {load_now()}")
    results = []
    plan = [("sqlite", args.sqlite_responses), ("postgres", args.responses)]
    for backend, n in plan:
        if args.only and backend != args.only:
            continue
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            command = [
                sys.executable,
                __file__,
                "--backend",
                backend,
                "--n",
                str(n),
                "--out",
                out.name,
                "--repeat",
                str(args.repeat),
                "--export-repeat",
                str(args.export_repeat),
                "--pg",
                args.pg,
                *(["--keep"] if args.keep else []),
                *(["--reuse"] if args.reuse else []),
                *(["--var-dir", args.var_dir] if args.var_dir and backend == "sqlite" else []),
                *(["--code", args.code] if args.code else []),
            ]
            subprocess.run(command, check=True, cwd=PROJECT)  # noqa: S603
            results.append(json.loads(Path(out.name).read_text()))
    return report(results)


if __name__ == "__main__":
    sys.exit(main())
