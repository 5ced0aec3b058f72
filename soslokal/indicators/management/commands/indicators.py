"""``soslokal indicators …``: official statistics in and out.

Each subcommand is one pair of functions below, one adding its arguments and one doing the work,
listed in ``SUBCOMMANDS``; ``Command`` only dispatches. ``inspect`` needs no database.
"""

import os
import sys
from argparse import ArgumentParser, _SubParsersAction
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError

from soslokal.indicators import jsonstat

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


# --- dispatch --------------------------------------------------------------------------------

Handler = Callable[[BaseCommand, dict[str, Any]], None]
Arguments = Callable[["_SubParsersAction[ArgumentParser]"], None]

SUBCOMMANDS: dict[str, tuple[Arguments, Handler]] = {
    "inspect": (inspect_arguments, inspect),
}


class Command(BaseCommand):
    help = "Official statistics: `inspect` prints a JSON-stat 2.0 file as tidy CSV."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        for add_arguments, _ in SUBCOMMANDS.values():
            add_arguments(actions)

    def handle(self, *args: Any, **options: Any) -> None:
        _, run = SUBCOMMANDS[options["action"]]
        run(self, options)
