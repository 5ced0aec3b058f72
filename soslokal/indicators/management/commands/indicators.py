"""``soslokal indicators inspect|catalogue|import|fetch``: official statistics in and out.

Each subcommand is one pair of functions below, one adding its arguments and one doing the work,
listed in ``SUBCOMMANDS``; ``Command`` only dispatches. The work itself is in
``soslokal.indicators.importing`` and ``services``, so the same runs can be started from
elsewhere. ``inspect`` needs no database."""

import getpass
import os
import sys
from argparse import ArgumentParser, _SubParsersAction
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError

from soslokal.indicators import jsonstat
from soslokal.indicators.catalogue import CatalogueError
from soslokal.indicators.importing import (
    DEFAULT_PERIODS,
    fetch,
    fetch_region_changes,
    import_path,
)
from soslokal.indicators.models import ImportRun
from soslokal.indicators.services import DEFAULT_CATALOGUE_FILE, catalogue_load_file

# --- inspect FILE ----------------------------------------------------------------------------


def inspect_arguments(actions: "_SubParsersAction[ArgumentParser]") -> None:
    parser = actions.add_parser(
        "inspect",
        help="Print a JSON-stat 2.0 file as tidy CSV: one column per dimension, value, status.",
    )
    parser.add_argument("file", help="A JSON-stat 2.0 file; - reads standard input.")


def inspect(command: BaseCommand, options: dict[str, Any]) -> None:
    name: str = options["file"]
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as error:
        raise CommandError(f"{name}: {error.strerror or error}") from error
    try:
        dataset = jsonstat.parse(data)
    except jsonstat.JsonStatError as error:
        raise CommandError(f"{name}: {error}") from error
    try:
        jsonstat.to_csv(dataset, cast(TextIO, command.stdout))
    except BrokenPipeError:
        # The reader stopped early (`… | head`): not an error. Point stdout at /dev/null so the
        # interpreter's final flush does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


# --- catalogue [FILE] ------------------------------------------------------------------------


def catalogue_arguments(actions: "_SubParsersAction[ArgumentParser]") -> None:
    parser = actions.add_parser("catalogue", help="Check and load the indicator catalogue.")
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_CATALOGUE_FILE)


def catalogue(command: BaseCommand, options: dict[str, Any]) -> None:
    path: Path = options["file"]
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    try:
        result = catalogue_load_file(path=path)
    except CatalogueError as error:
        raise CommandError(
            "The catalogue was not loaded; nothing changed.\n"
            + "\n".join(f"  {error.origin}, {problem}" for problem in error.problems)
        ) from error
    if result.changed:
        command.stdout.write(command.style.SUCCESS(f"Loaded catalogue {result.version.version}."))
    else:
        command.stdout.write(f"Catalogue {result.version.version} is already loaded.")


# --- import FILE, fetch ----------------------------------------------------------------------


def import_arguments(actions: "_SubParsersAction[ArgumentParser]") -> None:
    parser = actions.add_parser(
        "import", help="Import a file, or every Telemark snapshot file in a folder."
    )
    parser.add_argument("file", type=Path)
    parser.add_argument("--indicator", help="The catalogue id the file's figures are for.")


def import_(command: BaseCommand, options: dict[str, Any]) -> None:
    runs = import_path(path=options["file"], indicator=options["indicator"], who=_who())
    _report(command, runs)


def fetch_arguments(actions: "_SubParsersAction[ArgumentParser]") -> None:
    parser = actions.add_parser("fetch", help="Fetch figures from the SSB and FHI APIs.")
    parser.add_argument("--indicator", action="append", default=[], dest="indicators")
    parser.add_argument("--periods", type=int, default=DEFAULT_PERIODS)
    parser.add_argument(
        "--regions", action="store_true", help="Fetch code changes from KLASS first."
    )


def fetch_(command: BaseCommand, options: dict[str, Any]) -> None:
    runs: list[ImportRun] = []
    if options["regions"]:
        runs.append(fetch_region_changes(who=_who()))
    runs += fetch(indicators=options["indicators"], periods=options["periods"], who=_who())
    _report(command, runs)


def _who() -> str:
    return f"{getpass.getuser()} (command line)"


def _report(command: BaseCommand, runs: list[ImportRun]) -> None:
    failed = [run for run in runs if run.status == ImportRun.Status.FAILED]
    for run in runs:
        if run.status == ImportRun.Status.SUCCEEDED:
            flagged = f", {run.rows_flagged} flagged" if run.rows_flagged else ""
            command.stdout.write(
                command.style.SUCCESS(
                    f"{run.what}: stored {run.rows_stored} rows{flagged} (import run {run.pk})"
                )
            )
            for note in run.notes:
                command.stdout.write(f"  {note}")
        else:
            command.stderr.write(f"{run.what}: nothing stored (import run {run.pk})")
            for error in run.errors[:50]:
                command.stderr.write(f"  {error}")
            if len(run.errors) > 50:
                command.stderr.write(f"  … and {len(run.errors) - 50} more")
    if failed:
        raise CommandError(f"{len(failed)} of {len(runs)} imports failed; see above.")


# --- dispatch --------------------------------------------------------------------------------

Handler = Callable[[BaseCommand, dict[str, Any]], None]
Arguments = Callable[["_SubParsersAction[ArgumentParser]"], None]

SUBCOMMANDS: dict[str, tuple[Arguments, Handler]] = {
    "inspect": (inspect_arguments, inspect),
    "catalogue": (catalogue_arguments, catalogue),
    "import": (import_arguments, import_),
    "fetch": (fetch_arguments, fetch_),
}


class Command(BaseCommand):
    help = (
        "Official statistics: `inspect` prints a JSON-stat 2.0 file as tidy CSV; `catalogue` "
        "loads the indicator catalogue; `import` reads files (JSON-stat2, the CSV or XLSX "
        "template, the Telemark snapshot); `fetch` reads the SSB and FHI APIs."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        for add_arguments, _ in SUBCOMMANDS.values():
            add_arguments(actions)

    def handle(self, *args: Any, **options: Any) -> None:
        _, run = SUBCOMMANDS[options["action"]]
        run(self, options)
